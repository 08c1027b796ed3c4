#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ct/ct.h"

void ct_error_clear(struct ct *ct)
{
	ct->error[0] = 0;
	ct->error_kind = CT_ERR_FAIL;
	ct->error_field[0] = 0;
	ct->error_why = NULL;
}

static int ct_vfail(struct ct *ct, enum ct_err kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static int ct_vfail(struct ct *ct, enum ct_err kind, const char *fmt, va_list ap)
{
	int n, saved = errno;

	ct_error_clear(ct);
	ct->error_kind = kind;
	n = snprintf(ct->error, sizeof ct->error, "CT %u: ", ct->ctid);
	vsnprintf(ct->error + n, sizeof ct->error - (size_t)n, fmt, ap);
	errno = saved;
	return -1;
}

int ct_fail(struct ct *ct, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ct_vfail(ct, CT_ERR_FAIL, fmt, ap);
	va_end(ap);
	return -1;
}

int ct_fail_as(struct ct *ct, enum ct_err kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ct_vfail(ct, kind, fmt, ap);
	va_end(ap);
	return -1;
}

int ct_fail_field(struct ct *ct, enum ct_err kind, const char *name, const char *why)
{
	ct_fail_as(ct, kind, "%s: %s", name, why);
	snprintf(ct->error_field, sizeof ct->error_field, "%s", name);
	ct->error_why = why;
	return -1;
}
