#include <string.h>

#include "tmpl/tar.h"

int tmpl_path_clean(const char *in, char *out, size_t size)
{
	size_t len = 0;
	const char *p = in;

	if (!size || *in == '/')
		return -1;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (n && !(n == 1 && p[0] == '.')) {
			if (len + !!len + n >= size)
				return -1;
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	out[len] = '\0';
	return 0;
}
