/*
 * Requests under /api/ go to priv as WIRE_REQUEST, one at a time per
 * connection; priv's one answer comes back here: a response (its body in
 * chunks), a console (the holder's descriptor), an event stream, or an
 * upload (a pipe the request body is streamed into at a minimum rate).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "netd.h"

#define API_HEADERS_MAX 32

static struct wire_out api_msg;
static uint32_t api_serial;

static void api_add(struct wire_out *o, unsigned tag, struct http_str s)
{
	if (s.n)
		wire_add(o, tag, s.p, s.n);
}

void api_forward(struct conn *c)
{
	const struct http_req *r = c->req;
	struct http_str v;
	size_t off, n;

	if (c->body_len > WIRE_REQUEST_BODY_MAX) {
		http_fail(c, 413, "request body larger than 64 KiB");
		return;
	}
	if (http_cookie_get(r, NET_COOKIE_NAME, &v) < 0) {
		http_fail(c, 400, "the session cookie is there more than once");
		return;
	}
	do
		c->req_id = ++api_serial;
	while (!c->req_id);
	wire_begin(&api_msg, WIRE_REQUEST, 0, c->id, c->req_id);
	wire_add(&api_msg, WF_METHOD, r->method_name.p, r->method_name.n);
	wire_add_str(&api_msg, WF_PATH, r->path);
	api_add(&api_msg, WF_QUERY, r->query);
	wire_add_str(&api_msg, WF_PEER, c->peer);
	api_add(&api_msg, WF_HOST, r->host);
	api_add(&api_msg, WF_ORIGIN, r->origin);
	if (http_cookie_get(r, NET_COOKIE_NAME, &v) > 0)
		api_add(&api_msg, WF_COOKIE, v);
	if (http_bearer_get(r, &v) > 0)
		api_add(&api_msg, WF_BEARER, v);
	api_add(&api_msg, WF_CSRF, r->csrf);
	api_add(&api_msg, WF_IF_MATCH, r->if_match);
	api_add(&api_msg, WF_IF_NONE_MATCH, r->if_none_match);
	api_add(&api_msg, WF_LAST_EVENT_ID, r->last_event_id);
	api_add(&api_msg, WF_CONTENT_TYPE, r->content_type);
	if (r->content_length >= 0)
		wire_add_u64(&api_msg, WF_CONTENT_LENGTH, (uint64_t)r->content_length);
	if (r->upgrade_websocket)
		wire_add(&api_msg, WF_UPGRADE, "", 0);
	for (off = 0; off < c->body_len; off += n) {
		n = c->body_len - off < WIRE_BODY_CHUNK ? c->body_len - off : WIRE_BODY_CHUNK;
		wire_add(&api_msg, WF_BODY, c->body + off, n);
	}
	free(c->body);
	c->body = NULL;
	c->body_len = c->body_cap = 0;
	if (api_msg.failed) {
		http_fail(c, 431, "request fields too long to pass on");
		return;
	}
	if (priv_send(&api_msg, -1) < 0) {
		http_fail(c, 503, "the service is restarting");
		return;
	}
	c->priv_knows = 1;
	conn_set_state(c, CS_PRIV);
}

void api_timeout(struct conn *c)
{
	http_fail(c, 504, "the service did not answer in time");
}

/* A response head's "Name: value" lines from priv, checked and copied. */
static unsigned api_headers(const struct wire_msg *m, char *buf, size_t size,
			    const char *hdr[API_HEADERS_MAX])
{
	size_t used = 0;
	unsigned i, n = 0;

	for (i = 0; i < m->nfields && n < API_HEADERS_MAX; i++) {
		const struct wire_field *f = &m->field[i];

		if (f->tag != WF_HEADER || used + f->len + 1 > size ||
		    memchr(f->val, '\r', f->len) || memchr(f->val, '\n', f->len) ||
		    memchr(f->val, 0, f->len) || !memchr(f->val, ':', f->len))
			continue;
		memcpy(buf + used, f->val, f->len);
		buf[used + f->len] = '\0';
		hdr[n++] = buf + used;
		used += f->len + 1;
	}
	return n;
}

