#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/rootfile.h"

#define OPENAT2_RETRIES 64	/* EAGAIN: a rename raced a ".." lookup */
#define TMP_SUFFIX ".vzhost"

static void close_keep_errno(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

static uint64_t scope_resolve(enum rootfile_scope scope)
{
	if (scope == ROOTFILE_IN_ROOT)
		return RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
	return RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
}

static int how_open(int dir, const char *path, int flags, mode_t mode, uint64_t resolve)
{
	struct open_how how = {	/* openat2 refuses O_PATH with other flags */
		.flags = (uint64_t)(flags | O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY)),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = resolve,
	};
	unsigned tries = 0;
	long fd;

	do
		fd = syscall(SYS_openat2, dir, path, &how, sizeof how);
	while (fd < 0 && errno == EAGAIN && ++tries < OPENAT2_RETRIES);
	return (int)fd;
}

int rootfile_dir_open(const char *path)
{
	return how_open(AT_FDCWD, path, O_PATH | O_DIRECTORY, 0,
			RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
}

int rootfile_path_symlink(const char *path, char *link, size_t len)
{
	char prefix[PATH_MAX];
	struct stat st;
	size_t i, n = strlen(path);

	if (n >= sizeof prefix)
		return 0;
	for (i = 1; i <= n; i++) {
		if (i < n && path[i] != '/')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = 0;
		if (!lstat(prefix, &st) && S_ISLNK(st.st_mode)) {
			snprintf(link, len, "%s", prefix);
			return 1;
		}
	}
	return 0;
}

/* 0 for a regular file, else -1 with the errno rootfile.h promises. */
static int regular_only(int fd, struct stat *st)
{
	if (fstat(fd, st) < 0)
		return -1;
	if (S_ISREG(st->st_mode))
		return 0;
	errno = S_ISLNK(st->st_mode) ? ELOOP : S_ISDIR(st->st_mode) ? EISDIR : ENXIO;
	return -1;
}

/* An O_PATH descriptor of the regular file path under dir (nothing opened yet). */
static int lookup(int dir, const char *path, enum rootfile_scope scope, struct stat *st)
{
	int fd = how_open(dir, path, O_PATH | O_NOFOLLOW, 0, scope_resolve(scope));

	if (fd >= 0 && regular_only(fd, st) < 0) {
		close_keep_errno(fd);
		return -1;
	}
	return fd;
}

static int nonblock_clear(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

/* The inode behind the O_PATH descriptor, opened for real with flags. */
static int reopen(int pathfd, const struct stat *was, int flags)
{
	char self[64];
	struct stat st;
	int fd;

	snprintf(self, sizeof self, "/proc/self/fd/%d", pathfd);
	fd = open(self, (flags & ~(O_CREAT | O_EXCL)) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (regular_only(fd, &st) < 0 || nonblock_clear(fd) < 0)
		goto fail;
	if (st.st_dev != was->st_dev || st.st_ino != was->st_ino) {
		errno = ESTALE;
		goto fail;
	}
	return fd;
fail:
	close_keep_errno(fd);
	return -1;
}

static int create_new(int dir, const char *path, int flags, mode_t mode,
		      enum rootfile_scope scope)
{
	struct stat st;
	int fd = how_open(dir, path, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, mode,
			  scope_resolve(scope));

	if (fd >= 0 && (regular_only(fd, &st) < 0 || nonblock_clear(fd) < 0)) {
		close_keep_errno(fd);
		return -1;
	}
	return fd;
}

static int open_existing(int dir, const char *path, int flags, enum rootfile_scope scope)
{
	struct stat st;
	int pathfd = lookup(dir, path, scope, &st), fd;

	if (pathfd < 0)
		return -1;
	fd = reopen(pathfd, &st, flags);
	close_keep_errno(pathfd);
	return fd;
}

int rootfile_open(int dir, const char *path, int flags, mode_t mode, enum rootfile_scope scope)
{
	int fd;

	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return create_new(dir, path, flags & ~(O_CREAT | O_EXCL), mode, scope);
	if (!(flags & O_CREAT))
		return open_existing(dir, path, flags, scope);
	fd = open_existing(dir, path, flags & ~O_CREAT, scope);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	fd = create_new(dir, path, flags & ~O_CREAT, mode, scope);
	if (fd < 0 && errno == EEXIST)
		fd = open_existing(dir, path, flags & ~O_CREAT, scope);
	return fd;
}

int rootfile_stat(int dir, const char *path, struct stat *st, enum rootfile_scope scope)
{
	int fd = how_open(dir, path, O_PATH | O_NOFOLLOW, 0, scope_resolve(scope)), r;

	if (fd < 0)
		return -1;
	r = fstat(fd, st);
	close_keep_errno(fd);
	return r;
}

ssize_t rootfile_read(int dir, const char *path, char *buf, size_t size,
		      enum rootfile_scope scope)
{
	ssize_t len;
	int fd;

	if (!size) {
		errno = EINVAL;
		return -1;
	}
	fd = rootfile_open(dir, path, O_RDONLY, 0, scope);
	if (fd < 0)
		return -1;
	len = fd_pread_upto(fd, buf, size, 0);
	close_keep_errno(fd);
	if (len < 0)
		return -1;
	if ((size_t)len == size) {
		errno = EFBIG;
		return -1;
	}
	buf[len] = 0;
	return len;
}

/* Splits path into its directory (opened under dir) and a plain last name. */
static int parent_open(int dir, const char *path, const char **name, enum rootfile_scope scope)
{
	char parent[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	*name = slash ? slash + 1 : path;
	if (!**name || !strcmp(*name, ".") || !strcmp(*name, "..")) {
		errno = EINVAL;
		return -1;
	}
	if (n >= sizeof parent) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(parent, path, n);
	parent[n] = 0;
	return how_open(dir, n ? parent : ".", O_PATH | O_DIRECTORY, 0, scope_resolve(scope));
}

/* data into the new file fd, owned like its directory, durably. */
static int tmp_fill(int fd, const struct stat *parent, const void *data, size_t len, mode_t mode)
{
	int r;

	if (fchown(fd, parent->st_uid, parent->st_gid) < 0 || fchmod(fd, mode) < 0)
		return -1;
	r = fd_write_full(fd, data, len);
	if (r) {
		errno = -r;
		return -1;
	}
	return fsync(fd);
}

static void unlink_keep_errno(int pfd, const char *name)
{
	int saved = errno;

	unlinkat(pfd, name, 0);
	errno = saved;
}

static int dir_sync(int pfd)
{
	int fd = openat(pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close_keep_errno(fd);
	return r;
}

int rootfile_write(int dir, const char *path, const void *data, size_t len, mode_t mode,
		   enum rootfile_scope scope)
{
	char tmp[NAME_MAX + 1];
	const char *name;
	struct stat pst;
	int pfd = parent_open(dir, path, &name, scope), fd = -1, r = -1;

	if (pfd < 0)
		return -1;
	if (fstat(pfd, &pst) < 0)
		goto done;
	if ((size_t)snprintf(tmp, sizeof tmp, ".%s" TMP_SUFFIX, name) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		goto done;
	}
	if (unlinkat(pfd, tmp, 0) < 0 && errno != ENOENT)
		goto done;
	fd = openat(pfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
		    mode);
	if (fd < 0)
		goto done;
	if (tmp_fill(fd, &pst, data, len, mode) < 0)
		goto unlink;
	r = close(fd);
	fd = -1;
	if (r < 0 || renameat(pfd, tmp, pfd, name) < 0) {
		r = -1;
		goto unlink;
	}
	r = dir_sync(pfd);
	goto done;
unlink:
	unlink_keep_errno(pfd, tmp);
done:
	if (fd >= 0)
		close_keep_errno(fd);
	close_keep_errno(pfd);
	return r;
}

const char *rootfile_why(int err)
{
	switch (err) {
	case ELOOP:
		return "is a symbolic link; refused";
	case EXDEV:
		return "leads out of its directory or across a mount point; refused";
	case ENXIO:
		return "is a FIFO, socket or device, not a regular file; refused";
	case EISDIR:
		return "is a directory, not a regular file; refused";
	case EFBIG:
		return "is larger than the node reads; refused";
	default:
		return strerror(err);
	}
}
