#ifndef VZHOST_WEB_PRIV_H
#define VZHOST_WEB_PRIV_H

#include <stdint.h>
#include <stdio.h>

#include "base/json.h"
#include "route.h"
#include "token.h"

/*
 * vzwebd's privileged process (docs/web-design.md): what its modules share.
 * A request comes from net as a WIRE_REQUEST; priv answers it exactly
 * once, at once or later (a task waited for, an upload), with a response,
 * an event stream, a console or an upload pipe.
 */

#define WEB_DIR "/vz/etc/web"
#define WEB_RUN_DIR "/run/vzhost/web"

#define REQ_PATH_MAX 2048
#define REQ_HEADER_MAX 256	/* Host, Origin, Content-Type and the like */
#define REQ_PEER_MAX 64
#define REQ_SECRET_MAX 128	/* cookie, bearer, CSRF values */

/* Who made a request, once it is authenticated. */
struct principal {
	char user[80];			/* "admin", "token:NAME": what the audit log names */
	unsigned scopes;		/* SCOPE_* */
	int cookie;			/* authenticated by the session cookie */
	int session_slot;		/* its session, -1 for a token */
	uint32_t session_serial;
	char token_id[TOKEN_ID_HEX];	/* its token, "" for a session */
};

struct req {
	uint32_t conn, id;
	char method[8];
	char path[REQ_PATH_MAX];
	char query[REQ_PATH_MAX];
	char peer[REQ_PEER_MAX];
	char host[REQ_HEADER_MAX], origin[REQ_HEADER_MAX], content_type[REQ_HEADER_MAX];
	char cookie[REQ_SECRET_MAX], bearer[REQ_SECRET_MAX], csrf[REQ_SECRET_MAX];
	char if_match[REQ_HEADER_MAX], if_none_match[REQ_HEADER_MAX];
	char last_event_id[32];
	uint64_t content_length;
	int has_length, upgrade;
	const unsigned char *body;	/* valid while the request is handled */
	size_t body_len;
	const struct route *route;
	struct route_params params;
	struct principal who;
};

/* ---- reply.c: responses ---- */
#define RESP_HEADERS_MAX 8
#define RESP_HEADER_MAX 200

struct resp {
	int status;
	unsigned nheaders;
	char header[RESP_HEADERS_MAX][RESP_HEADER_MAX];
	FILE *f;			/* the body, a JSON document written through j */
	char *body;
	size_t len;
	struct json j;
};

/* A response with a JSON body to be written through r->j: 0, or -1 (ENOMEM). */
int resp_begin(struct resp *r, int status);
void resp_header(struct resp *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drops a response begun but not to be sent. */
void resp_discard(struct resp *r);
/* Sends r as the answer to (conn, id) and frees it. */
void resp_send(uint32_t conn, uint32_t id, struct resp *r);
/* {"error":{"status","code","message","field"}}; field NULL: null. */
void reply_error(uint32_t conn, uint32_t id, int status, const char *code, const char *field,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same with Retry-After (a pool is full, a source is locked out). */
void reply_busy(uint32_t conn, uint32_t id, int status, unsigned retry_s, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* 204 No Content, or a status with an empty body. */
void reply_empty(uint32_t conn, uint32_t id, int status);
/* 202 {"task":"ID"} */
void reply_task(uint32_t conn, uint32_t id, const char *task);

/* ---- api.c: one request, from routing to its handler ---- */
void api_request(struct req *q);
/* A query parameter's value into out: 1 if present, 0 if not, -1 if too long. */
int req_query(const struct req *q, const char *name, char *out, size_t size);

#endif
