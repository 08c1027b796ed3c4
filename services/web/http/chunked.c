/*
 * Chunked request bodies. The classic bugs of small servers are a size
 * accumulated in an int that wraps to a small or negative number, and a
 * size line or trailer section read without bound; neither can happen
 * here: at most 16 digits into a u64, checked against the body limit
 * before any data is taken.
 */
#include <string.h>

#include "chunked.h"

enum {
	CH_SIZE,	/* hex digits of a chunk size */
	CH_EXT,		/* chunk extensions up to CR */
	CH_SIZE_LF,
	CH_DATA,
	CH_DATA_CR,
	CH_DATA_LF,
	CH_TRAILER,	/* start or middle of a trailer line (or the final CRLF) */
	CH_TRAILER_VALUE,
	CH_TRAILER_LF,
	CH_DONE,
};

void http_chunked_init(struct http_chunked *c, uint64_t max)
{
	memset(c, 0, sizeof *c);
	c->max = max;
}

static int chunked_fail(int status, const char *reason, const char **why)
{
	*why = reason;
	return status;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int is_ctl(unsigned char ch)
{
	return (ch < ' ' && ch != '\t') || ch == 0x7f;
}

static int is_tchar(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* The size line ended (its LF came): the next chunk, or the trailers. */
static int chunked_size_done(struct http_chunked *c, const char **why)
{
	if (c->left > c->max - c->total)
		return chunked_fail(413, "chunked body larger than allowed", why);
	c->total += c->left;
	c->state = c->left ? CH_DATA : CH_TRAILER;
	c->line = 0;
	return 0;
}

/* One byte of a size line. */
static int chunked_size_byte(struct http_chunked *c, char ch, const char **why)
{
	int d;

	if (++c->line > HTTP_CHUNK_LINE_MAX)
		return chunked_fail(400, "chunk size line too long", why);
	if (c->state == CH_SIZE && (d = hex_digit(ch)) >= 0) {
		if (++c->digits > HTTP_CHUNK_DIGITS_MAX)
			return chunked_fail(400, "chunk size with too many digits", why);
		c->left = c->left << 4 | (uint64_t)d;
		return 0;
	}
	if (c->digits == 0)
		return chunked_fail(400, "chunk size missing", why);
	if (ch == '\r') {
		c->state = CH_SIZE_LF;
		return 0;
	}
	if (is_ctl((unsigned char)ch))
		return chunked_fail(400, "control byte in a chunk extension", why);
	if (c->state == CH_SIZE && ch != ';' && ch != ' ' && ch != '\t')
		return chunked_fail(400, "malformed chunk size", why);
	c->state = CH_EXT;
	return 0;
}

/* One byte of the trailer section. */
static int chunked_trailer_byte(struct http_chunked *c, char ch, const char **why)
{
	if (ch == '\r') {
		if (c->state == CH_TRAILER && c->line > 0)
			return chunked_fail(400, "trailer field without a colon", why);
		c->state = CH_TRAILER_LF;
		return 0;
	}
	if (++c->line > HTTP_CHUNK_LINE_MAX)
		return chunked_fail(400, "trailer field too long", why);
	if (c->line == 1 && ++c->trailers > HTTP_TRAILERS_MAX)
		return chunked_fail(400, "too many trailer fields", why);
	if (c->state == CH_TRAILER) {
		if (ch == ':' && c->line > 1)
			c->state = CH_TRAILER_VALUE;
		else if (!is_tchar((unsigned char)ch))
			return chunked_fail(400, "malformed trailer field name", why);
	} else if (is_ctl((unsigned char)ch)) {
		return chunked_fail(400, "control byte in a trailer field", why);
	}
	return 0;
}

/* One byte that is not chunk data: 0 or a status. */
static int chunked_byte(struct http_chunked *c, char ch, const char **why)
{
	switch (c->state) {
	case CH_SIZE:
	case CH_EXT:
		return chunked_size_byte(c, ch, why);
	case CH_SIZE_LF:
		if (ch != '\n')
			return chunked_fail(400, "CR without LF in a chunk size line", why);
		return chunked_size_done(c, why);
	case CH_DATA_CR:
		if (ch != '\r')
			return chunked_fail(400, "chunk data not followed by CRLF", why);
		c->state = CH_DATA_LF;
		return 0;
	case CH_DATA_LF:
		if (ch != '\n')
			return chunked_fail(400, "chunk data not followed by CRLF", why);
		c->state = CH_SIZE;
		c->line = c->digits = 0;
		c->left = 0;
		return 0;
	case CH_TRAILER_LF:
		if (ch != '\n')
			return chunked_fail(400, "CR without LF in the trailers", why);
		if (c->line == 0) {
			c->state = CH_DONE;
			c->done = 1;
		} else {
			c->state = CH_TRAILER;
			c->line = 0;
		}
		return 0;
	default:
		return chunked_trailer_byte(c, ch, why);
	}
}

int http_chunked_decode(struct http_chunked *c, char *buf, size_t len, size_t *used,
			size_t *out, const char **why)
{
	size_t i = 0, o = 0;
	int st;

	while (i < len && c->state != CH_DONE) {
		if (c->state == CH_DATA) {
			size_t n = len - i < c->left ? len - i : (size_t)c->left;

			memmove(buf + o, buf + i, n);
			o += n;
			i += n;
			c->left -= n;
			if (c->left == 0)
				c->state = CH_DATA_CR;
			continue;
		}
		if ((st = chunked_byte(c, buf[i++], why)))
			return st;
	}
	*used = i;
	*out = o;
	return 0;
}