/* A body chunk in the response's framing. */
static int api_body(struct conn *c, const struct wire_field *f)
{
	char line[24];

	if (c->head_only || !f || !f->len)
		return 0;
	if (c->resp_chunked) {
		snprintf(line, sizeof line, "%zx\r\n", f->len);
		if (conn_send(c, line, strlen(line)) < 0)
			return -1;
	}
	if (conn_send(c, f->val, f->len) < 0)
		return -1;
	return c->resp_chunked ? conn_send(c, "\r\n", 2) : 0;
}

/* The response is whole: the next request may come. */
static void api_response_end(struct conn *c)
{
	if (c->resp_chunked && !c->head_only && conn_send(c, "0\r\n\r\n", 5) < 0) {
		conn_close(c, "output over its bound");
		return;
	}
	c->resp_more = 0;
	c->resp_chunked = 0;
	http_request_done(c);
	conn_run(c);
}

static void api_response(struct conn *c, const struct wire_msg *m)
{
	static char hbuf[WIRE_MSG_MAX];
	const char *hdr[API_HEADERS_MAX];
	const struct wire_field *body = wire_get(m, WF_BODY);
	int more = (m->flags & WIRE_F_MORE) != 0;
	unsigned nh = api_headers(m, hbuf, sizeof hbuf, hdr);
	uint64_t status;
	long long length;

	if (wire_get_u64(m, WF_STATUS, &status) || status < 200 || status > 599) {
		http_fail(c, 502, "the service's answer had no valid status");
		return;
	}
	if (c->body_unread)
		c->keep_alive = 0;	/* the refused upload's body is never read */
	if (status == 204 || status == 304)
		length = RESP_UNFRAMED;
	else
		length = more ? RESP_CHUNKED : (long long)(body ? body->len : 0);
	resp_head(c, (int)status, hdr, nh, length, RESP_API);
	if (length == RESP_UNFRAMED)
		body = NULL;
	if (api_body(c, body) < 0) {
		conn_close(c, "output over its bound");
		return;
	}
	if (more) {
		c->resp_more = 1;
		conn_set_state(c, CS_RESPONSE);
		conn_run(c);
		return;
	}
	api_response_end(c);
}

static void api_body_more(struct conn *c, const struct wire_msg *m)
{
	if (api_body(c, wire_get(m, WF_BODY)) < 0) {
		conn_close(c, "output over its bound");
		return;
	}
	if (m->flags & WIRE_F_MORE)
		conn_run(c);
	else
		api_response_end(c);
}

/* ---- uploads: the request body into priv's pipe ---- */

static void api_upload_end(struct conn *c, const char *err)
{
	static struct watch none;

	netloop_del(c->pipe_fd);
	close(c->pipe_fd);
	c->pipe_fd = -1;
	c->w_aux = none;
	wire_begin(&api_msg, WIRE_UPLOAD_DONE, 0, c->id, c->req_id);
	wire_add_u64(&api_msg, WF_BYTES, c->upload_done);
	if (err)
		wire_add_str(&api_msg, WF_ERROR, err);
	priv_send(&api_msg, -1);
	if (err) {
		http_fail(c, 408, err);
		return;
	}
	conn_set_state(c, CS_PRIV);	/* priv answers once it has taken the file */
}

static void api_upload_start(struct conn *c, int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (c->req->content_length <= 0 || fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		close(fd);
		http_fail(c, 500, "the upload cannot be streamed");
		return;
	}
	c->pipe_fd = fd;
	c->w_aux = (struct watch){ EV_PIPE, c };
	if (netloop_add(fd, 0, &c->w_aux) < 0) {
		close(fd);
		c->pipe_fd = -1;
		http_fail(c, 500, "the upload cannot be streamed");
		return;
	}
	if (c->req->expect_continue && conn_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 25) < 0) {
		http_fail(c, 500, "the upload cannot be streamed");
		return;
	}
	c->body_unread = 0;
	c->pipe_full = 0;
	c->upload_left = (uint64_t)c->req->content_length;
	c->upload_done = c->window_bytes = 0;
	c->window_start = net.now;
	conn_set_state(c, CS_UPLOAD);
	api_upload_run(c);
}

