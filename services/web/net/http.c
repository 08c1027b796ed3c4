/*
 * HTTP/1.1 requests on a connection, one at a time: the head read and
 * checked (services/web/http), a body read when the API request has one,
 * then the request goes to the static files, to priv or to the redirect.
 * Pipelined requests wait in the input buffer until the response before
 * them is queued, and none is read while much output is still queued.
 */
#include <stdlib.h>
#include <string.h>

#include "netd.h"

#define BODY_CHUNK_START 4096

void http_fail(struct conn *c, int status, const char *why)
{
	c->keep_alive = 0;
	resp_error(c, status, why, RESP_CLOSE, NULL);
	conn_set_state(c, CS_CLOSING);
}

void http_timeout(struct conn *c, const char *why)
{
	http_fail(c, 408, why);
}

/* Reads what the socket has: 1 bytes came, 0 none now, -1 the connection ended. */
int http_fill(struct conn *c)
{
	long r;

	if (conn_in_alloc(c) < 0) {
		conn_close(c, "out of memory");
		return -1;
	}
	if (c->in_len == NET_IN_CAP)
		return 0;
	r = conn_read(c, c->in + c->in_len, NET_IN_CAP - c->in_len);
	if (r == NET_AGAIN)
		return 0;
	if (r <= 0) {
		conn_close(c, NULL);
		return -1;
	}
	c->in_len += (size_t)r;
	return 1;
}

static int is_api(const char *path)
{
	return !strncmp(path, "/api/", 5) || !strcmp(path, "/api");
}

static int json_type(const struct http_req *r)
{
	const char *p = r->content_type.p;
	size_t n = r->content_type.n;

	return n >= 16 && !strncasecmp(p, "application/json", 16) &&
	       (n == 16 || p[16] == ';' || p[16] == ' ');
}

/* An API request: with a body to read first, streamed to priv, or as it is. */
static void http_api(struct conn *c)
{
	const struct http_req *r = c->req;

	if (!r->chunked && r->content_length <= 0) {
		api_forward(c);
		return;
	}
	if (r->chunked || r->content_length <= NET_BODY_MAX) {
		c->body_chunked = r->chunked;
		c->body_want = r->chunked ? NET_BODY_MAX : (size_t)r->content_length;
		c->body_cap = r->chunked ? BODY_CHUNK_START : c->body_want;
		if (!(c->body = malloc(c->body_cap))) {
			conn_close(c, "out of memory");
			return;
		}
		http_chunked_init(&c->chunked, NET_BODY_MAX);
		if (r->expect_continue)
			conn_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
		conn_set_state(c, CS_BODY);
		return;
	}
	if (r->method == HTTP_PUT && !json_type(r)) {
		c->body_unread = 1;
		api_forward(c);		/* priv answers WIRE_UPLOAD, or refuses */
		return;
	}
	http_fail(c, 413, "request body larger than 65536 bytes");
}

static void http_static(struct conn *c)
{
	const struct http_req *r = c->req;

	if (r->content_length > 0 || r->chunked) {
		http_fail(c, 400, "a request for a file has no body");
		return;
	}
	if (r->upgrade_websocket) {
		http_fail(c, 400, "WebSocket only under /api/");
		return;
	}
	if (r->method != HTTP_GET && r->method != HTTP_HEAD) {
		resp_error(c, 405, "files take GET and HEAD", 0, "Allow: GET, HEAD");
		http_request_done(c);
		return;
	}
	static_serve(c);
}

/* The head is in[0..len): parse it and route the request. */
static void http_head_done(struct conn *c, size_t len)
{
	const char *why;
	int st;

	if (!c->req && !(c->req = malloc(sizeof *c->req))) {
		conn_close(c, "out of memory");
		return;
	}
	c->head_len = len;
	c->requests++;
	if ((st = http_head_parse((const char *)c->in, len, c->req, &why))) {
		http_fail(c, st, why);
		return;
	}
	c->head_only = c->req->method == HTTP_HEAD;
	c->http10 = c->req->minor == 0;
	c->keep_alive = c->req->keep_alive && c->requests < NET_REQUESTS_MAX;
	c->resp_chunked = 0;
	if (c->tls_port != 443)
		redirect_serve(c);
	else if (is_api(c->req->path))
		http_api(c);
	else
		http_static(c);
}

static int http_head_step(struct conn *c)
{
	const char *why;
	long r = HTTP_SCAN_MORE;
	int got;

	if (c->out_bytes >= NET_PIPELINE_OUT_MAX)
		return 0;
	if (c->in_len)
		r = http_scan(&c->scan, (const char *)c->in, c->in_len, &why);
	if (r < 0) {
		http_fail(c, (int)-r, why);
		return 0;
	}
	if (r > 0) {
		http_head_done(c, (size_t)r);
		return 1;
	}
	got = http_fill(c);
	if (got > 0 && !c->head_start)
		c->head_start = net.now;
	return got > 0;
}

static int body_append(struct conn *c, const unsigned char *p, size_t n)
{
	char *grown;
	size_t cap = c->body_cap;

	while (c->body_len + n > cap)
		cap *= 2;
	if (cap != c->body_cap) {
		if (!(grown = realloc(c->body, cap)))
			return -1;
		c->body = grown;
		c->body_cap = cap;
	}
	memcpy(c->body + c->body_len, p, n);
	c->body_len += n;
	return 0;
}

/* Body bytes after the head in the buffer: taken out of it. 1 when the body is whole. */
static int http_body_take(struct conn *c)
{
	unsigned char *p = c->in + c->head_len;
	size_t avail = c->in_len - c->head_len, used, out;
	const char *why;
	int st;

	if (c->body_chunked) {
		if ((st = http_chunked_decode(&c->chunked, (char *)p, avail, &used, &out, &why))) {
			http_fail(c, st, st == 413 ? "request body larger than 65536 bytes" : why);
			return -1;
		}
	} else {
		used = out = avail < c->body_want - c->body_len ? avail : c->body_want - c->body_len;
	}
	if (body_append(c, p, out) < 0) {
		conn_close(c, "out of memory");
		return -1;
	}
	conn_in_cut(c, c->head_len, used);
	return c->body_chunked ? c->chunked.done : c->body_len == c->body_want;
}

static int http_body_step(struct conn *c)
{
	int done;

	if (c->in_len > c->head_len) {
		done = http_body_take(c);
		if (done < 0)
			return 0;
		if (done) {
			api_forward(c);
			return 1;
		}
	}
	return http_fill(c) > 0;
}

void http_run(struct conn *c)
{
	while (!c->dead && (c->state == CS_HEAD || c->state == CS_BODY))
		if (!(c->state == CS_HEAD ? http_head_step(c) : http_body_step(c)))
			break;
}

void http_request_done(struct conn *c)
{
	free(c->body);
	c->body = NULL;
	c->body_len = c->body_cap = 0;
	if (c->head_len)
		conn_in_cut(c, 0, c->head_len);
	c->head_len = 0;
	memset(&c->scan, 0, sizeof c->scan);
	c->head_start = c->in_len ? net.now : 0;
	c->req_id = 0;
	c->body_unread = 0;
	c->head_only = 0;
	if (!c->keep_alive) {
		conn_set_state(c, CS_CLOSING);
		return;
	}
	conn_set_state(c, CS_HEAD);
}
