/*
 * Request paths as the static files and priv see them. Decoding comes
 * first, so "%2e%2e" is a ".." like any other; an escaped '/' is refused,
 * since it would be a separator to one reader and not to another. Each
 * input byte costs O(1) (a ".." walks back over bytes it then drops), so
 * "//////..." or "/./././..." cost no more than any other path.
 */
#include "path.h"

static int path_fail(int status, const char *reason, const char **why)
{
	*why = reason;
	return status;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The segment out[seg..*n) just ended: drop it if it is "." or "..",
   with the one before it for "..". 0, or -1 above the root. */
static int path_segment_end(char *out, size_t seg, size_t *n)
{
	size_t len = *n - seg;

	if (len == 1 && out[seg] == '.') {
		*n = seg;
	} else if (len == 2 && out[seg] == '.' && out[seg + 1] == '.') {
		if (seg == 1)
			return -1;
		*n = seg - 1;
		while (out[*n - 1] != '/')
			(*n)--;
	}
	return 0;
}

int http_path_decode(const char *raw, size_t len, char *out, size_t size, const char **why)
{
	size_t i = 0, n = 0, seg;
	int c, hi, lo;

	if (len == 0 || raw[0] != '/' || size < 2)
		return path_fail(400, "path does not start with '/'", why);
	out[n++] = '/';
	seg = n;
	while (i < len) {
		c = (unsigned char)raw[i++];
		if (c == '%') {
			if (len - i < 2 || (hi = hex_value(raw[i])) < 0 || (lo = hex_value(raw[i + 1])) < 0)
				return path_fail(400, "malformed percent escape in the path", why);
			c = hi << 4 | lo;
			i += 2;
			if (c == '/')
				return path_fail(400, "escaped '/' in the path", why);
		} else if (c == '/') {
			if (path_segment_end(out, seg, &n) < 0)
				return path_fail(400, "path goes above the root", why);
			if (n > seg && n + 1 >= size)
				return path_fail(414, "path longer than 1023 bytes", why);
			if (n > seg)
				out[n++] = '/';
			seg = n;
			continue;
		}
		if (c < 0x21 || c > 0x7e)
			return path_fail(400, "control, blank or non-ASCII byte in the path", why);
		if (n + 1 >= size)
			return path_fail(414, "path longer than 1023 bytes", why);
		out[n++] = (char)c;
	}
	if (path_segment_end(out, seg, &n) < 0)
		return path_fail(400, "path goes above the root", why);
	out[n] = '\0';
	return 0;
}
