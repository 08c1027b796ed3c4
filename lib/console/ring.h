#ifndef VZHOST_CONSOLE_RING_H
#define VZHOST_CONSOLE_RING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/*
 * A console's scrollback: the last `size` bytes the container wrote.
 * Positions are absolute byte counts since the console was created, so
 * each viewer keeps only its position; the ring itself is its backlog.
 * The header lives in the same memory as the bytes, so a ring in a
 * memfd survives a restart of its holder (console_ring_attach).
 */

#define CONSOLE_RING_DEFAULT (256u * 1024)
#define CONSOLE_RING_MIN 4096u
#define CONSOLE_RING_MAX (64u * 1024 * 1024)

struct console_ring_hdr {
	uint64_t magic;
	uint64_t size;		/* bytes of data after the header */
	uint64_t total;		/* bytes ever written */
};

struct console_ring {
	struct console_ring_hdr *hdr;
	unsigned char *data;
};

/* Bytes of memory a ring of size bytes needs (header included). */
size_t console_ring_bytes(size_t size);
/* A new empty ring in mem (console_ring_bytes(size) bytes); -1 EINVAL for a bad size. */
int console_ring_init(struct console_ring *r, void *mem, size_t size);
/* A ring already in mem (len bytes), as a previous holder left it; -1 EINVAL if invalid. */
int console_ring_attach(struct console_ring *r, void *mem, size_t len);
void console_ring_write(struct console_ring *r, const void *buf, size_t len);
/*
 * Writing in place, without a staging buffer: console_ring_space gives the
 * contiguous bytes at the write position (up to the end of the data area;
 * they hold the oldest bytes), console_ring_commit makes len of them
 * written.
 */
size_t console_ring_space(const struct console_ring *r, unsigned char **at);
void console_ring_commit(struct console_ring *r, size_t len);
/* Oldest position still held; total is the newest. */
uint64_t console_ring_start(const struct console_ring *r);
uint64_t console_ring_total(const struct console_ring *r);
/*
 * Copies up to len bytes from *pos into buf and advances *pos. A position
 * older than the ring is moved to console_ring_start first; *lost gets the
 * number of bytes skipped that way.
 */
size_t console_ring_read(const struct console_ring *r, uint64_t *pos, void *buf, size_t len,
			 uint64_t *lost);
/*
 * The bytes [pos, pos + len) in place, as one or two iovecs (the ring
 * wraps); the count. pos must be held and pos + len at most total.
 */
int console_ring_iov(const struct console_ring *r, uint64_t pos, size_t len, struct iovec iov[2]);

#endif
