/*
 * The kernel unpacks the initramfs into "rootfs", the one mount that can
 * never be unmounted or pivoted away. A process on it cannot pivot_root,
 * so containers could only be chrooted, and chroot is escapable by a
 * container root holding CAP_SYS_CHROOT. Before anything else, PID 1
 * therefore copies the initramfs into a tmpfs, empties rootfs, moves the
 * tmpfs over / and re-executes itself there (what switch_root does for
 * systems with a real root disk). Containers then get a real pivot_root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include "rootmove.h"

#define NEWROOT "/.vzhost-root"
#define MARKER "VZHOST_ROOT_MOVED"
#define COPY_BUF (64u << 10)
#define DEPTH_MAX 64

extern char **environ;

static int copy_tree(int from, int to, int depth);

static int copy_file(int from, const char *name, int to, const struct stat *st)
{
	static char buf[COPY_BUF];
	int in, out, r = 0;
	ssize_t n;

	in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			r = -1;
			break;
		}
	}
	if (!r && (fchown(out, st->st_uid, st->st_gid) < 0 || fchmod(out, st->st_mode & 07777) < 0))
		r = -1;
	close(in);
	if (close(out) < 0)
		r = -1;
	return r;
}

static int copy_symlink(int from, const char *name, int to, const struct stat *st)
{
	char target[4096];
	ssize_t n = readlinkat(from, name, target, sizeof target - 1);

	if (n < 0)
		return -1;
	target[n] = '\0';
	if (symlinkat(target, to, name) < 0)
		return -1;
	return fchownat(to, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW);
}

static int copy_dir(int from, const char *name, int to, const struct stat *st, int depth)
{
	int a, b, r;

	if (mkdirat(to, name, 0700) < 0)
		return -1;
	a = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	b = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	r = a < 0 || b < 0 ? -1 : copy_tree(a, b, depth + 1);
	if (!r && (fchown(b, st->st_uid, st->st_gid) < 0 || fchmod(b, st->st_mode & 07777) < 0))
		r = -1;
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	return r;
}

static int copy_entry(int from, const char *name, int to, int depth)
{
	struct stat st;

	if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	switch (st.st_mode & S_IFMT) {
	case S_IFREG:
		return copy_file(from, name, to, &st);
	case S_IFLNK:
		return copy_symlink(from, name, to, &st);
	case S_IFDIR:
		return copy_dir(from, name, to, &st, depth);
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
		if (mknodat(to, name, st.st_mode, st.st_rdev) < 0)
			return -1;
		return fchownat(to, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
	default:
		return 0;	/* sockets: nothing to carry over */
	}
}

/* Copies (or, with to < 0, removes) every entry of directory from. */
static int walk_tree(int from, int to, int depth, int top)
{
	struct dirent *e;
	DIR *d;
	int fd, r = 0;

	if (depth > DEPTH_MAX)
		return -1;
	fd = dup(from);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (!r && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (top && !strcmp(e->d_name, NEWROOT + 1))
			continue;
		if (to >= 0) {
			r = copy_entry(from, e->d_name, to, depth);
		} else if (e->d_type == DT_DIR) {
			int sub = openat(from, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			r = sub < 0 ? -1 : walk_tree(sub, -1, depth + 1, 0);
			if (sub >= 0)
				close(sub);
			if (!r)
				r = unlinkat(from, e->d_name, AT_REMOVEDIR);
		} else {
			r = unlinkat(from, e->d_name, 0);
		}
	}
	closedir(d);
	return r;
}

static int copy_tree(int from, int to, int depth)
{
	return walk_tree(from, to, depth, depth == 0);
}

static void reexec(void)
{
	static char init[] = "/sbin/init";
	char *argv[] = { init, NULL };

	setenv(MARKER, "1", 1);
	execve(argv[0], argv, environ);
}

void rootmove_setup(void)
{
	int old = -1, new = -1;

	if (getenv(MARKER)) {
		unsetenv(MARKER);
		return;
	}
	if (mkdir(NEWROOT, 0755) < 0 ||
	    mount("tmpfs", NEWROOT, "tmpfs", MS_NOSUID, "mode=0755") < 0)
		goto fail;
	old = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	new = open(NEWROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (old < 0 || new < 0 || copy_tree(old, new, 0) < 0)
		goto fail;
	if (chdir(NEWROOT) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 ||
	    chdir("/") < 0) {
		fprintf(stderr, "init: rootfs: cannot move the tmpfs root over /: %s; "
				"containers will be confined by chroot only\n", strerror(errno));
		close(old);
		close(new);
		return;
	}
	/* rootfs is hidden under the new root now; free its RAM through the fd. */
	if (walk_tree(old, -1, 0, 1) < 0)
		fprintf(stderr, "init: rootfs: cannot remove every old file (%s); some RAM stays used\n",
			strerror(errno));
	close(old);
	close(new);
	reexec();
	fprintf(stderr, "init: rootfs: re-executing /sbin/init: %s\n", strerror(errno));
	return;
fail:
	fprintf(stderr, "init: rootfs: cannot copy the initramfs into a tmpfs (%s); "
			"containers will be confined by chroot only\n", strerror(errno));
	if (new >= 0) {
		close(new);
		umount2(NEWROOT, MNT_DETACH);
	}
	if (old >= 0)
		close(old);
	rmdir(NEWROOT);
}
