/* /proc/PID/cgroup of a container's process, read by the node (lib/ct/proc_cgroup.c). */
#ifndef VZHOST_CT_PROC_CGROUP_H
#define VZHOST_CT_PROC_CGROUP_H

#include <stddef.h>

#define PROC_CGROUP_MAX 4096	/* bytes of the file looked at */

/*
 * The unified hierarchy's path ("0::PATH") in the len bytes at buf (not
 * NUL-terminated), into path (size bytes). It must be within (a path
 * like "/vz/101") or below it, and plain: no ".", ".." or empty
 * components, no control bytes, no " (deleted)" mark. 0, or -1 with the
 * cause in *why. The container's processes choose their sub-cgroups, so
 * every byte after within is theirs.
 */
int proc_cgroup_parse(const char *buf, size_t len, const char *within, char *path, size_t size,
		      const char **why);

#endif
