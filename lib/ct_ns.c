#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ct.h"

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

static int ns_console(char *err, size_t len)
{
	int fd;

	if (setsid() < 0)
		return ns_fail(err, len, "setsid");
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return ns_fail(err, len, "open /dev/console");
	ioctl(fd, TIOCSCTTY, 0);
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

int ct_ns_enter_root(const struct ct_child *c, char *err, size_t len)
{
	char go;

	if (read(c->sync_fd, &go, 1) != 1)
		return ns_fail(err, len, "waiting for the monitor");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 || setgroups(0, NULL) < 0)
		return ns_fail(err, len, "become the container's root");
	if (unshare(CLONE_NEWCGROUP) < 0)
		return ns_fail(err, len, "cgroup namespace");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return ns_fail(err, len, "make mounts private");
	if (mount(c->root, c->root, NULL, MS_BIND | MS_REC, NULL) < 0 || chdir(c->root) < 0)
		return ns_fail(err, len, c->root);
	if (ns_mount_kernel_fs(err, len) < 0)
		return -1;
	if (ct_dev_populate(c->root, c->console, err, len) < 0)
		return -1;
	if (ns_pivot(err, len) < 0)
		return -1;
	if (c->hostname && c->hostname[0] && ns_hostname(c->hostname) < 0)
		return ns_fail(err, len, "sethostname");
	if (ns_console(err, len) < 0)
		return -1;
	if (ct_caps_drop(err, len) < 0 || ct_seccomp_install(err, len) < 0)
		return -1;
	return 0;
}
