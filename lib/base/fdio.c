#include <errno.h>
#include <unistd.h>

#include "base/fdio.h"

ssize_t fd_pread_upto(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, p + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

int fd_pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n = fd_pread_upto(fd, buf, len, off);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* The loop of both writers: at off, or at the file position for a stream. */
static int write_loop(int fd, const unsigned char *p, size_t len, uint64_t off, int stream)
{
	ssize_t n;

	while (len) {
		n = stream ? write(fd, p, len) : pwrite(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int fd_pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	return write_loop(fd, buf, len, off, 0);
}

int fd_write_full(int fd, const void *buf, size_t len)
{
	return write_loop(fd, buf, len, 0, 1);
}

int fd_read_full(int fd, void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return done ? -EIO : -ENODATA;
		done += (size_t)n;
	}
	return 0;
}
