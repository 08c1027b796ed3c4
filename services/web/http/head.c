/*
 * The request line and the header fields of a head http_scan found. The
 * fields vzwebd acts on are checked here (fields.c); the others are kept
 * as they are for nobody to read.
 */
#include <string.h>

#include "head.h"
#include "path.h"
#include "token.h"

static int head_fail(int status, const char *reason, const char **why)
{
	*why = reason;
	return status;
}

static const char *const method_names[] = {
	[HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD", [HTTP_POST] = "POST", [HTTP_PUT] = "PUT",
	[HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE", [HTTP_OPTIONS] = "OPTIONS",
};

const char *http_method_name(enum http_method m)
{
	return m >= HTTP_GET && m <= HTTP_OPTIONS ? method_names[m] : "?";
}

static int head_method(struct http_req *r, struct http_str m, const char **why)
{
	unsigned i;

	if (!http_is_token(m.p, m.n))
		return head_fail(400, "malformed method", why);
	for (i = HTTP_GET; i <= HTTP_OPTIONS; i++)
		if (strlen(method_names[i]) == m.n && !memcmp(method_names[i], m.p, m.n)) {
			r->method = i;
			r->method_name = m;
			return 0;
		}
	return head_fail(501, "method not implemented", why);
}

static int head_version(struct http_req *r, struct http_str v, const char **why)
{
	if (v.n != 8 || memcmp(v.p, "HTTP/", 5) || v.p[5] < '0' || v.p[5] > '9' ||
	    v.p[6] != '.' || v.p[7] < '0' || v.p[7] > '9')
		return head_fail(400, "malformed HTTP version", why);
	if (v.p[5] != '1' || v.p[7] > '1')
		return head_fail(505, "HTTP version not supported", why);
	r->minor = v.p[7] - '0';
	return 0;
}

/* Origin-form only: "/path[?query]", visible ASCII, no fragment. */
static int head_target(struct http_req *r, struct http_str t, const char **why)
{
	const char *q;
	size_t i;
	int st;

	if (t.n == 0 || t.p[0] != '/')
		return head_fail(400, "request target not in origin form (\"/path\")", why);
	for (i = 0; i < t.n; i++)
		if (t.p[i] <= ' ' || t.p[i] >= 0x7f || t.p[i] == '#')
			return head_fail(400, "request target with a blank, control byte or '#'", why);
	r->target = t;
	q = memchr(t.p, '?', t.n);
	if (q) {
		r->query.p = q + 1;
		r->query.n = t.n - (size_t)(q + 1 - t.p);
	}
	st = http_path_decode(t.p, q ? (size_t)(q - t.p) : t.n, r->path, sizeof r->path, why);
	return st;
}

/* "METHOD SP target SP HTTP/1.x", one blank each. */
static int head_request_line(struct http_req *r, const char *p, size_t n, const char **why)
{
	const char *sp1 = memchr(p, ' ', n), *sp2;
	struct http_str m, t, v;
	int st;

	if (!sp1)
		return head_fail(400, "malformed request line", why);
	sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - p));
	if (!sp2 || memchr(sp2 + 1, ' ', n - (size_t)(sp2 + 1 - p)))
		return head_fail(400, "malformed request line", why);
	m = (struct http_str){ p, (size_t)(sp1 - p) };
	t = (struct http_str){ sp1 + 1, (size_t)(sp2 - sp1 - 1) };
	v = (struct http_str){ sp2 + 1, n - (size_t)(sp2 + 1 - p) };
	if ((st = head_method(r, m, why)) || (st = head_version(r, v, why)))
		return st;
	return head_target(r, t, why);
}

/* "name:" OWS value OWS, the value of visible bytes, blanks and obs-text. */
static int head_field(struct http_field *f, const char *p, size_t n, const char **why)
{
	const char *colon = memchr(p, ':', n);
	size_t i, a, b;

	if (!colon || colon == p || !http_is_token(p, (size_t)(colon - p)))
		return head_fail(400, "malformed header field name", why);
	f->name = (struct http_str){ p, (size_t)(colon - p) };
	a = (size_t)(colon + 1 - p);
	b = n;
	for (i = a; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c < ' ' && c != '\t') || c == 0x7f)
			return head_fail(400, "control byte in a header field", why);
	}
	while (a < b && (p[a] == ' ' || p[a] == '\t'))
		a++;
	while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'))
		b--;
	f->value = (struct http_str){ p + a, b - a };
	return 0;
}

int http_head_parse(const char *buf, size_t len, struct http_req *r, const char **why)
{
	const char *p = buf, *end = buf + len, *eol;
	int st, first = 1;

	memset(r, 0, sizeof *r);
	r->content_length = -1;
	while (p < end && (eol = memchr(p, '\r', (size_t)(end - p))) && eol > p) {
		if (eol + 1 == end || eol[1] != '\n')
			return head_fail(400, "CR without LF in the request head", why);
		if (first) {
			st = head_request_line(r, p, (size_t)(eol - p), why);
			first = 0;
		} else if (r->nfields == HTTP_FIELDS_MAX) {
			st = head_fail(431, "more than 64 header fields", why);
		} else {
			st = head_field(&r->field[r->nfields++], p, (size_t)(eol - p), why);
		}
		if (st)
			return st;
		p = eol + 2;
	}
	if (first || p + 2 != end || memcmp(p, "\r\n", 2))
		return head_fail(400, "malformed request head", why);
	return http_fields_check(r, why);
}
