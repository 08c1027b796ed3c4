#ifndef VZHOST_WEB_HTTP_HEAD_H
#define VZHOST_WEB_HTTP_HEAD_H

#include <stddef.h>

/*
 * HTTP/1.1 request heads as vzwebd's net process takes them (RFC 9112),
 * strictly: lines end in CRLF and nothing else, no NUL, no obsolete line
 * folding, origin-form targets only, one Host, Content-Length and
 * Transfer-Encoding never together nor twice, no transfer coding but
 * chunked. Pure functions over a buffer; every refusal is an HTTP status
 * and a static reason.
 */

#define HTTP_HEAD_MAX 8192	/* the whole head, request line and blank line included */
#define HTTP_LINE_MAX 2048	/* the request line, without its CRLF */
#define HTTP_FIELDS_MAX 64
#define HTTP_PATH_MAX 1024	/* a decoded path, with its NUL */
#define HTTP_CONTENT_LENGTH_MAX 999999999999999LL	/* 15 digits */

/* Where the head ends, found as bytes arrive (each byte looked at once). */
struct http_scan {
	size_t off;		/* bytes looked at */
	size_t line;		/* where the current line starts */
	unsigned lines;		/* lines ended so far */
};

#define HTTP_SCAN_MORE 0

/*
 * Looks at buf[s->off..len): HTTP_SCAN_MORE, the length of the head once
 * its blank line is in, or minus an HTTP status with *why: 400 (NUL, a
 * bare CR or LF, an empty request line, a folded line), 414 (request line
 * over HTTP_LINE_MAX), 431 (head over HTTP_HEAD_MAX or more than
 * HTTP_FIELDS_MAX fields). Refuses as early as the bytes allow.
 */
long http_scan(struct http_scan *s, const char *buf, size_t len, const char **why);

struct http_str {
	const char *p;
	size_t n;
};

enum http_method {
	HTTP_GET = 1,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
};

struct http_field {
	struct http_str name, value;	/* value without surrounding blanks */
};

struct http_req {
	enum http_method method;
	struct http_str method_name;
	int minor;			/* HTTP/1.minor, 0 or 1 */
	struct http_str target;		/* as sent */
	char path[HTTP_PATH_MAX];	/* decoded and normalised (http_path_decode) */
	struct http_str query;		/* after '?', raw; n = 0 if none */
	unsigned nfields;
	struct http_field field[HTTP_FIELDS_MAX];

	/* the fields that matter, n = 0 when absent */
	struct http_str host, origin, authorization, csrf, if_match, if_none_match,
		last_event_id, content_type, accept_encoding, ws_key, ws_version;
	long long content_length;	/* -1 when absent */
	int chunked;			/* Transfer-Encoding: chunked */
	int keep_alive;			/* the client lets the connection stay open */
	int upgrade_websocket;		/* Connection: upgrade and Upgrade: websocket */
	int expect_continue;		/* Expect: 100-continue */
};

/*
 * The head in buf[0..len) (as found by http_scan) into r, whose strings
 * point into buf: 0, or an HTTP status with *why: 400 (malformed, an
 * absolute-form or asterisk target, a bad or missing Host, Content-Length
 * and Transfer-Encoding together, a field twice that may appear once, a
 * path http_path_decode refuses), 414 (decoded path too long), 417 (an
 * Expect other than 100-continue), 501 (an unknown method or a transfer
 * coding other than chunked), 505 (not HTTP/1.0 or 1.1).
 */
int http_head_parse(const char *buf, size_t len, struct http_req *r, const char **why);

/* Case-insensitive comparison of s with the NUL-terminated word. */
int http_str_is(struct http_str s, const char *word);
/* The value of cookie name in the request's Cookie fields: 1 and *value,
   0 when absent, -1 when it is there more than once. */
int http_cookie_get(const struct http_req *r, const char *name, struct http_str *value);
/* The token of "Authorization: Bearer TOKEN": 1 and *token, 0 if none. */
int http_bearer_get(const struct http_req *r, struct http_str *token);
/* Whether Accept-Encoding admits gzip (listed with a q above 0, or "*"). */
int http_accepts_gzip(const struct http_req *r);
/* The method's name for a method number. */
const char *http_method_name(enum http_method m);

#endif
