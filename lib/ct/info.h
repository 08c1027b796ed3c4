#ifndef VZHOST_CT_INFO_H
#define VZHOST_CT_INFO_H

#include <stdint.h>

#include "ct/ct.h"

/*
 * One container as a list shows it (vzlist, the console menu, the web
 * service): its state, its settings, its limits and its usage now. The
 * texts point into ct's configs (valid until ct_close), NULL when unset.
 */

enum ct_state { CT_STATE_DELETED, CT_STATE_STOPPED, CT_STATE_MOUNTED, CT_STATE_RUNNING };

struct ct_info {
	unsigned ctid;
	enum ct_state state;
	long nproc;			/* processes now; -1 when not running */
	int64_t physpages, swappages;	/* memory and swap in use, pages; -1 when not running */
	/* limits of the config; VZ_UNLIMITED when unlimited, unset or unreadable */
	uint64_t physpages_l, swappages_l, numproc_l, diskspace_l;
	const char *ip, *hostname, *ostemplate, *onboot, *cpuunits, *cpulimit, *cpus;	/* CT over vz.conf */
	const char *name, *description;	/* the CT's own config only */
	const char *layout;		/* "ploop", "simfs" */
	const char *private_dir, *root;
};

int ct_info_read(struct ct *ct, struct ct_info *info);
/* "running", "mounted", "stopped", "deleted" */
const char *ct_state_name(enum ct_state state);

#endif
