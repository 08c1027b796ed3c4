#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../wire.h"
#include "api.h"
#include "audit.h"
#include "conns.h"
#include "console/client.h"
#include "console/proto.h"
#include "ctview.h"
#include "netproc.h"

/*
 * GET /api/v1/containers/{ct}/console (WebSocket, ?mode=ro|rw): priv
 * connects to the console holder as "web:USER@PEER", reads its answer
 * (OK, or ERROR: 503), and hands the connected socket to net, which
 * bridges it with the WebSocket; priv is then out of the data path. The
 * attach is audited.
 */

#define CONSOLE_REPLY_MS 2000

struct collect {
	char text[256];
};

static void collect(void *ctx, const char *msg)
{
	struct collect *c = ctx;

	snprintf(c->text, sizeof c->text, "%s", msg);
}

/* Exactly len bytes within the deadline: 0, or -1. */
static int read_exact(int fd, unsigned char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if (poll(&p, 1, CONSOLE_REPLY_MS) <= 0)
			return -1;
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

/* The holder's first frame: NULL for OK, else its ERROR text (or why none came). */
static const char *holder_reply(int fd, char *why, size_t size)
{
	unsigned char buf[CONSOLE_FRAME_MAX];
	struct console_msg m;
	size_t used, len;

	if (read_exact(fd, buf, CONSOLE_HDR_LEN) < 0)
		return "vzconsoled did not answer";
	len = (size_t)buf[2] << 8 | buf[3];
	if (len > CONSOLE_PAYLOAD_MAX || read_exact(fd, buf + CONSOLE_HDR_LEN, len) < 0 ||
	    console_msg_decode(buf, CONSOLE_HDR_LEN + len, &m, &used) || !used)
		return "vzconsoled's answer was cut short";
	if (m.type == CONSOLE_MSG_OK)
		return NULL;
	snprintf(why, size, "%.*s", (int)m.len, (const char *)m.payload);
	return why;
}

static void audit_attach(const struct req *q, unsigned ctid, const char *mode, const char *result)
{
	struct audit_entry e = { .who = q->who.user, .source = q->peer, .action = "console",
				 .ctid = ctid, .target = mode, .result = result };

	audit_log(&e);
}

void api_ct_console(struct req *q)
{
	static struct wire_out o;
	struct collect c = { "" };
	struct report rep = { collect, &c };
	char mode[4] = "rw", who[CONSOLE_WHO_MAX], why[256];
	const char *err;
	struct conn_ref *ref;
	unsigned ctid;
	int ro, fd;
	struct ct ct;

	if (req_query(q, "mode", mode, sizeof mode) < 0 || (strcmp(mode, "rw") && strcmp(mode, "ro"))) {
		reply_error(q->conn, q->id, 400, "bad_value", "mode", "mode: expected rw or ro");
		return;
	}
	ro = !strcmp(mode, "ro");
	if (!ro && !route_scope_ok(q->who.scopes, SCOPE_OPERATE)) {
		reply_error(q->conn, q->id, 403, "forbidden", NULL,
			    "typing into a console needs scope operate; ask for mode=ro");
		return;
	}
	if (!q->upgrade) {
		reply_error(q->conn, q->id, 400, "bad_request", NULL,
			    "the console is a WebSocket (Upgrade: websocket)");
		return;
	}
	if (ctview_resolve(q, &ctid) < 0)
		return;
	if (ct_open(&ct, ctid, CT_OPEN_EXISTING) < 0) {
		ctview_reply_error(q, &ct);
		ct_close(&ct);
		return;
	}
	ct_close(&ct);
	if (conns_count(CONN_CONSOLE) >= CONNS_CONSOLES_MAX) {
		reply_busy(q->conn, q->id, 503, 10, "%d consoles are open; try again later",
			   CONNS_CONSOLES_MAX);
		return;
	}
	snprintf(who, sizeof who, "web:%.20s@%.32s", q->who.user, q->peer);
	fd = console_connect(ctid, ro ? CONSOLE_MODE_READONLY : CONSOLE_MODE_ATTACH, who, &rep);
	err = fd < 0 ? c.text : holder_reply(fd, why, sizeof why);
	if (err) {
		if (fd >= 0)
			close(fd);
		audit_attach(q, ctid, mode, "refused");
		reply_busy(q->conn, q->id, 503, 10, "console %u: %s", ctid, err);
		return;
	}
	ref = conns_add(q, CONN_CONSOLE);
	if (ref)
		ref->ctid = ctid;
	audit_attach(q, ctid, mode, "attached");
	wire_begin(&o, WIRE_CONSOLE, 0, q->conn, q->id);
	wire_add_str(&o, WF_MODE, mode);
	netproc_send(&o, fd);
	close(fd);
}
