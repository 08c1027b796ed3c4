#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "ploop/ploop.h"

/*
 * The directory of path, opened with no symlink anywhere on the way, and
 * path's last component; -errno on failure.
 */
static int anchor_open(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	size_t n;
	int fd;

	*name = slash ? slash + 1 : path;
	if (!**name)
		return -EISDIR;
	n = !slash ? 1 : slash == path ? 1 : (size_t)(slash - path);
	if (n >= sizeof dir)
		return -ENAMETOOLONG;
	memcpy(dir, slash ? path : ".", n);
	dir[n] = 0;
	fd = rootfile_dir_open(dir);
	return fd < 0 ? -errno : fd;
}

int ploop_file_open(const char *path, int flags, mode_t mode)
{
	const char *name;
	int dir = anchor_open(path, &name), fd;

	if (dir < 0)
		return dir;
	fd = rootfile_open(dir, name, flags, mode, ROOTFILE_BENEATH);
	if (fd < 0)
		fd = -errno;
	close(dir);
	return fd;
}

int ploop_file_unlink(const char *path)
{
	const char *name;
	int dir = anchor_open(path, &name), r;

	if (dir < 0)
		return dir;
	r = unlinkat(dir, name, 0) < 0 ? -errno : 0;
	close(dir);
	return r;
}

int ploop_file_rename(const char *path, const char *new_name)
{
	const char *name;
	int dir = anchor_open(path, &name), r;

	if (dir < 0)
		return dir;
	r = strchr(new_name, '/') ? -EXDEV :
	    renameat(dir, name, dir, new_name) < 0 ? -errno : 0;
	close(dir);
	return r;
}

int ploop_file_exists(const char *path)
{
	const char *name;
	struct stat st;
	int dir = anchor_open(path, &name), r;

	if (dir < 0)
		return dir;
	r = fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) ? (errno == ENOENT ? 0 : -errno) : 1;
	close(dir);
	return r;
}
