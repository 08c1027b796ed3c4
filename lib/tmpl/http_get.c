#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tmpl/http.h"

#define CONNECT_TIMEOUT_MS 15000
#define BUF_SIZE 65536

struct get {
	struct tmpl_conn conn;
	const struct tmpl_http_opts *o;
	const struct tmpl_tls_ops *tls;	/* NULL: plain */
	char url[TMPL_URL_MAX + 16];	/* for messages */
	char buf[BUF_SIZE];
};

static int addr_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

static int connect_timed(int fd, const struct sockaddr *sa, socklen_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int err = 0, r;
	socklen_t elen = sizeof err;

	if (connect(fd, sa, len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	do
		r = poll(&p, 1, CONNECT_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return (errno = r == 0 ? ETIMEDOUT : errno, -1);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
		return -1;
	return err ? (errno = err, -1) : 0;
}

/* A connected non-blocking socket to u; plain http only to loopback unless insecure. */
static int get_connect(struct get *g, const struct tmpl_url *u, const struct report *rep)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV }, *res, *a;
	char port[8];
	int r, err = 0, refused = 0;

	snprintf(port, sizeof port, "%u", u->port);
	r = getaddrinfo(u->host, port, &hints, &res);
	if (r) {
		report_msg(rep, "%s: cannot resolve %s: %s", g->url, u->host, gai_strerror(r));
		return -1;
	}
	for (a = res; a; a = a->ai_next) {
		int fd;

		if (!u->https && !g->o->insecure && !addr_loopback(a->ai_addr)) {
			refused = 1;
			continue;
		}
		fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (connect_timed(fd, a->ai_addr, a->ai_addrlen) == 0) {
			freeaddrinfo(res);
			g->conn.fd = fd;
			return 0;
		}
		err = errno;
		close(fd);
	}
	freeaddrinfo(res);
	if (refused && !err) {
		report_msg(rep, "%s: plain http to %s refused: not a loopback address "
			   "(use https, or TEMPLATE_REPO_INSECURE=yes in vz.conf)", g->url, u->host);
		return (errno = EPERM, -1);
	}
	report_msg(rep, "%s: connect: %s", g->url, strerror(err));
	return (errno = err, -1);
}

static ssize_t get_read(struct get *g, void *buf, size_t n)
{
	return g->tls ? g->tls->read(&g->conn, buf, n) : tmpl_conn_read(&g->conn, buf, n);
}

static int get_write(struct get *g, const void *buf, size_t n)
{
	if (!g->tls)
		return tmpl_conn_write_all(&g->conn, buf, n);
	while (n > 0) {
		ssize_t r = g->tls->write(&g->conn, buf, n);

		if (r <= 0)
			return -1;
		buf = (const char *)buf + r;
		n -= (size_t)r;
	}
	return 0;
}

static void get_close(struct get *g)
{
	if (g->tls)
		g->tls->end(&g->conn);
	if (g->conn.fd >= 0)
		close(g->conn.fd);
	g->conn.fd = -1;
	g->tls = NULL;
}

static int get_request(struct get *g, const struct tmpl_url *u, const struct report *rep)
{
	char req[TMPL_URL_MAX + 512];
	int v6 = strchr(u->host, ':') != NULL, n;

	n = snprintf(req, sizeof req,
		     "GET %s HTTP/1.1\r\nHost: %s%s%s:%u\r\nUser-Agent: vztmpl-dl\r\n"
		     "Accept-Encoding: identity\r\nConnection: close\r\n\r\n",
		     u->path, v6 ? "[" : "", u->host, v6 ? "]" : "", u->port);
	if (n < 0 || (size_t)n >= sizeof req || get_write(g, req, (size_t)n) < 0) {
		report_msg(rep, "%s: sending the request: %s", g->url, strerror(errno));
		return -1;
	}
	return 0;
}

/* Reads the head into g->buf; returns the bytes read (head and any body after it). */
static ssize_t get_head(struct get *g, struct tmpl_http_head *h, size_t *head_len,
			const struct report *rep)
{
	size_t len = 0;

	while (!(*head_len = tmpl_http_head_end(g->buf, len))) {
		ssize_t r;

		if (len == TMPL_HTTP_HEAD_MAX) {
			report_msg(rep, "%s: response head larger than %d bytes", g->url,
				   TMPL_HTTP_HEAD_MAX);
			return (errno = EINVAL, -1);
		}
		r = get_read(g, g->buf + len, TMPL_HTTP_HEAD_MAX - len);
		if (r <= 0) {
			report_msg(rep, "%s: reading the response: %s", g->url,
				   r == 0 ? "connection closed" : strerror(errno));
			return -1;
		}
		len += (size_t)r;
	}
	if (tmpl_http_head_parse(g->buf, *head_len, h, rep) < 0)
		return -1;
	return (ssize_t)len;
}

struct body {
	tmpl_http_sink sink;
	void *ctx;
	uint64_t got;
};

static int body_deliver(struct get *g, struct body *b, const char *p, size_t n,
			const struct report *rep)
{
	if (n == 0)
		return 0;
	if (b->got + n > g->o->max_body) {
		report_msg(rep, "%s: body larger than %llu bytes", g->url,
			   (unsigned long long)g->o->max_body);
		return (errno = EFBIG, -1);
	}
	b->got += n;
	return b->sink(b->ctx, p, n);
}

static int get_body(struct get *g, const struct tmpl_http_head *h, size_t have, size_t skip,
		    struct body *b, const struct report *rep)
{
	struct tmpl_http_chunked ch;
	size_t len = have - skip;

	tmpl_http_chunked_init(&ch);
	if (!h->chunked && h->length < 0) {
		report_msg(rep, "%s: response without Content-Length or chunked coding", g->url);
		return (errno = EINVAL, -1);
	}
	if (h->length >= 0 && (uint64_t)h->length > g->o->max_body) {
		report_msg(rep, "%s: body of %lld bytes, more than %llu allowed", g->url,
			   h->length, (unsigned long long)g->o->max_body);
		return (errno = EFBIG, -1);
	}
	if (g->o->body_length)
		*g->o->body_length = h->chunked ? -1 : h->length;
	memmove(g->buf, g->buf + skip, len);
	for (;;) {
		ssize_t r;

		if (h->chunked) {
			size_t used;
			ssize_t n = tmpl_http_chunked_decode(&ch, g->buf, len, &used);

			if (n < 0) {
				report_msg(rep, "%s: malformed chunked body", g->url);
				return -1;
			}
			if (body_deliver(g, b, g->buf, (size_t)n, rep) < 0)
				return -1;
			if (ch.done)
				return 0;
		} else {
			if (b->got + len > (uint64_t)h->length)
				len = (size_t)((uint64_t)h->length - b->got);
			if (body_deliver(g, b, g->buf, len, rep) < 0)
				return -1;
			if (b->got == (uint64_t)h->length)
				return 0;
		}
		r = get_read(g, g->buf, sizeof g->buf);
		if (r <= 0) {
			report_msg(rep, "%s: body cut short after %llu bytes: %s", g->url,
				   (unsigned long long)b->got,
				   r == 0 ? "connection closed" : strerror(errno));
			return (errno = r == 0 ? EPIPE : errno, -1);
		}
		len = (size_t)r;
	}
}

/* One request: 0 done, 1 redirected (*next set), -1 failed. */
static int get_once(struct get *g, const struct tmpl_url *u, struct body *b,
		    struct tmpl_url *next, const struct report *rep)
{
	struct tmpl_http_head h;
	size_t head_len;
	ssize_t have;

	tmpl_url_format(u, g->url, sizeof g->url);
	if (u->https && !g->o->tls) {
		report_msg(rep, "%s: https is not available in this program", g->url);
		return (errno = ENOTSUP, -1);
	}
	if (get_connect(g, u, rep) < 0)
		return -1;
	if (u->https) {
		if (g->o->tls->start(&g->conn, u->host, g->o->ca_file, rep) < 0)
			return -1;
		g->tls = g->o->tls;
	}
	if (get_request(g, u, rep) < 0 || (have = get_head(g, &h, &head_len, rep)) < 0)
		return -1;
	if (h.status == 200)
		return get_body(g, &h, (size_t)have, head_len, b, rep);
	if ((h.status == 301 || h.status == 302 || h.status == 303 || h.status == 307 ||
	     h.status == 308) && h.location[0]) {
		if (tmpl_url_resolve(u, h.location, next) < 0) {
			report_msg(rep, "%s: redirect to a bad URL", g->url);
			return (errno = EINVAL, -1);
		}
		if (u->https && !next->https) {
			report_msg(rep, "%s: redirect from https to http refused", g->url);
			return (errno = EPERM, -1);
		}
		return 1;
	}
	report_msg(rep, "%s: HTTP status %d", g->url, h.status);
	return (errno = h.status == 404 ? ENOENT : EPROTO, -1);
}

int tmpl_http_get(const struct tmpl_url *url, const struct tmpl_http_opts *o,
		  tmpl_http_sink sink, void *ctx, const struct report *rep)
{
	struct get *g = malloc(sizeof *g);	/* its buffer is too big for the stack */
	struct body b = { sink, ctx, 0 };
	struct tmpl_url u = *url, next;
	int r = -1;

	if (!g) {
		report_msg(rep, "%s: %s", url->host, strerror(errno));
		return -1;
	}
	g->o = o;
	for (int hops = 0; hops <= TMPL_HTTP_REDIRECTS_MAX; hops++) {
		memset(&g->conn, 0, sizeof g->conn);
		g->conn.fd = -1;
		g->conn.timeout_ms = o->timeout_ms;
		g->tls = NULL;
		r = get_once(g, &u, &b, &next, rep);
		get_close(g);
		if (r != 1)
			goto out;
		u = next;
	}
	report_msg(rep, "%s: more than %d redirects", g->url, TMPL_HTTP_REDIRECTS_MAX);
	errno = ELOOP;
	r = -1;
out:
	free(g);
	return r;
}
