#ifndef VZHOST_BOOTOPT_H
#define VZHOST_BOOTOPT_H

#include <stddef.h>

#include "node/devpath.h"
#include "node/nodesettings.h"
#include "base/report.h"

/*
 * vzhost.* keys of the kernel command line. Other keys are ignored;
 * unknown vzhost.* keys and malformed values are reported and ignored.
 * The keys shared with the node configuration fill node; the others are
 * flagged BOOTOPT_* in set.
 */

#define BOOTOPT_DATAWAIT_MAX 300

enum {
	BOOTOPT_DATA = 1 << 0,
	BOOTOPT_DATAWAIT = 1 << 1,
	BOOTOPT_RAMONLY = 1 << 2,
};

struct bootopt {
	unsigned set;
	char data[DEVPATH_MAX];
	unsigned datawait;
	int ramonly;
	struct node_settings node;
};

/* Number of complaints reported. */
int bootopt_parse(const char *buf, size_t len, struct bootopt *opt, const struct report *rep);

#endif
