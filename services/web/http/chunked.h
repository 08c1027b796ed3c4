#ifndef VZHOST_WEB_HTTP_CHUNKED_H
#define VZHOST_WEB_HTTP_CHUNKED_H

#include <stddef.h>
#include <stdint.h>

/*
 * A decoder of the chunked transfer coding of request bodies, fed bytes as
 * they arrive. Strict CRLF everywhere; a size line (with extensions) of at
 * most HTTP_CHUNK_LINE_MAX bytes and HTTP_CHUNK_DIGITS_MAX hex digits, so a
 * size can neither overflow nor wrap; the body's total bounded by max;
 * trailer fields allowed (dropped), at most HTTP_TRAILERS_MAX lines.
 */

#define HTTP_CHUNK_LINE_MAX 1024
#define HTTP_CHUNK_DIGITS_MAX 16
#define HTTP_TRAILERS_MAX 16

struct http_chunked {
	int state;
	uint64_t left;		/* data bytes left in this chunk */
	uint64_t total;		/* data bytes so far */
	uint64_t max;		/* the most data bytes allowed */
	unsigned line;		/* bytes of the current size or trailer line */
	unsigned digits;
	unsigned trailers;
	int done;		/* the last chunk and trailers are in */
};

void http_chunked_init(struct http_chunked *c, uint64_t max);
/*
 * Decodes buf[0..len) in place: *out data bytes are now at the start of
 * buf, *used input bytes were consumed (less than len only once done).
 * 0, or an HTTP status with *why: 400 (malformed), 413 (more than max).
 */
int http_chunked_decode(struct http_chunked *c, char *buf, size_t len, size_t *used,
			size_t *out, const char **why);

#endif
