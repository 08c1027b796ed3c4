/*
 * Finding the end of a request head while it arrives, refusing it as soon
 * as a byte shows it is malformed or too large: a client sending a bare LF
 * or an endless request line learns so at once, and no byte is looked at
 * twice however the head is split.
 */
#include "head.h"

static long scan_fail(int status, const char *reason, const char **why)
{
	*why = reason;
	return -status;
}

/* A line ended at the LF in buf[lf]: HTTP_SCAN_MORE, the head's length, or -status. */
static long scan_line_end(struct http_scan *s, size_t lf, const char **why)
{
	size_t n = lf - 1 - s->line;

	if (s->lines == 0 && n == 0)
		return scan_fail(400, "empty request line", why);
	if (s->lines > 0 && n == 0)
		return (long)(lf + 1);
	if (s->lines > HTTP_FIELDS_MAX)
		return scan_fail(431, "more than 64 header fields", why);
	s->lines++;
	s->line = lf + 1;
	return HTTP_SCAN_MORE;
}

long http_scan(struct http_scan *s, const char *buf, size_t len, const char **why)
{
	size_t i;
	long r;

	for (i = s->off; i < len; i++) {
		char c = buf[i];

		if (i >= HTTP_HEAD_MAX)
			return scan_fail(431, "request head longer than 8192 bytes", why);
		if (c == '\0')
			return scan_fail(400, "NUL byte in the request head", why);
		if (c == '\r') {
			if (i + 1 == len)
				break;		/* its LF is yet to come */
			if (buf[i + 1] != '\n')
				return scan_fail(400, "CR without LF in the request head", why);
			continue;
		}
		if (c == '\n') {
			if (i == 0 || buf[i - 1] != '\r')
				return scan_fail(400, "LF without CR in the request head", why);
			if ((r = scan_line_end(s, i, why)) != HTTP_SCAN_MORE)
				return r;
			continue;
		}
		if (s->lines == 0 && i - s->line >= HTTP_LINE_MAX)
			return scan_fail(414, "request line longer than 2048 bytes", why);
		if (s->lines > 0 && i == s->line && (c == ' ' || c == '\t'))
			return scan_fail(400, "folded header line (obs-fold)", why);
	}
	s->off = i;
	return HTTP_SCAN_MORE;
}
