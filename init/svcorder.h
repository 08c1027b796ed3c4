#ifndef VZHOST_SVCORDER_H
#define VZHOST_SVCORDER_H

#include <stddef.h>

#include "base/report.h"
#include "node/svcdef.h"

#define SVC_MAX 64

/*
 * Start order: every service after the services its after= names, ties
 * broken by position in defs. Names in after= that are not defined are
 * ignored (ordering only, not a requirement). Services in a dependency
 * cycle, or after one, are reported and left out. order receives indices
 * into defs; returns how many. n must be at most SVC_MAX.
 */
size_t svcorder_sort(const struct svcdef *const defs[], size_t n, size_t *order,
		     const struct report *rep);

#endif
