#include <errno.h>
#include <string.h>

#include "console/ring.h"

#define RING_MAGIC 0x676e697220637a76ull	/* "vzc ring" */

size_t console_ring_bytes(size_t size)
{
	return sizeof(struct console_ring_hdr) + size;
}

static int size_valid(uint64_t size)
{
	return size >= CONSOLE_RING_MIN && size <= CONSOLE_RING_MAX;
}

int console_ring_init(struct console_ring *r, void *mem, size_t size)
{
	if (!size_valid(size)) {
		errno = EINVAL;
		return -1;
	}
	r->hdr = mem;
	r->data = (unsigned char *)mem + sizeof *r->hdr;
	r->hdr->magic = RING_MAGIC;
	r->hdr->size = size;
	r->hdr->total = 0;
	return 0;
}

int console_ring_attach(struct console_ring *r, void *mem, size_t len)
{
	struct console_ring_hdr *h = mem;

	if (len < sizeof *h || h->magic != RING_MAGIC || !size_valid(h->size) ||
	    console_ring_bytes(h->size) != len) {
		errno = EINVAL;
		return -1;
	}
	r->hdr = h;
	r->data = (unsigned char *)mem + sizeof *h;
	return 0;
}

void console_ring_write(struct console_ring *r, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint64_t size = r->hdr->size;
	size_t off, chunk;

	if (len > size) {
		p += len - size;
		r->hdr->total += len - size;
		len = size;
	}
	while (len) {
		off = r->hdr->total % size;
		chunk = size - off < len ? size - off : len;
		memcpy(r->data + off, p, chunk);
		r->hdr->total += chunk;
		p += chunk;
		len -= chunk;
	}
}

uint64_t console_ring_start(const struct console_ring *r)
{
	return r->hdr->total > r->hdr->size ? r->hdr->total - r->hdr->size : 0;
}

uint64_t console_ring_total(const struct console_ring *r)
{
	return r->hdr->total;
}

size_t console_ring_read(const struct console_ring *r, uint64_t *pos, void *buf, size_t len,
			 uint64_t *lost)
{
	uint64_t start = console_ring_start(r), size = r->hdr->size;
	size_t off, chunk, done = 0;

	*lost = 0;
	if (*pos < start) {
		*lost = start - *pos;
		*pos = start;
	}
	if (*pos > r->hdr->total)
		*pos = r->hdr->total;
	while (done < len && *pos < r->hdr->total) {
		off = *pos % size;
		chunk = size - off;
		if (chunk > r->hdr->total - *pos)
			chunk = r->hdr->total - *pos;
		if (chunk > len - done)
			chunk = len - done;
		memcpy((unsigned char *)buf + done, r->data + off, chunk);
		done += chunk;
		*pos += chunk;
	}
	return done;
}

size_t console_ring_space(const struct console_ring *r, unsigned char **at)
{
	size_t off = (size_t)(r->hdr->total % r->hdr->size);

	*at = r->data + off;
	return (size_t)r->hdr->size - off;
}

void console_ring_commit(struct console_ring *r, size_t len)
{
	r->hdr->total += len;
}

int console_ring_iov(const struct console_ring *r, uint64_t pos, size_t len, struct iovec iov[2])
{
	size_t off = (size_t)(pos % r->hdr->size), first = (size_t)r->hdr->size - off;

	iov[0].iov_base = r->data + off;
	if (len <= first) {
		iov[0].iov_len = len;
		return 1;
	}
	iov[0].iov_len = first;
	iov[1].iov_base = r->data;
	iov[1].iov_len = len - first;
	return 2;
}
