#ifndef VZHOST_WEB_HTTP_WS_CONTROL_H
#define VZHOST_WEB_HTTP_WS_CONTROL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The browser's control messages on a console WebSocket (text frames,
 * docs/web-design.md): {"type":"resize","rows":R,"cols":C} and
 * {"type":"ack","bytes":N}, N the console output bytes the page consumed
 * since its last ack. A flat JSON object with exactly the members its type
 * needs; no escapes, no other keys, none twice.
 */

#define WS_CONTROL_TEXT_MAX 256
#define WS_WINSZ_MAX 1000	/* rows and columns, as the console holder takes them */

enum ws_control_type {
	WS_CONTROL_RESIZE = 1,
	WS_CONTROL_ACK,
};

struct ws_control {
	enum ws_control_type type;
	unsigned rows, cols;
	uint64_t bytes;
};

/* The message in p[0..n): 0, or -1 with *why. */
int ws_control_parse(const char *p, size_t n, struct ws_control *c, const char **why);

#endif
