/*
 * libFuzzer target: what a template repository sends vztmpl-dl. The same
 * bytes go to the index.sha256 parser, the response head parser, the
 * chunked decoder (fed in odd-sized pieces) and the URL parser (as a
 * redirect Location). Invariants: a found entry names NAME.tar.EXT with
 * no '/', a decoder never yields more bytes than it was given, a parsed
 * URL has a path starting with '/' and a port in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tmpl/http.h"
#include "tmpl/repo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static void index_check(const char *s, size_t len, const struct report *rep)
{
	struct tmpl_repo_entry e;

	if (tmpl_repo_index_find(s, len, "busybox", &e, rep) == 0) {
		check(!strncmp(e.file, "busybox.tar.", 12) && !strchr(e.file, '/'));
		check(memchr(e.file, '\0', sizeof e.file) != NULL);
	}
}

static void chunked_check(const char *s, size_t len)
{
	struct tmpl_http_chunked c;
	char buf[97];
	size_t off = 0, step = 1;

	tmpl_http_chunked_init(&c);
	while (off < len && !c.done) {
		size_t n = len - off < step ? len - off : step, used;
		ssize_t r;

		memcpy(buf, s + off, n);
		r = tmpl_http_chunked_decode(&c, buf, n, &used);
		if (r < 0)
			return;
		check((size_t)r <= n && used <= n && (used == n || c.done));
		off += used;
		step = (step + 13) % sizeof buf + 1;
	}
}

static void url_check(const char *s, size_t len)
{
	struct tmpl_url base, u;
	char loc[TMPL_URL_MAX];

	if (len >= sizeof loc)
		return;
	memcpy(loc, s, len);
	loc[len] = '\0';
	tmpl_url_parse("https://repo.example/base/", &base);
	if (tmpl_url_resolve(&base, loc, &u) == 0) {
		check(u.path[0] == '/' && u.port >= 1 && u.port <= 65535 && u.host[0]);
		check(memchr(u.host, '\0', sizeof u.host) && memchr(u.path, '\0', sizeof u.path));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct report rep = { quiet, NULL };
	struct tmpl_http_head h;
	size_t end;

	index_check(s, size, &rep);
	end = tmpl_http_head_end(s, size);
	if (end && tmpl_http_head_parse(s, end, &h, &rep) == 0)
		check(h.status >= 100 && h.status <= 999 && !(h.chunked && h.length >= 0));
	chunked_check(s + end, size - end);
	url_check(s, size);
	return 0;
}
