#ifndef VZHOST_INIT_CGROUP_H
#define VZHOST_INIT_CGROUP_H

/*
 * cgroup v2 at /sys/fs/cgroup (nsdelegate). Controllers are enabled for
 * the children of the root; each service lives in system/NAME, so the root
 * cgroup holds only init (and kernel threads), and containers can get a
 * subtree of their own beside system/.
 */

#define CGROUP_ROOT "/sys/fs/cgroup"

void cgroup_setup(void);
/* An fd on system/NAME/cgroup.procs (created if needed), or -1 if unavailable. */
int cgroup_service_open(const char *name);

#endif
