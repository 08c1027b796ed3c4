#include <string.h>

#include "svcorder.h"

static int svc_index(const struct svcdef *const defs[], size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(defs[i]->name, name))
			return (int)i;
	return -1;
}

/* 1 if every defined service in i's after= is placed (i itself never is). */
static int svc_ready(const struct svcdef *const defs[], size_t n, size_t i, const int *placed)
{
	unsigned a;
	int dep;

	for (a = 0; a < defs[i]->nafter; a++) {
		dep = svc_index(defs, n, defs[i]->after[a]);
		if (dep >= 0 && !placed[dep])
			return 0;
	}
	return 1;
}

size_t svcorder_sort(const struct svcdef *const defs[], size_t n, size_t *order,
		     const struct report *rep)
{
	int placed[SVC_MAX] = { 0 };
	size_t count = 0, i;
	int progress = 1;

	if (n > SVC_MAX)
		n = SVC_MAX;
	while (progress) {
		progress = 0;
		for (i = 0; i < n; i++) {
			if (placed[i] || !svc_ready(defs, n, i, placed))
				continue;
			placed[i] = 1;
			order[count++] = i;
			progress = 1;
			break;
		}
	}
	for (i = 0; i < n; i++)
		if (!placed[i])
			report_msg(rep, "service %s: in or behind a dependency cycle (after=); "
				   "not started", defs[i]->name);
	return count;
}
