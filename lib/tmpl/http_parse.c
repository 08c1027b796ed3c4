#include <errno.h>
#include <string.h>
#include <strings.h>

#include "base/hex.h"
#include "tmpl/http.h"

size_t tmpl_http_head_end(const char *buf, size_t len)
{
	for (size_t i = 3; i < len; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r')
			return i + 1;
	return 0;
}

static int token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int refuse(const struct report *rep, const char *why)
{
	report_msg(rep, "malformed HTTP response: %s", why);
	return (errno = EINVAL, -1);
}

static int status_parse(const char *s, size_t len, struct tmpl_http_head *h)
{
	if (len < 12 || (memcmp(s, "HTTP/1.1 ", 9) && memcmp(s, "HTTP/1.0 ", 9)))
		return -1;
	for (int i = 9; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	h->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (h->status < 100 || (len > 12 && s[12] != ' '))
		return -1;
	for (size_t i = 12; i < len; i++)
		if ((unsigned char)s[i] < ' ' && s[i] != '\t')
			return -1;
	return 0;
}

static int length_parse(const char *v, size_t len, long long *out)
{
	long long n = 0;

	if (len == 0 || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	*out = n;
	return 0;
}

static int field_apply(struct tmpl_http_head *h, const char *name, size_t nlen,
		       const char *v, size_t vlen, const struct report *rep)
{
	if (nlen == 14 && !strncasecmp(name, "content-length", 14)) {
		long long n;

		if (length_parse(v, vlen, &n) < 0)
			return refuse(rep, "bad Content-Length");
		if (h->length >= 0 && h->length != n)
			return refuse(rep, "conflicting Content-Length headers");
		h->length = n;
	} else if (nlen == 17 && !strncasecmp(name, "transfer-encoding", 17)) {
		if (vlen != 7 || strncasecmp(v, "chunked", 7) || h->chunked)
			return refuse(rep, "a transfer coding other than chunked");
		h->chunked = 1;
	} else if (nlen == 8 && !strncasecmp(name, "location", 8)) {
		if (vlen >= sizeof h->location)
			return refuse(rep, "Location too long");
		memcpy(h->location, v, vlen);
		h->location[vlen] = '\0';
	}
	return 0;
}

/* "Name: value" in s[0..len), value trimmed of blanks. */
static int field_parse(struct tmpl_http_head *h, const char *s, size_t len,
		       const struct report *rep)
{
	const char *colon = memchr(s, ':', len), *v, *end = s + len;
	size_t nlen;

	if (!colon || colon == s)
		return refuse(rep, "a header line without a name");
	nlen = (size_t)(colon - s);
	for (size_t i = 0; i < nlen; i++)
		if (!token_char(s[i]))
			return refuse(rep, "a bad header name");
	for (const char *p = colon + 1; p < end; p++)
		if (((unsigned char)*p < ' ' && *p != '\t') || *p == 0x7f)
			return refuse(rep, "a control character in a header");
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return field_apply(h, s, nlen, v, (size_t)(end - v), rep);
}

int tmpl_http_head_parse(const char *buf, size_t len, struct tmpl_http_head *h,
			 const struct report *rep)
{
	size_t off = 0;
	int fields = 0;

	memset(h, 0, sizeof *h);
	h->length = -1;
	if (len > TMPL_HTTP_HEAD_MAX)
		return refuse(rep, "head larger than 16 KiB");
	for (;;) {
		const char *cr = NULL;
		size_t ll;

		for (size_t i = off; i + 1 < len; i++)
			if (buf[i] == '\r' && buf[i + 1] == '\n') {
				cr = buf + i;
				break;
			}
		if (!cr)
			return refuse(rep, "head not ended by a blank line");
		ll = (size_t)(cr - (buf + off));
		if (memchr(buf + off, '\n', ll) || memchr(buf + off, '\r', ll))
			return refuse(rep, "a bare CR or LF");
		if (off == 0) {
			if (status_parse(buf, ll, h) < 0)
				return refuse(rep, "bad status line");
		} else if (ll == 0) {
			break;
		} else if (buf[off] == ' ' || buf[off] == '\t') {
			return refuse(rep, "a folded header line");
		} else if (++fields > TMPL_HTTP_HEADERS_MAX) {
			return refuse(rep, "too many headers");
		} else if (field_parse(h, buf + off, ll, rep) < 0) {
			return -1;
		}
		off += ll + 2;
	}
	if (h->chunked && h->length >= 0)
		return refuse(rep, "both chunked and Content-Length");
	return 0;
}

enum { CH_SIZE, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER,
       CH_TRAILER_LF, CH_DONE };

void tmpl_http_chunked_init(struct tmpl_http_chunked *c)
{
	memset(c, 0, sizeof *c);
	c->state = CH_SIZE;
}

/* One byte of a size line, CRLF or trailer: 0, or -1 if malformed. */
static int chunked_byte(struct tmpl_http_chunked *c, char ch)
{
	int d;

	if (c->state != CH_DATA_CR && c->state != CH_DATA_LF &&
	    ++c->line > TMPL_HTTP_CHUNK_LINE_MAX)
		return -1;
	switch (c->state) {
	case CH_SIZE:
		if ((d = hex_digit(ch)) >= 0 && c->digits < 15) {
			c->left = c->left << 4 | (uint64_t)d;
			c->digits++;
			return 0;
		}
		if (c->digits == 0)
			return -1;
		if (ch == '\r')
			c->state = CH_SIZE_LF;
		else if (ch == ';')
			c->state = CH_EXT;
		else
			return -1;
		return 0;
	case CH_EXT:
		if (ch == '\r')
			c->state = CH_SIZE_LF;
		else if ((unsigned char)ch < ' ' && ch != '\t')
			return -1;
		return 0;
	case CH_SIZE_LF:
		if (ch != '\n')
			return -1;
		c->line = 0;
		c->state = c->left ? CH_DATA : CH_TRAILER;
		return 0;
	case CH_DATA_CR:
		if (ch != '\r')
			return -1;
		c->state = CH_DATA_LF;
		return 0;
	case CH_DATA_LF:
		if (ch != '\n')
			return -1;
		c->state = CH_SIZE;
		c->line = 0;
		c->digits = 0;
		return 0;
	case CH_TRAILER:
		if (ch == '\r')
			c->state = CH_TRAILER_LF;
		else if ((unsigned char)ch < ' ' && ch != '\t')
			return -1;
		return 0;
	case CH_TRAILER_LF:
		if (ch != '\n')
			return -1;
		c->state = c->line == 2 ? CH_DONE : CH_TRAILER;
		c->done = c->state == CH_DONE;
		c->line = 0;
		return 0;
	}
	return -1;
}

ssize_t tmpl_http_chunked_decode(struct tmpl_http_chunked *c, char *buf, size_t len,
				 size_t *used)
{
	size_t in = 0, out = 0;

	while (in < len && c->state != CH_DONE) {
		if (c->state == CH_DATA) {
			size_t n = len - in;

			if (n > c->left)
				n = (size_t)c->left;
			memmove(buf + out, buf + in, n);
			in += n;
			out += n;
			c->left -= n;
			if (c->left == 0)
				c->state = CH_DATA_CR;
			continue;
		}
		if (chunked_byte(c, buf[in++]) < 0)
			return (errno = EINVAL, -1);
	}
	*used = in;
	return (ssize_t)out;
}
