#ifndef VZHOST_FDIO_H
#define VZHOST_FDIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Full-length positional I/O: the loops around pread(2)/pwrite(2) that retry
 * on EINTR and continue after short transfers.
 */

/*
 * Reads up to len bytes at off, stopping early only at end of file.
 * Returns the bytes read (less than len means end of file), or -1 (errno).
 */
ssize_t fd_pread_upto(int fd, void *buf, size_t len, uint64_t off);
/* Exactly len bytes at off: 0, -EIO at an early end of file, or -errno. */
int fd_pread_full(int fd, void *buf, size_t len, uint64_t off);
/* Exactly len bytes at off: 0 or -errno. */
int fd_pwrite_full(int fd, const void *buf, size_t len, uint64_t off);
/* Exactly len bytes to a stream (pipe, socket, file position): 0 or -errno. */
int fd_write_full(int fd, const void *buf, size_t len);
/*
 * Exactly len bytes from a stream: 0, -EIO at an early end of stream (after
 * some bytes), -ENODATA at end of stream before any byte, or -errno.
 */
int fd_read_full(int fd, void *buf, size_t len);

#endif
