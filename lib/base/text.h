#ifndef VZHOST_BASE_TEXT_H
#define VZHOST_BASE_TEXT_H

#include <stddef.h>

#include "base/report.h"

/*
 * A configuration file's bytes are text of at most max bytes: 0, or -1
 * reported as "NAME: larger than MAX bytes; not read" (EFBIG) or "NAME:
 * contains NUL bytes; not a text file" (EINVAL).
 */
int text_check(const char *buf, size_t len, size_t max, const char *name,
	       const struct report *rep);

#endif
