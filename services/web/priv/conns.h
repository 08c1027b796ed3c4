#ifndef VZHOST_WEB_CONNS_H
#define VZHOST_WEB_CONNS_H

#include <stdint.h>

#include "priv.h"

/*
 * net's connections that outlive their request: event streams and
 * consoles, each bound to the credential that opened it. A session that
 * ends (logout, expiry, a password change) or a token deleted takes its
 * connections with it (WIRE_CLOSE). The pools answer 503 when full.
 */

#define CONNS_STREAMS_MAX 64
#define CONNS_CONSOLES_MAX 64

enum conn_kind { CONN_STREAM, CONN_CONSOLE };

struct conn_ref {
	uint32_t conn;			/* 0: free */
	enum conn_kind kind;
	int session_slot;
	uint32_t session_serial;
	char token_id[TOKEN_ID_HEX];
	unsigned events;		/* a stream's event classes (EVENT_*) */
	unsigned ctid;			/* a console's container */
};

/* Registers q's connection as kind, bound to q->who: the entry, or NULL
   when that pool is full. */
struct conn_ref *conns_add(const struct req *q, enum conn_kind kind);
unsigned conns_count(enum conn_kind kind);
/* net says conn is gone. */
void conns_closed(uint32_t conn);
/* net was restarted: every connection is gone. */
void conns_reset(void);
/* Closes the connections of a session or a token (WIRE_CLOSE). */
void conns_end_session(int slot, uint32_t serial);
void conns_end_token(const char *id);
/* The streams, for replay and filters: fn for each. */
void conns_each_stream(void (*fn)(struct conn_ref *c, void *arg), void *arg);

#endif
