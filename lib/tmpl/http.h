#ifndef VZHOST_TMPL_HTTP_H
#define VZHOST_TMPL_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/report.h"

/*
 * The small HTTP/1.1 client vztmpl-dl fetches a template repository with:
 * GET only, one request per connection, every input bounded (URL, response
 * head, header count, body size, time without progress). A body needs a
 * Content-Length or chunked transfer coding. https goes through the TLS
 * operations the program links in (lib/tls/tmpl_client.c, mbedtls) with the
 * server's certificate verified against a CA bundle; plain http only to a
 * loopback address unless the caller allows it.
 */

#define TMPL_URL_MAX 4096
#define TMPL_URL_HOST_MAX 254		/* with the NUL */
#define TMPL_URL_PATH_MAX 2048		/* with the NUL */
#define TMPL_HTTP_HEAD_MAX 16384	/* bytes of a response head */
#define TMPL_HTTP_HEADERS_MAX 64
#define TMPL_HTTP_REDIRECTS_MAX 3
#define TMPL_HTTP_CHUNK_LINE_MAX 256	/* a chunk size line with extensions, a trailer line */

struct tmpl_url {
	int https;
	char host[TMPL_URL_HOST_MAX];	/* a name, an IPv4 address or an IPv6 address without [] */
	unsigned port;
	char path[TMPL_URL_PATH_MAX];	/* from the first '/', query included */
};

/*
 * "http[s]://HOST[:PORT][/PATH]": HOST a DNS name, an IPv4 address or
 * [IPv6]; no user info, no fragment, printable ASCII only. -1 EINVAL.
 */
int tmpl_url_parse(const char *s, struct tmpl_url *u);
/* base's path with "/file" appended (one '/' between). -1 ENAMETOOLONG. */
int tmpl_url_join(const struct tmpl_url *base, const char *file, struct tmpl_url *out);
/* A redirect's Location: an absolute http(s) URL or an absolute path on base's server. */
int tmpl_url_resolve(const struct tmpl_url *base, const char *location, struct tmpl_url *out);
/* "https://host:port/path" for messages (IPv6 in brackets, default port left out). */
void tmpl_url_format(const struct tmpl_url *u, char *out, size_t size);

struct tmpl_http_head {
	int status;
	long long length;	/* Content-Length, -1 if absent */
	int chunked;
	char location[TMPL_URL_MAX];
};

/* Bytes up to and including the blank line ending the head, 0 if not all there yet. */
size_t tmpl_http_head_end(const char *buf, size_t len);
/*
 * The head in buf[0..len) (status line, headers, blank line). Refused
 * (-1 EINVAL, reported): not HTTP/1.0 or 1.1, a bad status, a header line
 * without a colon or with a bad name, folded lines, control characters,
 * more than TMPL_HTTP_HEADERS_MAX headers, a bad or conflicting
 * Content-Length, a transfer coding other than chunked, both chunked and
 * Content-Length, a Location longer than TMPL_URL_MAX.
 */
int tmpl_http_head_parse(const char *buf, size_t len, struct tmpl_http_head *h,
			 const struct report *rep);

/* Decoder of the chunked transfer coding, fed what the socket gives. */
struct tmpl_http_chunked {
	int state;
	uint64_t left;		/* data bytes left in this chunk */
	unsigned line;		/* bytes of the current size or trailer line */
	int digits;
	int done;		/* the last chunk and the trailers are in */
};

void tmpl_http_chunked_init(struct tmpl_http_chunked *c);
/*
 * Decodes buf[0..len) in place: returns the number of data bytes now at
 * the start of buf, or -1 (EINVAL) on a malformed stream. *used is how
 * much of the input was consumed: less than len only once done is set
 * (bytes after the message).
 */
ssize_t tmpl_http_chunked_decode(struct tmpl_http_chunked *c, char *buf, size_t len,
				 size_t *used);

/* A connection: a socket, and the TLS session over it for https. */
struct tmpl_conn {
	int fd;
	int timeout_ms;		/* longest wait for the peer */
	void *tls;
};

struct tmpl_tls_ops {
	/* Handshake over c->fd, host's certificate verified against ca_file. */
	int (*start)(struct tmpl_conn *c, const char *host, const char *ca_file,
		     const struct report *rep);
	ssize_t (*read)(struct tmpl_conn *c, void *buf, size_t n);	/* 0 at the end */
	ssize_t (*write)(struct tmpl_conn *c, const void *buf, size_t n);
	void (*end)(struct tmpl_conn *c);
};

extern const struct tmpl_tls_ops tmpl_tls_mbedtls;

struct tmpl_http_opts {
	const struct tmpl_tls_ops *tls;	/* NULL: https refused */
	const char *ca_file;
	int insecure;			/* plain http to any address */
	int timeout_ms;
	uint64_t max_body;
	int64_t *body_length;		/* set to the body's length (-1: not told) before
					   its first byte reaches the sink; NULL: not wanted */
	int progress;			/* a download's progress drawn on stderr when
					   that is a terminal (base/progress.h) */
};

/* Receives the body; returns 0, or -1 (reported by the sink) to stop. */
typedef int (*tmpl_http_sink)(void *ctx, const void *buf, size_t len);

/*
 * GET url, its body (200 only, after at most TMPL_HTTP_REDIRECTS_MAX
 * redirects, never from https to http) to sink. -1 reported: the URL, the
 * connection, a policy refusal, the status, a malformed response, a body
 * over max_body, a timeout, a short body.
 */
int tmpl_http_get(const struct tmpl_url *url, const struct tmpl_http_opts *o,
		  tmpl_http_sink sink, void *ctx, const struct report *rep);

/* Plain socket I/O with c->timeout_ms per wait (EINTR retried; ETIMEDOUT). */
ssize_t tmpl_conn_read(struct tmpl_conn *c, void *buf, size_t n);
int tmpl_conn_write_all(struct tmpl_conn *c, const void *buf, size_t n);

#endif
