#include <stdlib.h>
#include <string.h>

#include "../wire.h"
#include "api.h"
#include "conns.h"
#include "events.h"
#include "netproc.h"

/*
 * GET /api/v1/events[?types=ct,task,templates,service,stats]: the
 * connection becomes a server-sent event stream (WIRE_EVENTS); what it
 * missed since Last-Event-ID is replayed, then it gets every event of its
 * types as it happens.
 */
void api_events(struct req *q)
{
	static struct wire_out o;
	char types[64] = "";
	struct conn_ref *ref;
	unsigned cls;
	uint64_t last = 0;
	char *end;

	if (req_query(q, "types", types, sizeof types) < 0 || !(cls = events_classes(types))) {
		reply_error(q->conn, q->id, 400, "bad_value", "types",
			    "types: expected some of ct, task, templates, service, stats");
		return;
	}
	if (q->last_event_id[0]) {
		last = strtoull(q->last_event_id, &end, 10);
		if (*end)
			last = 0;
	}
	ref = conns_add(q, CONN_STREAM);
	if (!ref) {
		reply_busy(q->conn, q->id, 503, 10, "%d event streams are open; try again later",
			   CONNS_STREAMS_MAX);
		return;
	}
	ref->events = cls;
	wire_begin(&o, WIRE_EVENTS, 0, q->conn, q->id);
	wire_add_u32(&o, WF_SCOPE, cls);
	netproc_send(&o, -1);
	events_replay(q->conn, last, cls);
}
