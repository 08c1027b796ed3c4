/*
 * Server-sent events: once priv has accepted a GET of its event stream
 * (WIRE_EVENTS with the classes it may see) the connection answers 200
 * text/event-stream, delimited by its close, and carries every WIRE_EVENT
 * of its classes (broadcast, conn 0) and the replay priv sends to it
 * alone. A stream falling more than NET_STREAM_OUT_MAX behind is cut (the
 * browser reconnects with Last-Event-ID); a comment every 20 s keeps
 * proxies from timing it out. What the client sends is read and dropped.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "netd.h"

void sse_start(struct conn *c, uint32_t scope)
{
	static const char *const hdr[] = { "Content-Type: text/event-stream",
					   "Cache-Control: no-store", "X-Accel-Buffering: no" };
	static const char hello[] = "retry: 3000\n\n";

	c->keep_alive = 0;
	resp_head(c, 200, hdr, 3, RESP_UNFRAMED, 0);
	conn_send(c, hello, sizeof hello - 1);
	conn_in_cut(c, 0, c->head_len);
	conn_in_free_if_empty(c);
	c->head_len = 0;
	c->scope = scope;
	c->last_ping = net.now;
	conn_set_state(c, CS_SSE);
}

/* "data: " lines for each line of the event's data. */
static int sse_data(struct conn *c, const struct wire_field *d)
{
	const unsigned char *p = d ? d->val : (const unsigned char *)"", *nl;
	size_t left = d ? d->len : 0, n;

	do {
		nl = memchr(p, '\n', left);
		n = nl ? (size_t)(nl - p) : left;
		if (conn_send(c, "data: ", 6) < 0 || conn_send(c, p, n) < 0 ||
		    conn_send(c, "\n", 1) < 0)
			return -1;
		p += n + (nl != NULL);
		left -= n + (nl != NULL);
	} while (nl);
	return conn_send(c, "\n", 1);
}

static void sse_send(struct conn *c, uint64_t id, const char *name, const struct wire_field *d)
{
	char head[160];

	snprintf(head, sizeof head, "id: %" PRIu64 "\nevent: %s\n", id, name);
	if (c->out_bytes > NET_STREAM_OUT_MAX || conn_send(c, head, strlen(head)) < 0 ||
	    sse_data(c, d) < 0) {
		conn_close(c, "its event stream fell behind");
		return;
	}
	if (conn_flush(c) < 0)
		conn_close(c, NULL);
	else
		conn_update_events(c);
}

void sse_event(const struct wire_msg *m)
{
	char name[64];
	uint64_t id, scope;
	struct conn *c;
	unsigned i;

	if (wire_get_u64(m, WF_EVENT_ID, &id) || wire_get_u64(m, WF_SCOPE, &scope) ||
	    wire_get_str(m, WF_EVENT, name, sizeof name) || strpbrk(name, "\r\n"))
		return;
	if (m->conn) {
		c = conn_find(m->conn);
		if (c && c->state == CS_SSE)
			sse_send(c, id, name, wire_get(m, WF_DATA));
		return;
	}
	for (i = 0; i < NET_CONNS_MAX; i++) {
		c = net.conn[i];
		if (c && c->state == CS_SSE && (c->scope & (uint32_t)scope))
			sse_send(c, id, name, wire_get(m, WF_DATA));
	}
}

void sse_run(struct conn *c)
{
	long r;

	while ((r = conn_read(c, net.scratch, sizeof net.scratch)) > 0)
		;
	if (r != NET_AGAIN)
		conn_close(c, NULL);
}

void sse_sweep(struct conn *c)
{
	if (net.now - c->last_ping < NET_SSE_KEEPALIVE_MS)
		return;
	c->last_ping = net.now;
	if (conn_send(c, ": keep-alive\n\n", 14) < 0)
		conn_close(c, "its event stream fell behind");
}
