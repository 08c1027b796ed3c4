#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "ct/ct.h"

/*
 * The node-global parts of the container's /proc and /sys, out of reach
 * (as runc's maskedPaths and readonlyPaths, and LXC's proc:mixed): /proc/sys
 * read-only but for /proc/sys/net (the container's own network namespace),
 * the kernel's memory, log, timers and keys masked, the knobs that act on
 * the whole machine read-only. Paths are relative to the container's root
 * (the current directory), before pivot_root; one the kernel does not
 * have is skipped.
 *
 * The kernel already refuses these to the container's root, which is not
 * the node's root: this is the second wall. The container's root owns its
 * mount namespace and can unmount these (a mount made inside a user
 * namespace is not locked); tests/system/76-ct-escape.t shows the kernel's
 * refusal without them.
 */

#define SAFE (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* Files read as empty: a bind of /dev/null. */
static const char *const masked_files[] = {
	"proc/kcore", "proc/kmsg", "proc/timer_list", "proc/timer_stats", "proc/sched_debug",
	"proc/latency_stats", "proc/keys", "proc/key-users", "proc/kpagecount", "proc/kpageflags",
	"proc/kpagecgroup", "proc/vmallocinfo", "proc/slabinfo",
};

/* Directories shown empty: a read-only tmpfs. */
static const char *const masked_dirs[] = {
	"proc/acpi", "proc/asound", "proc/scsi", "sys/firmware", "sys/devices/virtual/powercap",
};

/* Read-only binds of themselves; proc/sys/net comes back writable after. */
static const char *const readonly_paths[] = {
	"proc/sys", "proc/sysrq-trigger", "proc/bus", "proc/fs", "proc/irq",
};

static int mask_fail(char *err, size_t len, const char *what, const char *path)
{
	snprintf(err, len, "%s /%s: %s", what, path, strerror(errno));
	return -1;
}

static int path_absent(const char *path)
{
	struct stat st;

	return lstat(path, &st) < 0 && errno == ENOENT;
}

static int mask_file(const char *path, char *err, size_t len)
{
	if (path_absent(path))
		return 0;
	if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0)
		return mask_fail(err, len, "mask", path);
	return 0;
}

static int mask_dir(const char *path, char *err, size_t len)
{
	if (path_absent(path))
		return 0;
	if (mount("tmpfs", path, "tmpfs", SAFE | MS_RDONLY, "mode=0555,size=4k") < 0)
		return mask_fail(err, len, "mask", path);
	return 0;
}

/* A bind of path onto itself, then remounted with flags (MS_RDONLY or not). */
static int rebind(const char *path, unsigned long flags, char *err, size_t len)
{
	if (path_absent(path))
		return 0;
	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | SAFE | flags, NULL) < 0)
		return mask_fail(err, len, flags & MS_RDONLY ? "read-only" : "writable", path);
	return 0;
}

int ct_masks_apply(char *err, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof masked_files / sizeof masked_files[0]; i++)
		if (mask_file(masked_files[i], err, len) < 0)
			return -1;
	for (i = 0; i < sizeof masked_dirs / sizeof masked_dirs[0]; i++)
		if (mask_dir(masked_dirs[i], err, len) < 0)
			return -1;
	for (i = 0; i < sizeof readonly_paths / sizeof readonly_paths[0]; i++)
		if (rebind(readonly_paths[i], MS_RDONLY, err, len) < 0)
			return -1;
	return rebind("proc/sys/net", 0, err, len);
}
