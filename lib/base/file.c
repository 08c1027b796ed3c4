#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/file.h"

static void fd_close_keep_errno(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

ssize_t file_read(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == size) {
			errno = EFBIG;
			n = -1;
			break;
		}
	}
	fd_close_keep_errno(fd);
	if (n < 0)
		return -1;
	buf[len] = 0;
	return (ssize_t)len;
}

int file_write_string(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	n = write(fd, s, len);
	if (n >= 0 && (size_t)n != len) {
		errno = EIO;
		n = -1;
	}
	fd_close_keep_errno(fd);
	return n < 0 ? -1 : 0;
}

/* fd_write_full's result as -1 with errno, like the rest of this file. */
static int write_all(int fd, const void *data, size_t len)
{
	int r = fd_write_full(fd, data, len);

	if (r) {
		errno = -r;
		return -1;
	}
	return 0;
}

static int dir_sync(const char *path)
{
	char copy[PATH_MAX];
	int fd, r;

	if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = fsync(fd);
	fd_close_keep_errno(fd);
	return r;
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX];
	int fd, saved;

	if (snprintf(tmp, sizeof tmp, "%s.new", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (unlink(tmp) < 0 && errno != ENOENT)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0)
		goto fail;
	saved = close(fd);
	fd = -1;
	if (saved < 0 || rename(tmp, path) < 0)
		goto fail;
	return dir_sync(path);
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = saved;
	return -1;
}
