/*
 * Until the net process (services/web/net/, branch h-webnet) is merged: a
 * plain-HTTP stand-in that carries requests to priv over the wire protocol
 * so priv can be tested (no TLS, no WebSocket, one request per
 * connection). Dropped when net arrives.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "priv/netproc.h"
#include "wire.h"

#define PH_CONNS 32
#define PH_HEAD_MAX 8192

struct ph_conn {
	int fd;
	uint32_t id;
	char head[PH_HEAD_MAX + 1];
	size_t len;
	int stream;		/* an event stream */
	unsigned scope;
	int upload;		/* -1, or the pipe net writes the body into */
	int waiting;		/* the request went to priv: read nothing until it answers */
	size_t body_at;
	uint64_t body_len;
};

static struct ph_conn conns[PH_CONNS];
static uint32_t next_id = 1;
static int psock;
static unsigned char in[WIRE_MSG_MAX];
static struct wire_out msg;

static struct ph_conn *conn_of(uint32_t id)
{
	unsigned i;

	for (i = 0; i < PH_CONNS; i++)
		if (conns[i].fd >= 0 && conns[i].id == id)
			return &conns[i];
	return NULL;
}

static void conn_end(struct ph_conn *c, int tell)
{
	if (c->fd < 0)
		return;
	close(c->fd);
	c->fd = -1;
	if (c->upload >= 0)
		close(c->upload);
	c->upload = -1;
	if (tell) {
		wire_begin(&msg, WIRE_CLOSED, 0, c->id, 0);
		wire_send(psock, &msg, -1);
	}
}

