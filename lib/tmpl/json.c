#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "tmpl/json.h"

struct json {
	const char *p, *end;
	char path[TMPL_JSON_STR_MAX];
	size_t plen;
	tmpl_json_fn *fn;
	void *ctx;
};

static int value(struct json *j, int depth);

static void space(struct json *j)
{
	while (j->p < j->end && strchr(" \t\r\n", *j->p) && *j->p)
		j->p++;
}

static int lit(struct json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return -1;
	j->p += n;
	return 0;
}

/* A string into out (NUL terminated); \u escapes above 0x7f are refused. */
static int string(struct json *j, char *out, size_t size)
{
	size_t n = 0;

	if (j->p >= j->end || *j->p++ != '"')
		return -1;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;

		if ((unsigned char)c < 0x20)
			return -1;
		if (c == '\\') {
			if (j->p >= j->end)
				return -1;
			c = *j->p++;
			switch (c) {
			case '"': case '\\': case '/': break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				int v = 0;

				for (int i = 0; i < 4; i++) {
					int h = j->p < j->end ? hex_digit(*j->p++) : -1;

					if (h < 0)
						return -1;
					v = v << 4 | h;
				}
				if (v == 0 || v > 0x7f)
					return -1;
				c = (char)v;
				break;
			}
			default: return -1;
			}
		}
		if (n + 1 >= size)
			return -1;
		out[n++] = c;
	}
	if (j->p >= j->end)
		return -1;
	j->p++;
	out[n] = '\0';
	return 0;
}

static int path_push(struct json *j, const char *elem, size_t *saved)
{
	int n;

	*saved = j->plen;
	n = snprintf(j->path + j->plen, sizeof j->path - j->plen, "/%s", elem);
	if (n < 0 || (size_t)n >= sizeof j->path - j->plen)
		return -1;
	j->plen += (size_t)n;
	return 0;
}

static int object(struct json *j, int depth)
{
	static char key[TMPL_JSON_STR_MAX];
	size_t saved;

	j->p++;
	space(j);
	if (j->p < j->end && *j->p == '}')
		return (j->p++, 0);
	for (;;) {
		space(j);
		if (string(j, key, sizeof key) < 0 || path_push(j, key, &saved) < 0)
			return -1;
		space(j);
		if (j->p >= j->end || *j->p++ != ':' || value(j, depth + 1) < 0)
			return -1;
		j->plen = saved;
		j->path[saved] = '\0';
		space(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		return j->p < j->end && *j->p++ == '}' ? 0 : -1;
	}
}

static int array(struct json *j, int depth)
{
	char idx[24];
	size_t saved;

	j->p++;
	space(j);
	if (j->p < j->end && *j->p == ']')
		return (j->p++, 0);
	for (unsigned i = 0;; i++) {
		snprintf(idx, sizeof idx, "%u", i);
		if (path_push(j, idx, &saved) < 0 || value(j, depth + 1) < 0)
			return -1;
		j->plen = saved;
		j->path[saved] = '\0';
		space(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		return j->p < j->end && *j->p++ == ']' ? 0 : -1;
	}
}

static int number(struct json *j)
{
	const char *start = j->p;

	while (j->p < j->end && *j->p && strchr("+-0123456789.eE", *j->p))
		j->p++;
	return j->p > start ? 0 : -1;
}

static int value(struct json *j, int depth)
{
	static char str[TMPL_JSON_STR_MAX];

	if (depth > TMPL_JSON_DEPTH)
		return -1;
	space(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '{': return object(j, depth);
	case '[': return array(j, depth);
	case '"':
		if (string(j, str, sizeof str) < 0)
			return -1;
		j->fn(j->ctx, j->path, str);
		return 0;
	case 't': return lit(j, "true");
	case 'f': return lit(j, "false");
	case 'n': return lit(j, "null");
	default: return number(j);
	}
}

int tmpl_json_walk(const char *text, size_t len, tmpl_json_fn *fn, void *ctx)
{
	struct json j = { .p = text, .end = text + len, .fn = fn, .ctx = ctx };

	if (len > TMPL_JSON_MAX || value(&j, 0) < 0)
		return -1;
	space(&j);
	return j.p == j.end ? 0 : -1;
}
