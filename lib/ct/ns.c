#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/trace.h"

static int ns_fail(char *err, size_t len, const char *what)
{
	snprintf(err, len, "%s: %s", what, strerror(errno));
	return -1;
}

static int ns_mkdir(const char *dir)
{
	return mkdir(dir, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* /proc, read-only /sys with a writable cgroup2 for the container's init. */
static int ns_mount_kernel_fs(char *err, size_t len)
{
	const unsigned long safe = MS_NOSUID | MS_NODEV | MS_NOEXEC;

	if (ns_mkdir("proc") < 0 || mount("proc", "proc", "proc", safe, NULL) < 0)
		return ns_fail(err, len, "mount /proc");
	if (ns_mkdir("sys") < 0 || mount("sysfs", "sys", "sysfs", safe | MS_RDONLY, NULL) < 0)
		return ns_fail(err, len, "mount /sys");
	if (mount("cgroup2", "sys/fs/cgroup", "cgroup2", safe, NULL) < 0)
		return ns_fail(err, len, "mount /sys/fs/cgroup");
	return 0;
}

/*
 * pivot_root, so that the node's tree is gone from the container's mount
 * namespace. There is no chroot fallback: a container root holding
 * CAP_SYS_CHROOT could escape a chroot. PID 1 moves the node's initramfs
 * into a tmpfs at boot (init/rootmove.c) precisely so that this works.
 */
static int ns_pivot(char *err, size_t len)
{
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return ns_fail(err, len, errno == EINVAL ?
			       "pivot_root (the node's root is rootfs: see the boot log's init: rootfs lines)" :
			       "pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return ns_fail(err, len, "detach the host's root");
	if (chdir("/") < 0)
		return ns_fail(err, len, "chdir /");
	return 0;
}

/*
 * The console on the init's stdio but not as its controlling terminal, as
 * the kernel starts the node's init: a getty on /dev/console must be able
 * to take it (a container's root cannot steal it from another session),
 * and a ^C typed on the console must not signal the init (busybox init
 * takes SIGINT for ctrl-alt-del and reboots).
 */
static int ns_console(char *err, size_t len)
{
	int fd;

	if (setsid() < 0)
		return ns_fail(err, len, "setsid");
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return ns_fail(err, len, "open /dev/console");
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		return ns_fail(err, len, "dup2 /dev/console");
	if (fd > 2)
		close(fd);
	return 0;
}

/* HOSTNAME for the kernel and for the init scripts that read /etc/hostname;
   written as the container's root, inside its own tree. */
static int ns_hostname(const char *name)
{
	int fd;

	if (sethostname(name, strlen(name)) < 0)
		return -1;
	fd = open("/etc/hostname", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return 0;
	if (write(fd, name, strlen(name)) < 0 || write(fd, "\n", 1) < 0) {
		close(fd);
		return 0;
	}
	close(fd);
	return 0;
}

/*
 * The namespaces besides user and pid, made here rather than by the
 * monitor's clone: this process is in the container's cgroup from birth,
 * so what the kernel allocates for them (a network namespace above all)
 * is charged to the container, counted in its memory and bounded by its
 * limit. Owned by the container's user namespace either way. The cgroup
 * namespace is rooted at the container's cgroup because this process is
 * in it.
 */
#define NS_UNSHARED (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP)

static int ns_monitor_go(const struct ct_child *c, char *err, size_t len)
{
	char go;
	ssize_t n;

	do
		n = read(c->sync_fd, &go, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : ns_fail(err, len, "waiting for the monitor");
}

/*
 * The mount namespace, made while this process is still the node's uid 0
 * (the user namespace's caps, not the node's): it enters the container's
 * view (lib/ct/mount.c), whose directory only the node's root may
 * traverse, and then drops to the container's root.
 */
static int ns_enter_view(const struct ct_child *c, char *err, size_t len)
{
	char view[CT_PATH_MAX + 64];

	if (unshare(NS_UNSHARED) < 0)
		return ns_fail(err, len, "make the container's namespaces");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return ns_fail(err, len, "make mounts private");
	if (ct_view_path(c->root, view, sizeof view) < 0 || chdir(view) < 0)
		return ns_fail(err, len, "the container's view of its root");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 || setgroups(0, NULL) < 0)
		return ns_fail(err, len, "become the container's root");
	return 0;
}

int ct_ns_enter_root(const struct ct_child *c, char *err, size_t len)
{
	/* Not ptrace-able until the exec (which resets it): the container
	   of a rebooting init still has processes until they are killed. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return ns_fail(err, len, "PR_SET_DUMPABLE");
	/* the node's huge page policy, whatever the starter chose for itself
	   (vzwebd turns them off; the flag survives fork and exec) */
	if (prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0) < 0)
		return ns_fail(err, len, "PR_SET_THP_DISABLE");
	if (ns_monitor_go(c, err, len) < 0)
		return -1;
	ct_trace("child: go");
	if (ns_enter_view(c, err, len) < 0)
		return -1;
	if (write(c->sync_fd, "n", 1) != 1 || ns_monitor_go(c, err, len) < 0)
		return ns_fail(err, len, "waiting for the monitor's networking");
	ct_trace("child: namespaces, networking");
	if (mount(".", c->root, NULL, MS_BIND | MS_REC, NULL) < 0 || chdir(c->root) < 0)
		return ns_fail(err, len, c->root);
	ct_trace("child: root bound");
	if (ns_mount_kernel_fs(err, len) < 0 || ct_masks_apply(err, len) < 0)
		return -1;
	ct_trace("child: proc, sys");
	if (ct_dev_populate(c->root, c->console, err, len) < 0)
		return -1;
	ct_trace("child: dev");
	if (ns_pivot(err, len) < 0)
		return -1;
	ct_trace("child: pivoted");
	if (c->hostname && c->hostname[0] && ns_hostname(c->hostname) < 0)
		return ns_fail(err, len, "sethostname");
	if (ns_console(err, len) < 0)
		return -1;
	ct_trace("child: hostname, console");
	if (ct_caps_drop(err, len) < 0 || ct_seccomp_install(err, len) < 0)
		return -1;
	return 0;
}
