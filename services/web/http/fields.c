/*
 * The header fields vzwebd acts on. A field that may appear once and
 * appears twice is refused rather than one copy picked: two parties
 * picking differently is how requests get smuggled.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "head.h"
#include "token.h"

static int fields_fail(int status, const char *reason, const char **why)
{
	*why = reason;
	return status;
}

int http_str_is(struct http_str s, const char *word)
{
	return strlen(word) == s.n && !strncasecmp(s.p, word, s.n);
}

int http_is_token(const char *p, size_t n)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      (c && strchr(extra, c))))
			return 0;
	}
	return n > 0;
}

static int port_valid(const char *p, size_t n)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (unsigned long)(p[i] - '0');
	}
	return v <= 65535;
}

/* uri-host [":" port]: a name or IPv4 address of [A-Za-z0-9.-_~], or [IPv6]. */
static int host_valid(struct http_str h)
{
	size_t i = 0;

	if (h.n == 0 || h.n > 261)
		return 0;
	if (h.p[0] == '[') {
		for (i = 1; i < h.n && h.p[i] != ']'; i++)
			if (!strchr("0123456789abcdefABCDEF:.", h.p[i]))
				return 0;
		if (i == h.n || i == 1)
			return 0;
		i++;
	} else {
		for (; i < h.n && h.p[i] != ':'; i++)
			if (!((h.p[i] >= 'a' && h.p[i] <= 'z') || (h.p[i] >= 'A' && h.p[i] <= 'Z') ||
			      (h.p[i] >= '0' && h.p[i] <= '9') || strchr(".-_~", h.p[i])))
				return 0;
		if (i == 0 || i > 253)
			return 0;
	}
	if (i == h.n)
		return 1;
	return h.p[i] == ':' && port_valid(h.p + i + 1, h.n - i - 1);
}

static int content_length_parse(struct http_str v, long long *out)
{
	long long n = 0;
	size_t i;

	if (v.n == 0 || v.n > 15)
		return -1;
	for (i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return -1;
		n = n * 10 + (v.p[i] - '0');
	}
	*out = n;
	return 0;
}

#define CONN_CLOSE 1u
#define CONN_KEEP_ALIVE 2u
#define CONN_UPGRADE 4u

/* The options of a Connection field: a list of tokens. */
static unsigned connection_options(struct http_str v)
{
	unsigned opts = 0;
	size_t i = 0, a;

	while (i < v.n) {
		while (i < v.n && (v.p[i] == ' ' || v.p[i] == '\t' || v.p[i] == ','))
			i++;
		a = i;
		while (i < v.n && v.p[i] != ',' && v.p[i] != ' ' && v.p[i] != '\t')
			i++;
		if (i > a) {
			struct http_str t = { v.p + a, i - a };

			opts |= http_str_is(t, "close") ? CONN_CLOSE : 0;
			opts |= http_str_is(t, "keep-alive") ? CONN_KEEP_ALIVE : 0;
			opts |= http_str_is(t, "upgrade") ? CONN_UPGRADE : 0;
		}
	}
	return opts;
}

/* The fields that may appear once, and where they go. */
struct once_field {
	const char *name;
	size_t off;
};

#define ONCE(n, member) { n, offsetof(struct http_req, member) }

static const struct once_field once_fields[] = {
	ONCE("host", host),
	ONCE("origin", origin),
	ONCE("authorization", authorization),
	ONCE("x-csrf-token", csrf),
	ONCE("if-match", if_match),
	ONCE("if-none-match", if_none_match),
	ONCE("last-event-id", last_event_id),
	ONCE("content-type", content_type),
	ONCE("sec-websocket-key", ws_key),
	ONCE("sec-websocket-version", ws_version),
};

/* Sets a once-only field; 400 if it came before. 0 if f is none of them. */
static int fields_once(struct http_req *r, const struct http_field *f, const char **why)
{
	size_t i;

	for (i = 0; i < sizeof once_fields / sizeof once_fields[0]; i++) {
		struct http_str *s = (struct http_str *)((char *)r + once_fields[i].off);

		if (!http_str_is(f->name, once_fields[i].name))
			continue;
		if (s->p)
			return fields_fail(400, "a header field that may appear once appears twice", why);
		*s = f->value;
		return 0;
	}
	return 0;
}

/* Content-Length, Transfer-Encoding, Expect, Upgrade: 0 or a status. */
static int fields_framing(struct http_req *r, const struct http_field *f, int *te_seen,
			  int *upgrade_seen, int *expect_seen, const char **why)
{
	if (http_str_is(f->name, "content-length")) {
		if (r->content_length >= 0)
			return fields_fail(400, "Content-Length appears twice", why);
		if (content_length_parse(f->value, &r->content_length) < 0)
			return fields_fail(400, "malformed Content-Length", why);
	} else if (http_str_is(f->name, "transfer-encoding")) {
		if ((*te_seen)++)
			return fields_fail(400, "Transfer-Encoding appears twice", why);
		if (!http_str_is(f->value, "chunked"))
			return fields_fail(501, "transfer coding other than chunked", why);
		r->chunked = 1;
	} else if (http_str_is(f->name, "expect")) {
		if ((*expect_seen)++ || !http_str_is(f->value, "100-continue"))
			return fields_fail(417, "Expect other than 100-continue", why);
		r->expect_continue = 1;
	} else if (http_str_is(f->name, "upgrade")) {
		if ((*upgrade_seen)++)
			return fields_fail(400, "Upgrade appears twice", why);
		*upgrade_seen = http_str_is(f->value, "websocket") ? 2 : 1;
	}
	return 0;
}

int http_fields_check(struct http_req *r, const char **why)
{
	int te = 0, upgrade = 0, expect = 0, st;
	unsigned i, conn = 0;

	for (i = 0; i < r->nfields; i++) {
		const struct http_field *f = &r->field[i];

		if ((st = fields_once(r, f, why)) ||
		    (st = fields_framing(r, f, &te, &upgrade, &expect, why)))
			return st;
		if (http_str_is(f->name, "connection"))
			conn |= connection_options(f->value);
	}
	if (r->chunked && r->content_length >= 0)
		return fields_fail(400, "both Content-Length and Transfer-Encoding", why);
	if (r->chunked && r->minor == 0)
		return fields_fail(400, "Transfer-Encoding in an HTTP/1.0 request", why);
	if (r->host.p ? !host_valid(r->host) : r->minor == 1)
		return fields_fail(400, r->host.p ? "malformed Host" : "no Host", why);
	r->keep_alive = !(conn & CONN_CLOSE) && (r->minor == 1 || (conn & CONN_KEEP_ALIVE));
	r->upgrade_websocket = (conn & CONN_UPGRADE) && upgrade == 2;
	return 0;
}