/* Moves what the client sent into the pipe: 1 more may come now, 0 wait. */
static int api_upload_step(struct conn *c)
{
	size_t avail = c->in_len - c->head_len;
	ssize_t w;

	if (avail > c->upload_left)
		avail = (size_t)c->upload_left;
	if (!avail)
		return c->upload_left ? http_fill(c) > 0 : 0;
	w = write(c->pipe_fd, c->in + c->head_len, avail);
	if (w < 0 && errno == EAGAIN) {
		c->pipe_full = 1;
		netloop_mod(c->pipe_fd, EPOLLOUT, &c->w_aux);
		return 0;
	}
	if (w <= 0) {
		api_upload_end(c, "the service stopped taking the upload");
		return 0;
	}
	conn_in_cut(c, c->head_len, (size_t)w);
	c->upload_left -= (uint64_t)w;
	c->upload_done += (uint64_t)w;
	c->window_bytes += (uint64_t)w;
	return 1;
}

void api_upload_run(struct conn *c)
{
	if (c->state != CS_UPLOAD || c->pipe_fd < 0)
		return;
	if (c->pipe_full) {
		c->pipe_full = 0;
		netloop_mod(c->pipe_fd, 0, &c->w_aux);
	}
	while (!c->dead && c->state == CS_UPLOAD && c->upload_left && api_upload_step(c))
		;
	if (!c->dead && c->state == CS_UPLOAD && !c->upload_left)
		api_upload_end(c, NULL);
	conn_update_events(c);
}

void api_upload_sweep(struct conn *c)
{
	if (net.now - c->window_start < NET_UPLOAD_WINDOW_MS)
		return;
	if (c->window_bytes < NET_UPLOAD_WINDOW_MIN && !c->pipe_full) {
		api_upload_end(c, "upload slower than 16 KiB in 10 s");
		return;
	}
	c->window_bytes = 0;
	c->window_start = net.now;
}

/* ---- priv's answers ---- */

void api_message(const struct wire_msg *m, int fd)
{
	struct conn *c = conn_find(m->conn);
	char mode[4];
	uint64_t scope;

	if (!c || c->req_id != m->id ||
	    (m->type == WIRE_BODY ? !(c->state == CS_RESPONSE && c->resp_more)
				  : c->state != CS_PRIV)) {
		if (fd >= 0)
			close(fd);
		return;		/* the connection or its request is gone */
	}
	switch (m->type) {
	case WIRE_RESPONSE:
		api_response(c, m);
		break;
	case WIRE_BODY:
		api_body_more(c, m);
		break;
	case WIRE_CONSOLE:
		if (fd < 0 || wire_get_str(m, WF_MODE, mode, sizeof mode) ||
		    (strcmp(mode, "rw") && strcmp(mode, "ro"))) {
			http_fail(c, 502, "the service's console answer is malformed");
			break;
		}
		ws_start(c, fd, !strcmp(mode, "ro"));
		return;
	case WIRE_EVENTS:
		if (wire_get_u64(m, WF_SCOPE, &scope)) {
			http_fail(c, 502, "the service's event stream answer is malformed");
			break;
		}
		sse_start(c, (uint32_t)scope);
		break;
	case WIRE_UPLOAD:
		if (fd < 0) {
			http_fail(c, 502, "the service's upload answer has no pipe");
			break;
		}
		api_upload_start(c, fd);
		return;
	}
	if (fd >= 0)
		close(fd);
	if (!c->dead)
		conn_run(c);
}
