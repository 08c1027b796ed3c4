/*
 * The credentials a request carries, picked out for priv: the session
 * cookie's value and a Bearer token. Nothing else of Cookie or
 * Authorization leaves net.
 */
#include <string.h>
#include <strings.h>

#include "head.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One "name=value" pair of a Cookie field matching name: 1 and *value. */
static int cookie_pair(const char *p, size_t n, const char *name, struct http_str *value)
{
	size_t len = strlen(name);

	while (n && is_blank(*p))
		p++, n--;
	while (n && is_blank(p[n - 1]))
		n--;
	if (n <= len || memcmp(p, name, len) || p[len] != '=')
		return 0;
	p += len + 1;
	n -= len + 1;
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"')
		p++, n -= 2;
	*value = (struct http_str){ p, n };
	return 1;
}

int http_cookie_get(const struct http_req *r, const char *name, struct http_str *value)
{
	unsigned i;
	int found = 0;

	for (i = 0; i < r->nfields; i++) {
		struct http_str v = r->field[i].value;
		size_t a = 0, b;

		if (!http_str_is(r->field[i].name, "cookie"))
			continue;
		while (a <= v.n) {
			const char *semi = memchr(v.p + a, ';', v.n - a);

			b = semi ? (size_t)(semi - v.p) : v.n;
			if (cookie_pair(v.p + a, b - a, name, value) && found++)
				return -1;
			a = b + 1;
		}
	}
	return found;
}

int http_bearer_get(const struct http_req *r, struct http_str *token)
{
	struct http_str a = r->authorization;
	size_t i = 6;

	if (a.n <= 7 || strncasecmp(a.p, "Bearer", 6) || !is_blank(a.p[6]))
		return 0;
	while (i < a.n && is_blank(a.p[i]))
		i++;
	*token = (struct http_str){ a.p + i, a.n - i };
	for (; i < a.n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=",
			    a.p[i]))
			return 0;
	return token->n > 0;
}

/* Whether a coding's parameters say q=0. */
static int coding_refused(const char *p, size_t n)
{
	const char *q;

	while ((q = memchr(p, ';', n))) {
		n -= (size_t)(q + 1 - p);
		p = q + 1;
		while (n && is_blank(*p))
			p++, n--;
		if (n >= 3 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			size_t i = 2;

			while (i < n && (p[i] == '0' || p[i] == '.'))
				i++;
			return i == n || p[i] == ';' || is_blank(p[i]);
		}
	}
	return 0;
}

int http_accepts_gzip(const struct http_req *r)
{
	int gzip = -1, star = -1;
	unsigned i;

	for (i = 0; i < r->nfields; i++) {
		struct http_str v = r->field[i].value;
		size_t a = 0, b, e;

		if (!http_str_is(r->field[i].name, "accept-encoding"))
			continue;
		while (a < v.n) {
			const char *comma = memchr(v.p + a, ',', v.n - a);

			b = comma ? (size_t)(comma - v.p) : v.n;
			while (a < b && is_blank(v.p[a]))
				a++;
			for (e = a; e < b && v.p[e] != ';' && !is_blank(v.p[e]); e++)
				;
			if (e - a == 4 && !strncasecmp(v.p + a, "gzip", 4))
				gzip = !coding_refused(v.p + e, b - e);
			else if (e - a == 1 && v.p[a] == '*')
				star = !coding_refused(v.p + e, b - e);
			a = b + 1;
		}
	}
	return gzip >= 0 ? gzip : star > 0;
}
