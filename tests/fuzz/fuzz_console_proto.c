/*
 * libFuzzer target: the console holder's frame decoder and message parsers
 * (lib/console/proto.c) on a stream of frames as a client may send it, and
 * the detach filter on the same bytes taken as keystrokes. A decoded frame
 * must encode back to the same bytes; a parsed hello to an equal hello.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "console/detach.h"
#include "console/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_frame(const struct console_msg *m, const uint8_t *raw, size_t used)
{
	unsigned char buf[CONSOLE_FRAME_MAX];
	struct console_hello h, h2;
	struct console_msg m2;
	unsigned rows, cols;
	uint64_t bytes;
	size_t used2;
	int n;

	n = console_msg_encode(buf, sizeof buf, m->type, m->payload, m->len);
	if (n < 0 || (size_t)n != used || memcmp(buf, raw, used))
		abort();
	switch (m->type) {
	case CONSOLE_MSG_HELLO:
		if (console_hello_parse(m, &h))
			break;
		n = console_hello_encode(buf, sizeof buf, &h);
		if (n < 0 || console_msg_decode(buf, (size_t)n, &m2, &used2) || !used2 ||
		    console_hello_parse(&m2, &h2) || h2.ctid != h.ctid ||
		    h2.mode != h.mode || strcmp(h2.who, h.who))
			abort();
		break;
	case CONSOLE_MSG_WINSZ:
		if (!console_winsz_parse(m, &rows, &cols) &&
		    (!rows || !cols || rows > 1000 || cols > 1000))
			abort();
		break;
	case CONSOLE_MSG_DROPPED:
		console_dropped_parse(m, &bytes);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct console_detach d;
	struct console_msg m;
	char *out;
	size_t off = 0, used, half = size / 2, n;
	int detached = 0;

	while (off < size && !console_msg_decode(data + off, size - off, &m, &used) && used) {
		if (used < CONSOLE_HDR_LEN || used > size - off)
			abort();
		check_frame(&m, data + off, used);
		off += used;
	}
	out = malloc(size + 1);
	if (!out)
		return 0;
	console_detach_init(&d);
	n = console_detach_feed(&d, (const char *)data, half, out, &detached);
	if (n > half + 1)
		abort();
	if (!detached && console_detach_feed(&d, (const char *)data + half, size - half, out,
					     &detached) > size - half + 1)
		abort();
	free(out);
	return 0;
}
