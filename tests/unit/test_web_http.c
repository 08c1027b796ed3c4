/*
 * services/web/http: request heads (the scanner fed byte by byte and
 * whole, the parser), smuggling shapes refused, credentials picked out,
 * paths decoded, chunked bodies decoded with their limits.
 */
#include <stdlib.h>
#include <string.h>

#include "../../services/web/http/chunked.h"
#include "../../services/web/http/head.h"
#include "../../services/web/http/path.h"
#include "tap.h"

static struct http_req req;

/* The head in text through the scanner one byte at a time, then whole,
   then the parser: 0 or the status refusing it (both scans must agree). */
static int head_status(const char *text)
{
	struct http_scan s1 = { 0 }, s2 = { 0 };
	size_t len = strlen(text), i;
	const char *why;
	long r1 = HTTP_SCAN_MORE, r2;

	for (i = 1; i <= len && r1 == HTTP_SCAN_MORE; i++)
		r1 = http_scan(&s1, text, i, &why);
	r2 = http_scan(&s2, text, len, &why);
	if (r1 != r2)
		return 999;
	if (r1 < 0)
		return (int)-r1;
	if (r1 == HTTP_SCAN_MORE)
		return 0 - 1;
	return http_head_parse(text, (size_t)r1, &req, &why);
}

#define GOOD_HOST "Host: node.example:8443\r\n"

