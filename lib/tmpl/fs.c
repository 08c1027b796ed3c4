#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tmpl/unpack.h"

#define REMOVE_DEPTH_MAX 512

int tmpl_fs_open(int dirfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	long fd;

	do
		fd = syscall(SYS_openat2, dirfd, *rel ? rel : ".", &how, sizeof how);
	while (fd < 0 && errno == EAGAIN);
	return (int)fd;
}

int tmpl_fs_mkdirs(int destfd, const char *rel, uid_t uid, gid_t gid)
{
	char comp[TMPL_PATH_MAX];
	const char *p = rel;
	int fd = tmpl_fs_open(destfd, "", O_PATH | O_DIRECTORY);

	while (fd >= 0 && *p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int next;

		memcpy(comp, p, n);
		comp[n] = '\0';
		next = tmpl_fs_open(fd, comp, O_PATH | O_DIRECTORY);
		if (next < 0 && errno == ENOENT) {
			if ((mkdirat(fd, comp, 0755) < 0 && errno != EEXIST) ||
			    fchownat(fd, comp, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
				goto fail;
			next = tmpl_fs_open(fd, comp, O_PATH | O_DIRECTORY);
		}
		if (next < 0)
			goto fail;
		close(fd);
		fd = next;
		p += n;
		if (*p == '/')
			p++;
	}
	return fd;
fail:
	{
		int e = errno;

		close(fd);
		errno = e;
	}
	return -1;
}

static int remove_below(int dirfd, const char *name, int depth);

static int empty_dir(int fd, int depth)
{
	DIR *d;
	struct dirent *de;
	int ret = 0, dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);

	if (dup_fd < 0)
		return -1;
	d = fdopendir(dup_fd);
	if (!d) {
		close(dup_fd);
		return -1;
	}
	/* Passes until one finds nothing: removing while reading may skip entries. */
	for (int removed = 1; ret == 0 && removed;) {
		removed = 0;
		rewinddir(d);
		while (ret == 0 && (errno = 0, de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			ret = remove_below(fd, de->d_name, depth + 1);
			removed++;
		}
		if (ret == 0 && errno)
			ret = -1;
	}
	closedir(d);
	return ret;
}

static int remove_below(int dirfd, const char *name, int depth)
{
	struct stat st;
	int fd, ret;

	if (depth > REMOVE_DEPTH_MAX)
		return (errno = ELOOP, -1);
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0);
	fd = tmpl_fs_open(dirfd, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	ret = empty_dir(fd, depth);
	close(fd);
	return ret < 0 ? -1 : unlinkat(dirfd, name, AT_REMOVEDIR);
}

int tmpl_fs_remove(int dirfd, const char *name)
{
	return remove_below(dirfd, name, 0);
}

int tmpl_fs_clear(int dirfd)
{
	return empty_dir(dirfd, 0);
}
