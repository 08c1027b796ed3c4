#include <errno.h>
#include <string.h>

#include "base/text.h"

int text_check(const char *buf, size_t len, size_t max, const char *name,
	       const struct report *rep)
{
	if (len > max) {
		report_msg(rep, "%s: larger than %zu bytes; not read", name, max);
		errno = EFBIG;
		return -1;
	}
	if (memchr(buf, 0, len)) {
		report_msg(rep, "%s: contains NUL bytes; not a text file", name);
		errno = EINVAL;
		return -1;
	}
	return 0;
}