static void put(struct ph_conn *c, const void *buf, size_t len)
{
	if (c->fd >= 0 && send(c->fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
		conn_end(c, 1);
}

/* "Name: value" of the head into out ("" if absent). */
static void header(const char *head, const char *name, char *out, size_t size)
{
	size_t nl = strlen(name), n;
	const char *p = head;

	out[0] = 0;
	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (strncasecmp(p, name, nl) || p[nl] != ':')
			continue;
		p += nl + 1;
		p += strspn(p, " ");
		n = strcspn(p, "\r\n");
		snprintf(out, size, "%.*s", (int)n, p);
		return;
	}
}

static void cookie_value(const char *cookies, char *out, size_t size)
{
	const char *p = strstr(cookies, "__Host-vzsession=");

	out[0] = 0;
	if (p)
		snprintf(out, size, "%.*s", (int)strcspn(p + 17, "; "), p + 17);
}

static void request_send(struct ph_conn *c)
{
	char method[8], target[2048], v[2048], *q;
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	char peer[INET_ADDRSTRLEN] = "";

	if (sscanf(c->head, "%7s %2047s", method, target) != 2) {
		conn_end(c, 1);
		return;
	}
	q = strchr(target, '?');
	if (q)
		*q++ = 0;
	wire_begin(&msg, WIRE_REQUEST, 0, c->id, 1);
	wire_add_str(&msg, WF_METHOD, method);
	wire_add_str(&msg, WF_PATH, target);
	if (q)
		wire_add_str(&msg, WF_QUERY, q);
	if (getpeername(c->fd, (struct sockaddr *)&sa, &sl) == 0)
		inet_ntop(AF_INET, &sa.sin_addr, peer, sizeof peer);
	wire_add_str(&msg, WF_PEER, peer);
	header(c->head, "Host", v, sizeof v);
	wire_add_str(&msg, WF_HOST, v);
	header(c->head, "Origin", v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_ORIGIN, v);
	header(c->head, "Cookie", v, sizeof v);
	cookie_value(v, v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_COOKIE, v);
	header(c->head, "Authorization", v, sizeof v);
	if (!strncmp(v, "Bearer ", 7))
		wire_add_str(&msg, WF_BEARER, v + 7);
	header(c->head, "X-CSRF-Token", v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_CSRF, v);
	header(c->head, "If-Match", v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_IF_MATCH, v);
	header(c->head, "If-None-Match", v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_IF_NONE_MATCH, v);
	header(c->head, "Last-Event-ID", v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_LAST_EVENT_ID, v);
	header(c->head, "Upgrade", v, sizeof v);
	if (v[0])
		wire_add(&msg, WF_UPGRADE, "", 0);
	header(c->head, "Content-Type", v, sizeof v);
	if (v[0])
		wire_add_str(&msg, WF_CONTENT_TYPE, v);
	if (c->body_len) {
		wire_add_u64(&msg, WF_CONTENT_LENGTH, c->body_len);
		if (!strncasecmp(v, "application/json", 16))
			wire_add(&msg, WF_BODY, c->head + c->body_at, c->body_len);
	}
	c->waiting = 1;
	wire_send(psock, &msg, -1);
}

/* Bytes from the client: the head, then a JSON body; an upload's body goes to its pipe. */
static void conn_read(struct ph_conn *c)
{
	char v[32], buf[16384], *end;
	ssize_t n;

	if (c->upload >= 0) {
		n = read(c->fd, buf, sizeof buf);
		if (n <= 0 || write(c->upload, buf, (size_t)n) != n) {
			close(c->upload);
			c->upload = -1;
			wire_begin(&msg, WIRE_UPLOAD_DONE, 0, c->id, 1);
			wire_send(psock, &msg, -1);
		}
		return;
	}
	n = read(c->fd, c->head + c->len, PH_HEAD_MAX - c->len);
	if (n <= 0 || c->stream || c->len == PH_HEAD_MAX) {
		conn_end(c, 1);
		return;
	}
	c->len += (size_t)n;
	c->head[c->len] = 0;
	end = strstr(c->head, "\r\n\r\n");
	if (!end || c->body_at)
		goto body;
	c->body_at = (size_t)(end + 4 - c->head);
	header(c->head, "Content-Length", v, sizeof v);
	c->body_len = strtoull(v, NULL, 10);
	header(c->head, "Content-Type", v, sizeof v);
	if (c->body_len && strncasecmp(v, "application/json", 16)) {
		request_send(c);	/* an upload: priv answers with its pipe */
		return;
	}
body:
	if (c->body_at && c->len >= c->body_at + c->body_len)
		request_send(c);
}

static void response(const struct wire_msg *m)
{
	struct ph_conn *c = conn_of(m->conn);
	const struct wire_field *body = wire_get(m, WF_BODY);
	char line[512];
	unsigned i;
	uint64_t status = 500;

	if (!c)
		return;
	if (m->type == WIRE_RESPONSE) {
		wire_get_u64(m, WF_STATUS, &status);
		snprintf(line, sizeof line, "HTTP/1.1 %u X\r\nConnection: close\r\n", (unsigned)status);
		put(c, line, strlen(line));
		for (i = 0; i < m->nfields; i++)
			if (m->field[i].tag == WF_HEADER) {
				put(c, m->field[i].val, m->field[i].len);
				put(c, "\r\n", 2);
			}
		put(c, "\r\n", 2);
	}
	if (body)
		put(c, body->val, body->len);
	if (!(m->flags & WIRE_F_MORE))
		conn_end(c, 1);
}

static void event(const struct wire_msg *m)
{
	char name[32], id[32];
	struct ph_conn *c;
	uint64_t eid = 0, scope = 0;
	unsigned i;

	wire_get_u64(m, WF_EVENT_ID, &eid);
	wire_get_u64(m, WF_SCOPE, &scope);
	wire_get_str(m, WF_EVENT, name, sizeof name);
	for (i = 0; i < PH_CONNS; i++) {
		c = &conns[i];
		if (c->fd < 0 || !c->stream || (m->conn ? c->id != m->conn : !(c->scope & scope)))
			continue;
		snprintf(id, sizeof id, "%llu", (unsigned long long)eid);
		put(c, "id: ", 4);
		put(c, id, strlen(id));
		put(c, "\nevent: ", 8);
		put(c, name, strlen(name));
		put(c, "\ndata: ", 7);
		put(c, wire_get(m, WF_DATA)->val, wire_get(m, WF_DATA)->len);
		put(c, "\n\n", 2);
	}
}

static void from_priv(void)
{
	static const char sse[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";
	struct wire_msg m;
	struct ph_conn *c;
	uint64_t scope = 0;
	int fd;
	long n = wire_recv(psock, in, &fd);

	if (n <= 0)
		exit(0);
	if (wire_parse(in, (size_t)n, &m)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	c = conn_of(m.conn);
	switch (m.type) {
	case WIRE_RESPONSE:
	case WIRE_BODY:
		response(&m);
		break;
	case WIRE_EVENTS:
		if (c) {
			wire_get_u64(&m, WF_SCOPE, &scope);
			c->stream = 1;
			c->scope = (unsigned)scope;
			put(c, sse, sizeof sse - 1);
		}
		break;
	case WIRE_EVENT:
		event(&m);
		break;
	case WIRE_UPLOAD:
		if (c && fd >= 0) {
			c->upload = fd;
			c->waiting = 0;
			fd = -1;
			if (c->len > c->body_at &&
			    write(c->upload, c->head + c->body_at, c->len - c->body_at) < 0)
				conn_end(c, 1);
		}
		break;
	case WIRE_CONSOLE:
		if (c) {
			put(c, "HTTP/1.1 501 X\r\n\r\n", 18);
			conn_end(c, 1);
		}
		break;
	case WIRE_CLOSE:
		if (c)
			conn_end(c, 1);
		break;
	default:
		break;
	}
	if (fd >= 0)
		close(fd);
}

int web_net_main(int priv_sock, int fd443, int fd80)
{
	struct pollfd p[PH_CONNS + 2];
	unsigned i, n;
	int fd;

	psock = priv_sock;
	for (i = 0; i < PH_CONNS; i++)
		conns[i].fd = conns[i].upload = -1;
	wire_begin(&msg, WIRE_HELLO, 0, 0, 0);
	if (wire_send(psock, &msg, -1) < 0)
		return 111;
	for (;;) {
		p[0] = (struct pollfd){ .fd = psock, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = fd443, .events = POLLIN };
		for (i = 0, n = 2; i < PH_CONNS; i++)
			p[n++] = (struct pollfd){ .fd = conns[i].fd,
						  .events = conns[i].waiting ? 0 : POLLIN };
		if (poll(p, n, -1) < 0 && errno != EINTR)
			return 111;
		if (p[0].revents)
			from_priv();
		if (p[1].revents & POLLIN) {
			fd = accept4(fd443, NULL, NULL, SOCK_CLOEXEC);
			for (i = 0; fd >= 0 && i < PH_CONNS && conns[i].fd >= 0; i++)
				;
			if (fd >= 0 && i == PH_CONNS)
				close(fd);
			else if (fd >= 0)
				conns[i] = (struct ph_conn){ .fd = fd, .id = next_id++, .upload = -1 };
		}
		for (i = 0; i < PH_CONNS; i++)
			if (conns[i].fd >= 0 && p[i + 2].fd == conns[i].fd && p[i + 2].revents)
				conn_read(&conns[i]);
	}
}