static void test_heads_accepted(void)
{
	struct http_str v;

	is_int(head_status("GET /index.html HTTP/1.1\r\n" GOOD_HOST "\r\n"), 0, "a plain GET");
	ok(req.method == HTTP_GET && req.minor == 1 && req.keep_alive, "GET, 1.1, keep-alive");
	is_str(req.path, "/index.html", "its path");
	ok(http_str_is(req.host, "node.example:8443"), "its Host");
	is_int(req.content_length, -1, "no Content-Length");

	is_int(head_status("POST /api/v1/session?x=1&y HTTP/1.1\r\nHost: 10.0.2.15\r\n"
			   "Content-Length: 42\r\nContent-Type: application/json\r\n"
			   "Connection: close\r\nCookie: a=b; __Host-vzweb=\"s3cr3t\"; c=d\r\n"
			   "Authorization: Bearer abc.DEF-123=\r\nX-CSRF-Token: tok\r\n\r\n"),
	       0, "a POST with a body, cookie, token, CSRF header");
	is_int(req.content_length, 42, "Content-Length 42");
	ok(!req.keep_alive, "Connection: close ends keep-alive");
	ok(req.query.n == 5 && !memcmp(req.query.p, "x=1&y", 5), "the query, raw");
	ok(http_cookie_get(&req, "__Host-vzweb", &v) == 1 && v.n == 6 && !memcmp(v.p, "s3cr3t", 6),
	   "the session cookie's value, unquoted");
	ok(http_cookie_get(&req, "__Host-other", &v) == 0, "an absent cookie");
	ok(http_bearer_get(&req, &v) == 1 && v.n == 12 && !memcmp(v.p, "abc.DEF-123=", 12),
	   "the Bearer token");
	ok(http_str_is(req.csrf, "tok"), "the CSRF header");

	is_int(head_status("GET / HTTP/1.0\r\n\r\n"), 0, "HTTP/1.0 without Host");
	ok(!req.keep_alive, "1.0 closes by default");
	is_int(head_status("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), 0, "1.0 keep-alive");
	ok(req.keep_alive, "1.0 with Connection: keep-alive stays open");
	is_int(head_status("GET /api/v1/containers/101/console HTTP/1.1\r\nHost: [::1]:443\r\n"
			   "Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
			   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"),
	       0, "a WebSocket upgrade with an IPv6 Host");
	ok(req.upgrade_websocket && req.ws_key.n == 24, "upgrade and key seen");
	is_int(head_status("PUT /api/v1/templates/x HTTP/1.1\r\n" GOOD_HOST
			   "Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n"),
	       0, "an upload expecting 100-continue");
	ok(req.expect_continue && req.content_length == 100000000, "both seen");
	is_int(head_status("POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: Chunked\r\n\r\n"), 0,
	       "chunked");
	ok(req.chunked, "chunked seen");
	is_int(head_status("GET / HTTP/1.1\r\n" GOOD_HOST "X-Empty:\r\nX-Blank:   \t \r\n\r\n"),
	       0, "empty field values");
	ok(req.nfields == 3 && req.field[1].value.n == 0 && req.field[2].value.n == 0,
	   "kept empty");
}

static void test_accept_encoding(void)
{
	static const struct {
		const char *value;
		int gzip;
	} cases[] = {
		{ "gzip", 1 }, { "deflate, gzip;q=0.5, br", 1 }, { "gzip;q=0", 0 },
		{ "gzip; q=0.000", 0 }, { "*", 1 }, { "*;q=0", 0 }, { "br, deflate", 0 },
		{ "GZIP", 1 }, { "gzipx", 0 }, { "*, gzip;q=0", 0 },
	};
	char head[256];
	unsigned i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(head, sizeof head, "GET / HTTP/1.1\r\n" GOOD_HOST "Accept-Encoding: %s\r\n\r\n",
			 cases[i].value);
		ok(head_status(head) == 0 && http_accepts_gzip(&req) == cases[i].gzip,
		   "Accept-Encoding: %s -> gzip %s", cases[i].value, cases[i].gzip ? "yes" : "no");
	}
	ok(head_status("GET / HTTP/1.1\r\n" GOOD_HOST "\r\n") == 0 && !http_accepts_gzip(&req),
	   "no Accept-Encoding: no gzip");
}

static const struct {
	const char *head;
	int status;
	const char *name;
} refused[] = {
	/* framing a front end and we could read differently */
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "CL + TE" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400, "TE + CL" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", 400, "two equal CLs" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400, "two CLs" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: 5, 5\r\n\r\n", 400, "a CL list" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: +5\r\n\r\n", 400, "a signed CL" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: 0x10\r\n\r\n", 400, "a hex CL" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length: 1000000000000000\r\n\r\n", 400, "a 16-digit CL" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Content-Length:\r\n\r\n", 400, "an empty CL" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: gzip, chunked\r\n\r\n", 501, "TE gzip, chunked" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: chunked, chunked\r\n\r\n", 501, "TE chunked twice in one field" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "two TE fields" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: identity\r\n\r\n", 501, "TE identity" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding: xchunked\r\n\r\n", 501, "TE xchunked" },
	{ "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "TE in HTTP/1.0" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Transfer-Encoding : chunked\r\n\r\n", 400, "a blank before the colon" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Foo: bar\r\n Transfer-Encoding: chunked\r\n\r\n", 400, "obs-fold with a blank" },
	{ "POST / HTTP/1.1\r\n" GOOD_HOST "Foo: bar\r\n\tx\r\n\r\n", 400, "obs-fold with a tab" },
	{ "GET / HTTP/1.1\n" GOOD_HOST "\r\n", 400, "a bare LF ending the request line" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "X: a\nContent-Length: 5\r\n\r\n", 400, "a bare LF in a field" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "X: a\rContent-Length: 5\r\n\r\n", 400, "a bare CR in a field" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "\n", 400, "a bare LF ending the head" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "X: a\x01\r\n\r\n", 400, "a control byte in a value" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "X: a\x7f\r\n\r\n", 400, "DEL in a value" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "X(y): a\r\n\r\n", 400, "a field name with '('" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST ": a\r\n\r\n", 400, "an empty field name" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "NoColon\r\n\r\n", 400, "a field without a colon" },
	/* request lines */
	{ "\r\nGET / HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "an empty line before the request line" },
	{ "GET http://evil/ HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "absolute-form" },
	{ "GET * HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "asterisk-form" },
	{ "CONNECT node:443 HTTP/1.1\r\n" GOOD_HOST "\r\n", 501, "CONNECT (authority-form)" },
	{ "GET  / HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "two blanks" },
	{ "GET / HTTP/1.1 \r\n" GOOD_HOST "\r\n", 400, "a trailing blank" },
	{ "GET /\tx HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "a tab in the target" },
	{ "GET /a#b HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "a fragment" },
	{ "GET /\xc3\xa9 HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "raw non-ASCII in the target" },
	{ "GET / HTTP/2.0\r\n" GOOD_HOST "\r\n", 505, "HTTP/2.0" },
	{ "GET / HTTP/1.2\r\n" GOOD_HOST "\r\n", 505, "HTTP/1.2" },
	{ "GET / HTTP/1.10\r\n" GOOD_HOST "\r\n", 400, "HTTP/1.10" },
	{ "GET / http/1.1\r\n" GOOD_HOST "\r\n", 400, "a lower-case version" },
	{ "get / HTTP/1.1\r\n" GOOD_HOST "\r\n", 501, "a lower-case method" },
	{ "BREW / HTTP/1.1\r\n" GOOD_HOST "\r\n", 501, "an unknown method" },
	{ "G@T / HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "a method that is no token" },
	{ "GET /\r\n\r\n", 400, "HTTP/0.9" },
	/* Host */
	{ "GET / HTTP/1.1\r\n\r\n", 400, "1.1 without Host" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST GOOD_HOST "\r\n", 400, "two Hosts" },
	{ "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "a blank in Host" },
	{ "GET / HTTP/1.1\r\nHost: evil.com@node\r\n\r\n", 400, "user info in Host" },
	{ "GET / HTTP/1.1\r\nHost: node:99999\r\n\r\n", 400, "a port over 65535" },
	{ "GET / HTTP/1.1\r\nHost: node:\r\n\r\n", 400, "an empty port" },
	{ "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400, "an unclosed IPv6 literal" },
	{ "GET / HTTP/1.1\r\nHost: node/x\r\n\r\n", 400, "a slash in Host" },
	{ "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400, "an empty Host" },
	/* once-only fields */
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "Origin: https://a\r\nOrigin: https://b\r\n\r\n", 400, "two Origins" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n", 400, "two Authorizations" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "X-CSRF-Token: a\r\nx-csrf-token: b\r\n\r\n", 400, "two CSRF tokens" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "Upgrade: websocket\r\nUpgrade: h2c\r\n\r\n", 400, "two Upgrades" },
	{ "GET / HTTP/1.1\r\n" GOOD_HOST "Expect: 100-continue, x\r\n\r\n", 417, "an unknown Expect" },
	/* paths */
	{ "GET /../etc/passwd HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "a .. above the root" },
	{ "GET /%2e%2e/x HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "an escaped .. above the root" },
	{ "GET /a%00b HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "an escaped NUL" },
	{ "GET /a%2fb HTTP/1.1\r\n" GOOD_HOST "\r\n", 400, "an escaped slash" },
};

static void test_heads_refused(void)
{
	unsigned i;

	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		is_int(head_status(refused[i].head), refused[i].status, refused[i].name);
}

static void test_nul(void)
{
	static const char h[] = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n";
	struct http_scan s = { 0 };
	const char *why;

	is_int(http_scan(&s, h, sizeof h - 1, &why), -400, "a NUL in the head is refused");
	ok(why && strstr(why, "NUL"), "naming the NUL");
}

/* A head of n fields, or a request line of n bytes of path. */
static char *big_head(unsigned fields, size_t path_len)
{
	char *h = malloc(16384 + path_len), *p = h;
	unsigned i;

	p += sprintf(p, "GET /");
	memset(p, 'a', path_len);
	p += path_len;
	p += sprintf(p, " HTTP/1.1\r\n" GOOD_HOST);
	for (i = 1; i < fields; i++)
		p += sprintf(p, "X-F%u: v\r\n", i);
	strcpy(p, "\r\n");
	return h;
}

static void test_limits(void)
{
	char *h;
	struct http_scan s = { 0 };
	const char *why;
	long r;
	size_t n;
	int pad;

	h = big_head(64, 1);
	is_int(head_status(h), 0, "64 fields pass");
	free(h);
	h = big_head(65, 1);
	is_int(head_status(h), 431, "65 fields: 431");
	free(h);
	h = big_head(1, 2048 - strlen("GET / HTTP/1.1"));
	is_int(head_status(h), 414, "a 2048-byte request line passes the scanner, its path is too long: 414");
	free(h);
	h = big_head(1, 2049 - strlen("GET / HTTP/1.1"));
	n = strlen(h);
	r = http_scan(&s, h, 2048, &why);
	is_int(r, HTTP_SCAN_MORE, "2048 bytes of request line: more wanted");
	r = http_scan(&s, h, 2049, &why);
	is_int(r, -414, "the 2049th byte of a request line: 414 at once, before its end");
	free(h);
	h = malloc(9000);
	for (pad = 0; pad < 2; pad++) {
		n = (size_t)sprintf(h, "GET / HTTP/1.1\r\n" GOOD_HOST "X: ");
		memset(h + n, 'p', HTTP_HEAD_MAX - 4 - n + pad);
		n = HTTP_HEAD_MAX - 4 + pad;
		memcpy(h + n, "\r\n\r\n", 4);
		memset(&s, 0, sizeof s);
		r = http_scan(&s, h, n + 2, &why);
		is_int(r, HTTP_SCAN_MORE, pad ? "8191 bytes before the blank line: more wanted"
					      : "8190 bytes before the blank line: more wanted");
		r = http_scan(&s, h, n + 4, &why);
		if (pad)
			is_int(r, -431, "a head of 8193 bytes: 431");
		else
			is_int(r, HTTP_HEAD_MAX, "a head of exactly 8192 bytes is taken");
	}
	memset(h, 'x', 8192);
	memcpy(h, "GET / HTTP/1.1\r\nX: ", 19);
	memset(&s, 0, sizeof s);
	is_int(http_scan(&s, h, 8192, &why), HTTP_SCAN_MORE, "8192 bytes without an end: more wanted");
	is_int(http_scan(&s, h, 8193, &why), -431, "the 8193rd byte: 431");
	free(h);
}

static void test_slashes(void)
{
	size_t n = 2000, i;
	char *h = malloc(n + 64);
	int st;

	memcpy(h, "GET ", 4);
	for (i = 0; i < n; i++)
		h[4 + i] = '/';
	strcpy(h + 4 + n, " HTTP/1.1\r\n" GOOD_HOST "\r\n");
	st = head_status(h);
	is_int(st, 0, "GET //////... (2000 slashes) is taken");
	is_str(req.path, "/", "collapsed to /");
	for (i = 0; i + 1 < n; i += 2)
		memcpy(h + 4 + i, "/.", 2);
	st = head_status(h);
	is_int(st, 0, "GET /./././... is taken");
	is_str(req.path, "/", "and is /");
	free(h);
}

static void test_paths(void)
{
	static const struct {
		const char *raw, *want;
		int status;
	} cases[] = {
		{ "/", "/", 0 },
		{ "/index.html", "/index.html", 0 },
		{ "//a///b", "/a/b", 0 },
		{ "/a/./b/", "/a/b/", 0 },
		{ "/a/b/..", "/a/", 0 },
		{ "/a/b/../c", "/a/c", 0 },
		{ "/a/%2E%2e/c", "/c", 0 },
		{ "/%61%62c", "/abc", 0 },
		{ "/a/.", "/a/", 0 },
		{ "/a/..b", "/a/..b", 0 },
		{ "/.hidden", "/.hidden", 0 },
		{ "/..", NULL, 400 },
		{ "/a/../..", NULL, 400 },
		{ "/a/../../b", NULL, 400 },
		{ "/%2e%2E", NULL, 400 },
		{ "/%", NULL, 400 },
		{ "/%4", NULL, 400 },
		{ "/%zz", NULL, 400 },
		{ "/%00", NULL, 400 },
		{ "/a%2Fb", NULL, 400 },
		{ "/%0a", NULL, 400 },
		{ "/%20", NULL, 400 },
		{ "/%c3%a9", NULL, 400 },
		{ "/%7f", NULL, 400 },
		{ "a", NULL, 400 },
	};
	char out[HTTP_PATH_MAX], *big;
	const char *why;
	unsigned i;
	int st;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		st = http_path_decode(cases[i].raw, strlen(cases[i].raw), out, sizeof out, &why);
		if (cases[i].want)
			ok(st == 0 && !strcmp(out, cases[i].want), "path %s -> %s", cases[i].raw,
			   cases[i].want);
		else
			ok(st == cases[i].status, "path %s refused with %d", cases[i].raw,
			   cases[i].status);
	}
	big = malloc(3 * 2048);
	big[0] = '/';
	memset(big + 1, 'a', 1022);
	ok(http_path_decode(big, 1023, out, sizeof out, &why) == 0 && strlen(out) == 1023,
	   "a 1023-byte path fits");
	memset(big + 1, 'a', 1023);
	ok(http_path_decode(big, 1024, out, sizeof out, &why) == 414, "a 1024-byte path: 414");
	for (i = 0; i < 1022 * 3; i += 3)
		memcpy(big + 1 + i, "%61", 3);
	ok(http_path_decode(big, 1 + 1022 * 3, out, sizeof out, &why) == 0 && strlen(out) == 1023,
	   "1022 escapes decode to a 1023-byte path");
	free(big);
}

/* Decodes text fed in pieces of step bytes: 0 and the body, or the status. */
static int chunked_run(const char *text, size_t step, uint64_t max, char *body, size_t *body_len,
		       size_t *rest)
{
	struct http_chunked c;
	size_t len = strlen(text), off = 0, used, out, n;
	char buf[256];
	const char *why;
	int st;

	http_chunked_init(&c, max);
	*body_len = 0;
	while (off < len && !c.done) {
		n = len - off < step ? len - off : step;
		memcpy(buf, text + off, n);
		if ((st = http_chunked_decode(&c, buf, n, &used, &out, &why)))
			return st;
		memcpy(body + *body_len, buf, out);
		*body_len += out;
		off += used;
	}
	*rest = len - off;
	return c.done ? 0 : -1;
}

static void test_chunked(void)
{
	static const struct {
		const char *text;
		int status;
		const char *body, *name;
	} cases[] = {
		{ "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 0, "hello world", "two chunks" },
		{ "5;ext=1;y\r\nhello\r\n0\r\n\r\n", 0, "hello", "extensions" },
		{ "5 \r\nhello\r\n0\r\n\r\n", 0, "hello", "a blank after the size" },
		{ "0000000000000005\r\nhello\r\n0\r\n\r\n", 0, "hello", "16 digits" },
		{ "5\r\nhello\r\n0\r\nX-T: 1\r\nY: 2\r\n\r\n", 0, "hello", "trailers dropped" },
		{ "A\r\n0123456789\r\n0\r\n\r\n", 0, "0123456789", "hex size" },
		{ "00000000000000005\r\nhello\r\n0\r\n\r\n", 400, NULL, "17 digits" },
		{ "FFFFFFFFFFFFFFFF\r\nx", 413, NULL, "2^64-1 bytes: over the limit, no wrap" },
		{ "10000000000000001\r\nx", 400, NULL, "a size past 2^64: too many digits" },
		{ "101\r\n", 413, NULL, "one chunk over the limit" },
		{ "80\r\n", 0 - 1, NULL, "a chunk of the limit is waited for" },
		{ "5\r\nhelloX\r\n", 400, NULL, "data longer than its size" },
		{ "5\nhello\r\n", 400, NULL, "a bare LF after the size" },
		{ "5\r\nhello\n0\r\n\r\n", 400, NULL, "a bare LF after data" },
		{ "5\r\nhello\r\n0\r\n\n", 400, NULL, "a bare LF at the end" },
		{ "\r\nhello\r\n", 400, NULL, "no size" },
		{ "-5\r\nhello\r\n", 400, NULL, "a negative size" },
		{ "0x5\r\nhello\r\n", 400, NULL, "0x" },
		{ "5;\x01\r\nhello\r\n", 400, NULL, "a control byte in an extension" },
		{ "0\r\nNoColon\r\n\r\n", 400, NULL, "a trailer without a colon" },
		{ "0\r\n X: 1\r\n\r\n", 400, NULL, "a folded trailer" },
		{ "0\r\n:x\r\n\r\n", 400, NULL, "a trailer without a name" },
	};
	char body[512];
	size_t len, rest, step;
	unsigned i;
	int st, same;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		st = chunked_run(cases[i].text, 1000, 256, body, &len, &rest);
		same = 1;
		for (step = 1; step < 8; step++) {
			char b2[512];
			size_t l2, r2;

			same &= chunked_run(cases[i].text, step, 256, b2, &l2, &r2) == st &&
				(st || (l2 == len && !memcmp(b2, body, len)));
		}
		if (cases[i].body)
			ok(st == 0 && len == strlen(cases[i].body) && !memcmp(body, cases[i].body, len) &&
			   same, "chunked: %s", cases[i].name);
		else
			ok(st == cases[i].status && same, "chunked: %s (%d)", cases[i].name,
			   cases[i].status);
	}
	st = chunked_run("5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n", 1000, 256, body, &len, &rest);
	ok(st == 0 && rest == 16, "bytes after the body are left for the next request");
	{
		char many[512] = "0\r\n";
		int k;

		for (k = 0; k < 17; k++)
			strcat(many, "X: 1\r\n");
		strcat(many, "\r\n");
		ok(chunked_run(many, 1000, 256, body, &len, &rest) == 400, "17 trailers refused");
	}
}

int main(void)
{
	test_heads_accepted();
	test_accept_encoding();
	test_heads_refused();
	test_nul();
	test_limits();
	test_slashes();
	test_paths();
	test_chunked();
	return done_testing();
}
