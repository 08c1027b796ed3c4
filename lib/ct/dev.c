#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"

/*
 * The container's /dev: a small tmpfs with the host's harmless character
 * devices bind-mounted in (a user namespace cannot mknod), its own devpts
 * instance, and the console pty slave as /dev/console, /dev/tty1, /dev/tty2.
 * Paths are relative to the container's root (the current directory).
 */

static const char *const host_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };

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

int ct_dev_populate(const char *root, const char *console, char *err, size_t len)
{
	static const char *const ttys[] = { "dev/console", "dev/tty1", "dev/tty2" };
	char src[64], dst[64];
	size_t i;

	if (mkdir("dev", 0755) < 0 && errno != EEXIST)
		return dev_fail(err, len, "mkdir", "/dev");
	if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=256k") < 0)
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
	return dev_links(err, len);
}
