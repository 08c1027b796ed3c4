#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ploop/ploop.h"

/* n bytes at `within` of virtual cluster vc as seen from level `from` down. */
static int read_cluster_part(const struct ploop_stack *s, unsigned from, uint32_t vc,
			     uint64_t within, size_t n, unsigned char *dst)
{
	const struct ploop_image *img;
	uint64_t off;
	size_t have = n;
	int level = ploop_stack_resolve(s, from, vc, &off);

	if (level == -ENOENT) {
		memset(dst, 0, n);
		return 0;
	}
	if (level < 0)
		return level;
	img = s->delta[level];
	off += within;
	if (img->raw)		/* a raw file may end inside its last cluster */
		have = off >= img->raw_bytes ? 0 :
		       (img->raw_bytes - off < n ? (size_t)(img->raw_bytes - off) : n);
	memset(dst + have, 0, n - have);
	return have ? ploop_pread_full(img->fd, dst, have, off) : 0;
}

static int range_ok(const struct ploop_stack *s, size_t len, uint64_t off)
{
	uint64_t size;

	if (!s->count)
		return -EINVAL;
	size = ploop_image_size_bytes(s->delta[s->count - 1]);
	return off > size || len > size - off ? -ERANGE : 0;
}

int ploop_read(const struct ploop_stack *s, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;
	uint32_t cb;
	size_t n;
	int r = range_ok(s, len, off);

	if (r)
		return r;
	cb = s->delta[s->count - 1]->cluster_bytes;
	while (len) {
		n = cb - off % cb < len ? (size_t)(cb - off % cb) : len;
		r = read_cluster_part(s, s->count - 1, (uint32_t)(off / cb), off % cb, n, p);
		if (r)
			return r;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

/* Allocates vc in the top delta, copying the cluster up from below first. */
static int write_new_cluster(struct ploop_stack *s, uint32_t vc, uint64_t within,
			     const unsigned char *src, size_t n, unsigned char *cbuf)
{
	struct ploop_image *top = s->delta[s->count - 1];
	int r;

	if (n == top->cluster_bytes)
		return ploop_image_alloc(top, vc, src);
	if (s->count > 1) {
		r = read_cluster_part(s, s->count - 2, vc, 0, top->cluster_bytes, cbuf);
		if (r)
			return r;
	} else {
		memset(cbuf, 0, top->cluster_bytes);
	}
	memcpy(cbuf + within, src, n);
	return ploop_image_alloc(top, vc, cbuf);
}

int ploop_write(struct ploop_stack *s, const void *buf, size_t len, uint64_t off)
{
	const unsigned char *p = buf;
	struct ploop_image *top;
	unsigned char *cbuf = NULL;
	uint64_t where;
	size_t n;
	int r = range_ok(s, len, off), mapped;

	if (r)
		return r;
	top = s->delta[s->count - 1];
	if (!(top->open_flags & PLOOP_OPEN_RW))
		return -EBADF;
	while (!r && len) {
		n = top->cluster_bytes - off % top->cluster_bytes < len ?
		    (size_t)(top->cluster_bytes - off % top->cluster_bytes) : len;
		mapped = ploop_image_lookup(top, (uint32_t)(off / top->cluster_bytes), &where);
		if (mapped < 0) {
			r = mapped;
		} else if (mapped) {
			r = ploop_pwrite_full(top->fd, p, n, where + off % top->cluster_bytes);
		} else {
			if (!cbuf)
				cbuf = malloc(top->cluster_bytes);
			r = cbuf ? write_new_cluster(s, (uint32_t)(off / top->cluster_bytes),
						     off % top->cluster_bytes, p, n, cbuf) : -ENOMEM;
		}
		p += n;
		off += n;
		len -= n;
	}
	free(cbuf);
	return r;
}

int ploop_flush(struct ploop_stack *s)
{
	if (!s->count)
		return -EINVAL;
	return fdatasync(s->delta[s->count - 1]->fd) < 0 ? -errno : 0;
}
