#ifndef VZHOST_TEST_COLLECT_H
#define VZHOST_TEST_COLLECT_H

/* A report sink for tests: keeps the messages to assert on them. */

#include <stdio.h>
#include <string.h>

#include "base/report.h"

#define COLLECT_MAX 32

struct collect {
	int n;
	char msg[COLLECT_MAX][REPORT_MSG_MAX];
};

static inline void collect_fn(void *ctx, const char *msg)
{
	struct collect *c = ctx;

	if (c->n < COLLECT_MAX)
		snprintf(c->msg[c->n], sizeof c->msg[0], "%s", msg);
	c->n++;
}

static inline struct report collect_report(struct collect *c)
{
	memset(c, 0, sizeof *c);
	return (struct report){ collect_fn, c };
}

/* 1 if some message contains needle. */
static inline int collect_has(const struct collect *c, const char *needle)
{
	int i;

	for (i = 0; i < c->n && i < COLLECT_MAX; i++)
		if (strstr(c->msg[i], needle))
			return 1;
	return 0;
}

#endif
