#ifndef VZHOST_TAP_H
#define VZHOST_TAP_H

/*
 * A tiny TAP producer for unit tests:
 *
 *   ok(cond, "name %d", i);  is_int(got, want, "name");  is_str(got, want, "name");
 *   return done_testing();   (prints the plan; non-zero exit if anything failed)
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_run, tap_failed;

static inline int tap_vok(int cond, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static inline int tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	putchar('\n');
	return cond;
}

static inline int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

static inline int is_int(long long got, long long want, const char *name)
{
	if (!ok(got == want, "%s", name))
		printf("#   got: %lld\n#  want: %lld\n", got, want);
	return got == want;
}

static inline int is_str(const char *got, const char *want, const char *name)
{
	int same = got && want && !strcmp(got, want);

	if (!ok(same, "%s", name))
		printf("#   got: \"%s\"\n#  want: \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	return same;
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_run);
	if (tap_failed)
		printf("# %d of %d tests failed\n", tap_failed, tap_run);
	return tap_failed ? 1 : 0;
}

#endif
