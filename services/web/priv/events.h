#ifndef VZHOST_WEB_EVENTS_H
#define VZHOST_WEB_EVENTS_H

#include <stdint.h>

/*
 * Server-sent events (GET /api/v1/events): each event has an id, a name
 * and JSON data, and a class a stream may or may not see. The last
 * EVENTS_RING are kept for Last-Event-ID. Ids are the priv process's start
 * time (Unix seconds) in the high 32 bits and a counter below, so an id
 * from before a restart of priv is told apart: such a stream gets a
 * "reset" event (reload everything) instead of a replay.
 */

#define EVENTS_RING 256
#define EVENT_DATA_MAX 4096		/* kept in the ring for replays */
#define EVENT_WIRE_MAX 59000		/* sent at all: the name and id fit too */

enum {
	EVENT_CT = 1u << 0,		/* "ct": a container's state or config; "ct-deleted" */
	EVENT_TASK = 1u << 1,		/* "task": a task changed */
	EVENT_TEMPLATE = 1u << 2,	/* "templates": the template list changed */
	EVENT_SERVICE = 1u << 3,	/* "service": a node service's state */
	EVENT_STATS = 1u << 4,		/* "stats": the latest sample, every 10 s */
	EVENT_ALL = 0x1fu,
};

void events_init(void);
struct json;
typedef void events_json_fn(struct json *j, const void *arg);

/* An event to every stream that may see cls (and into the ring). */
void events_emit(unsigned cls, const char *name, const char *data);
/* The same with the JSON fn writes (one value) as the data. */
void events_emit_json(unsigned cls, const char *name, events_json_fn *fn, const void *arg);
/* The class bits of names like "ct,task" (NULL or "": all): 0 if one is unknown. */
unsigned events_classes(const char *names);
/* A new stream on conn: replays what it missed since last_id (0: nothing). */
void events_replay(uint32_t conn, uint64_t last_id, unsigned classes);

#endif
