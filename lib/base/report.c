#include <stdarg.h>
#include <stdio.h>

#include "base/report.h"

void report_msg(const struct report *r, const char *fmt, ...)
{
	char msg[REPORT_MSG_MAX];
	va_list ap;

	if (!r || !r->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->fn(r->ctx, msg);
}
