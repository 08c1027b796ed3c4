#include <string.h>
#include <unistd.h>

#include "api.h"
#include "api_task.h"
#include "base/log.h"
#include "conns.h"
#include "dispatch.h"
#include "priv.h"
#include "tlskey.h"
#include "webconf.h"

/* WIRE_CONFIG: the certificate chain and the client networks. */
static void send_config(void)
{
	static struct wire_out o;
	const struct nodeconf *c = webconf_load();
	char cidr[WEB_TEXT_MAX];
	struct web_allow one;
	unsigned i;

	wire_begin(&o, WIRE_CONFIG, 0, 0, 0);
	wire_add_str(&o, WF_CERT, tlskey_chain());
	for (i = 0; i < c->node.web_allow.n; i++) {
		one.n = 1;
		one.addr[0] = c->node.web_allow.addr[i];
		one.prefix[0] = c->node.web_allow.prefix[i];
		web_allow_format(&one, cidr);
		wire_add_str(&o, WF_ALLOW_FROM, cidr);
	}
	if (netproc_send(&o, -1) < 0)
		log_error("net: the configuration cannot be sent");
}

static const struct {
	unsigned tag;
	size_t off, size;
} req_fields[] = {
#define F(tag, member) { tag, offsetof(struct req, member), sizeof((struct req *)0)->member }
	F(WF_METHOD, method),
	F(WF_PATH, path),
	F(WF_QUERY, query),
	F(WF_PEER, peer),
	F(WF_HOST, host),
	F(WF_ORIGIN, origin),
	F(WF_COOKIE, cookie),
	F(WF_BEARER, bearer),
	F(WF_CSRF, csrf),
	F(WF_IF_MATCH, if_match),
	F(WF_IF_NONE_MATCH, if_none_match),
	F(WF_LAST_EVENT_ID, last_event_id),
	F(WF_CONTENT_TYPE, content_type),
#undef F
};

static const char *const req_field_names[] = {
	[WF_METHOD] = "method", [WF_PATH] = "path", [WF_QUERY] = "query",
	[WF_PEER] = "peer", [WF_HOST] = "Host", [WF_ORIGIN] = "Origin",
	[WF_COOKIE] = "cookie", [WF_BEARER] = "Authorization", [WF_CSRF] = "X-CSRF-Token",
	[WF_IF_MATCH] = "If-Match", [WF_IF_NONE_MATCH] = "If-None-Match",
	[WF_LAST_EVENT_ID] = "Last-Event-ID", [WF_CONTENT_TYPE] = "Content-Type",
};

/* The request's body: its WF_BODY fields in order, joined in buf when
   there are several. */
static void request_body(const struct wire_msg *m, struct req *q)
{
	static unsigned char buf[WIRE_REQUEST_BODY_MAX];
	unsigned i, n = 0;

	q->body_len = 0;
	for (i = 0; i < m->nfields; i++) {
		const struct wire_field *f = &m->field[i];

		if (f->tag != WF_BODY)
			continue;
		if (n++ == 0) {
			q->body = f->val;
			q->body_len = f->len;
			continue;
		}
		if (n == 2) {
			memcpy(buf, q->body, q->body_len);
			q->body = buf;
		}
		if (f->len > sizeof buf - q->body_len) {
			q->body_len = sizeof buf + 1;	/* too large: refused below */
			return;
		}
		memcpy(buf + q->body_len, f->val, f->len);
		q->body_len += f->len;
	}
}

static void request(const struct wire_msg *m)
{
	static struct req q;
	size_t i;

	memset(&q, 0, sizeof q);
	q.conn = m->conn;
	q.id = m->id;
	for (i = 0; i < sizeof req_fields / sizeof req_fields[0]; i++) {
		char *out = (char *)&q + req_fields[i].off;

		if (wire_get(m, req_fields[i].tag) &&
		    wire_get_str(m, req_fields[i].tag, out, req_fields[i].size)) {
			reply_error(q.conn, q.id, 400, "bad_request", NULL, "%s: too long or not text",
				    req_field_names[req_fields[i].tag]);
			return;
		}
	}
	if (!q.method[0] || q.path[0] != '/') {
		reply_error(q.conn, q.id, 400, "bad_request", NULL, "a request needs its method and path");
		return;
	}
	q.has_length = wire_get_u64(m, WF_CONTENT_LENGTH, &q.content_length) == NULL;
	q.upgrade = wire_get(m, WF_UPGRADE) != NULL;
	request_body(m, &q);
	if (q.body_len > WIRE_REQUEST_BODY_MAX) {
		reply_error(q.conn, q.id, 413, "bad_request", NULL, "the request body is over 64 KiB");
		return;
	}
	api_request(&q);
}

static void closed(uint32_t conn)
{
	conns_closed(conn);
	api_task_conn_gone(conn);
	api_tmpl_conn_gone(conn);
}

static void message(const struct wire_msg *m, int fd)
{
	if (fd >= 0)
		close(fd);
	switch (m->type) {
	case WIRE_HELLO:
		send_config();
		break;
	case WIRE_REQUEST:
		request(m);
		break;
	case WIRE_UPLOAD_DONE:
		api_tmpl_upload_done(m);
		break;
	case WIRE_CLOSED:
		closed(m->conn);
		break;
	case WIRE_SIGN:
		tlskey_sign(m);
		break;
	default:
		log_warn("net sent a message of type %u, which only priv sends; ignored", m->type);
		break;
	}
}

static void reset(void)
{
	conns_reset();
	api_task_conn_gone(0);
	api_tmpl_conn_gone(0);
}

const struct netproc_hooks dispatch_hooks = { message, reset };
