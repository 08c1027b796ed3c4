#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../wire.h"
#include "base/json.h"
#include "base/log.h"
#include "clock.h"
#include "conns.h"
#include "events.h"
#include "netproc.h"

struct event {
	uint64_t id;
	unsigned cls;
	char name[16];
	char *data;
};

static struct {
	uint64_t base, next;		/* id = base | counter */
	struct event ring[EVENTS_RING];
	unsigned n;			/* events ever kept */
	uint64_t evicted;		/* the newest event gone from the ring, 0: none */
	struct wire_out out;
} ev;

static const struct {
	const char *name;
	unsigned bit;
} classes[] = {
	{ "ct", EVENT_CT }, { "task", EVENT_TASK }, { "templates", EVENT_TEMPLATE },
	{ "service", EVENT_SERVICE }, { "stats", EVENT_STATS },
};

void events_init(void)
{
	ev.base = (uint64_t)(clock_unix_ms() / 1000) << 32;
	ev.next = 1;
}

unsigned events_classes(const char *names)
{
	unsigned bits = 0, i;
	const char *p = names;
	size_t len;

	if (!names || !*names)
		return EVENT_ALL;
	while (*p) {
		len = strcspn(p, ",");
		for (i = 0; i < sizeof classes / sizeof classes[0]; i++)
			if (strlen(classes[i].name) == len && !strncmp(p, classes[i].name, len))
				break;
		if (i == sizeof classes / sizeof classes[0])
			return 0;
		bits |= classes[i].bit;
		p += len + (p[len] == ',');
	}
	return bits;
}

static void event_send(uint32_t conn, uint64_t id, unsigned cls, const char *name,
		       const char *data)
{
	wire_begin(&ev.out, WIRE_EVENT, 0, conn, 0);
	wire_add_u64(&ev.out, WF_EVENT_ID, id);
	wire_add_u32(&ev.out, WF_SCOPE, cls);
	wire_add_str(&ev.out, WF_EVENT, name);
	wire_add_str(&ev.out, WF_DATA, data);
	netproc_send(&ev.out, -1);
}

/* Event id is not in the ring (any more): a replay from before it resets. */
static void forgotten(uint64_t id)
{
	if (id > ev.evicted)
		ev.evicted = id;
}

void events_emit(unsigned cls, const char *name, const char *data)
{
	uint64_t id = ev.base | ev.next++;
	size_t len = strlen(data);
	struct event *e;
	char *copy = NULL;

	if (len > EVENT_WIRE_MAX) {
		log_warn("event %s: %zu bytes of data, more than one wire message: not sent", name, len);
		if (cls != EVENT_STATS)
			forgotten(id);
		return;
	}
	/* the ring keeps what a reconnecting stream must not miss, at most
	   EVENT_DATA_MAX each; a newer sample replaces missed statistics */
	if (cls != EVENT_STATS && (len >= EVENT_DATA_MAX || !(copy = strdup(data))))
		forgotten(id);
	if (copy) {
		e = &ev.ring[ev.n++ % EVENTS_RING];
		if (e->data)
			forgotten(e->id);
		free(e->data);
		e->id = id;
		e->cls = cls;
		strncpy(e->name, name, sizeof e->name - 1);
		e->data = copy;
	}
	if (conns_count(CONN_STREAM))
		event_send(0, id, cls, name, data);
}

void events_emit_json(unsigned cls, const char *name, events_json_fn *fn, const void *arg)
{
	char *text = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		log_warn("event %s: %s", name, "out of memory");
		return;
	}
	json_init(&j, f);
	fn(&j, arg);
	json_finish(&j);
	if (fclose(f) == 0 && len) {
		text[len - 1] = 0;	/* the newline json_finish ends with */
		events_emit(cls, name, text);
	} else {
		log_warn("event %s: %s", name, "out of memory");
	}
	free(text);
}

void events_replay(uint32_t conn, uint64_t last_id, unsigned cls)
{
	unsigned first = ev.n > EVENTS_RING ? ev.n - EVENTS_RING : 0, i;

	if (!last_id)
		return;
	if ((last_id & ~0xffffffffULL) != ev.base || last_id < ev.evicted) {
		event_send(conn, ev.base | (ev.next - 1), EVENT_ALL, "reset", "{}");
		return;
	}
	for (i = first; i < ev.n; i++) {
		const struct event *e = &ev.ring[i % EVENTS_RING];

		if (e->id > last_id && (e->cls & cls))
			event_send(conn, e->id, e->cls, e->name, e->data);
	}
}
