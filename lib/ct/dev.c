#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"

/*
 * The container's /dev: a small tmpfs (nodev: the nodes in it are binds
 * of the node's own, separate mounts) with the host's harmless character
 * devices bind-mounted in (a user namespace cannot mknod), its own devpts
 * instance, and the console pty slave as /dev/console, /dev/tty1, /dev/tty2.
 * Paths are relative to the container's root (the current directory).
 * What the container may open is the device program's to say
 * (lib/ct/devprog.c); this process is already under it.
 */

static const char *const host_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };

/* Nodes only a DEVICES grant lets the container use: bound when the
   device program lets this process open the node's own. */
static const char *const granted_nodes[] = { "net/tun" };

static int dev_fail(char *err, size_t len, const char *what, const char *path)
{
	snprintf(err, len, "%s %s: %s", what, path, strerror(errno));
	return -1;
}

static int dev_bind(const char *src, const char *dst, char *err, size_t len)
{
	int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);

	if (fd < 0)
		return dev_fail(err, len, "create", dst);
	close(fd);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		return dev_fail(err, len, "bind mount onto", dst);
	return 0;
}

static int dev_links(char *err, size_t len)
{
	static const char *const links[][2] = {
		{ "pts/ptmx", "dev/ptmx" }, { "/proc/self/fd", "dev/fd" },
		{ "/proc/self/fd/0", "dev/stdin" }, { "/proc/self/fd/1", "dev/stdout" },
		{ "/proc/self/fd/2", "dev/stderr" },
	};
	size_t i;

	for (i = 0; i < sizeof links / sizeof links[0]; i++)
		if (symlink(links[i][0], links[i][1]) < 0)
			return dev_fail(err, len, "symlink", links[i][1]);
	return 0;
}

/* dst's parent directories in the container's /dev. */
static int dev_parents(const char *dst)
{
	char dir[64];
	char *slash;

	snprintf(dir, sizeof dir, "%s", dst);
	for (slash = strchr(dir + 4, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = 0;
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	return 0;
}

static int dev_granted(char *err, size_t len)
{
	char src[64], dst[64];
	size_t i;
	int fd;

	for (i = 0; i < sizeof granted_nodes / sizeof granted_nodes[0]; i++) {
		snprintf(src, sizeof src, "/dev/%s", granted_nodes[i]);
		fd = open(src, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			continue;
		close(fd);
		snprintf(dst, sizeof dst, "dev/%s", granted_nodes[i]);
		if (dev_parents(dst) < 0)
			return dev_fail(err, len, "mkdir for", dst);
		if (dev_bind(src, dst, err, len) < 0)
			return -1;
	}
	return 0;
}

int ct_dev_populate(const char *root, const char *console, char *err, size_t len)
{
	static const char *const ttys[] = { "dev/console", "dev/tty1", "dev/tty2" };
	char src[64], dst[64];
	size_t i;

	if (mkdir("dev", 0755) < 0 && errno != EEXIST)
		return dev_fail(err, len, "mkdir", "/dev");
	if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=256k") < 0)
		return dev_fail(err, len, "mount tmpfs on", "/dev");
	for (i = 0; i < sizeof host_nodes / sizeof host_nodes[0]; i++) {
		snprintf(src, sizeof src, "/dev/%s", host_nodes[i]);
		snprintf(dst, sizeof dst, "dev/%s", host_nodes[i]);
		if (dev_bind(src, dst, err, len) < 0)
			return -1;
	}
	for (i = 0; i < sizeof ttys / sizeof ttys[0]; i++)
		if (dev_bind(console, ttys[i], err, len) < 0)
			return -1;
	if (mkdir("dev/pts", 0755) < 0 || mkdir("dev/shm", 01777) < 0)
		return dev_fail(err, len, "mkdir", "/dev/pts");
	if (mount("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  "newinstance,ptmxmode=0666,mode=0620,gid=5") < 0)
		return dev_fail(err, len, "mount devpts on", "/dev/pts");
	(void)root;
	if (dev_granted(err, len) < 0)
		return -1;
	return dev_links(err, len);
}
