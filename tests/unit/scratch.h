#ifndef VZHOST_TEST_SCRATCH_H
#define VZHOST_TEST_SCRATCH_H

/*
 * A test's scratch directory and shell steps in it: scratch_top holds the
 * directory (set by the test), at("rel") names a path below it (eight
 * calls may be in use at once), sh() runs a formatted shell command.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static char scratch_top[256];

static inline int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	return system(cmd);
}

static inline const char *at(const char *rel)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", scratch_top, rel);
	return buf[i];
}

#endif
