#include <string.h>

#include "../wire.h"
#include "conns.h"
#include "netproc.h"

static struct conn_ref conns[CONNS_STREAMS_MAX + CONNS_CONSOLES_MAX];

#define CONNS_N (sizeof conns / sizeof conns[0])

unsigned conns_count(enum conn_kind kind)
{
	unsigned i, n = 0;

	for (i = 0; i < CONNS_N; i++)
		n += conns[i].conn && conns[i].kind == kind;
	return n;
}

struct conn_ref *conns_add(const struct req *q, enum conn_kind kind)
{
	unsigned i, max = kind == CONN_STREAM ? CONNS_STREAMS_MAX : CONNS_CONSOLES_MAX;

	if (conns_count(kind) >= max)
		return NULL;
	for (i = 0; i < CONNS_N; i++) {
		if (conns[i].conn)
			continue;
		memset(&conns[i], 0, sizeof conns[i]);
		conns[i].conn = q->conn;
		conns[i].kind = kind;
		conns[i].session_slot = q->who.session_slot;
		conns[i].session_serial = q->who.session_serial;
		strcpy(conns[i].token_id, q->who.token_id);
		return &conns[i];
	}
	return NULL;
}

void conns_closed(uint32_t conn)
{
	unsigned i;

	for (i = 0; i < CONNS_N; i++)
		if (conns[i].conn == conn)
			conns[i].conn = 0;
}

void conns_reset(void)
{
	memset(conns, 0, sizeof conns);
}

/* Tells net to close c's connection; it answers WIRE_CLOSED later. */
static void conn_close(struct conn_ref *c)
{
	static struct wire_out o;

	wire_begin(&o, WIRE_CLOSE, 0, c->conn, 0);
	netproc_send(&o, -1);
	c->conn = 0;
}

void conns_end_session(int slot, uint32_t serial)
{
	unsigned i;

	for (i = 0; i < CONNS_N; i++)
		if (conns[i].conn && !conns[i].token_id[0] && conns[i].session_slot == slot &&
		    conns[i].session_serial == serial)
			conn_close(&conns[i]);
}

void conns_end_token(const char *id)
{
	unsigned i;

	for (i = 0; i < CONNS_N; i++)
		if (conns[i].conn && !strcmp(conns[i].token_id, id))
			conn_close(&conns[i]);
}

void conns_each_stream(void (*fn)(struct conn_ref *c, void *arg), void *arg)
{
	unsigned i;

	for (i = 0; i < CONNS_N; i++)
		if (conns[i].conn && conns[i].kind == CONN_STREAM)
			fn(&conns[i], arg);
}
