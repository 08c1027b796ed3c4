#ifndef VZHOST_BASE_FMT_H
#define VZHOST_BASE_FMT_H

#include <stddef.h>

/*
 * snprintf that fails instead of truncating: the length written, or -1
 * (ENOSPC) if it does not fit in size bytes with its NUL.
 */
int fmt_fit(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
