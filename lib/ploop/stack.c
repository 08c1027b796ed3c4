#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "ploop/ploop.h"

/* A raw base takes the cluster size of the deltas above it. */
int ploop_stack_push(struct ploop_stack *s, struct ploop_image *img)
{
	struct ploop_image *below;

	if (s->count >= PLOOP_STACK_MAX)
		return -E2BIG;
	if (s->count && img->raw)
		return -EINVAL;		/* only the bottom may be raw */
	if (s->count) {
		below = s->delta[s->count - 1];
		if (below->raw && s->count == 1)
			below->cluster_bytes = img->cluster_bytes;
		else if (below->cluster_bytes != img->cluster_bytes ||
			 below->hdr.version != img->hdr.version)
			return -EINVAL;
	}
	s->delta[s->count++] = img;
	return 0;
}

int ploop_stack_resolve(const struct ploop_stack *s, unsigned from, uint32_t vc, uint64_t *off)
{
	unsigned level = from + 1;
	int r;

	if (from >= s->count)
		return -ENOENT;
	while (level-- > 0) {
		r = ploop_image_lookup(s->delta[level], vc, off);
		if (r < 0)
			return r;
		if (r)
			return (int)level;
	}
	return -ENOENT;
}

#define MERGE_BATCH 1024u	/* clusters appended per commit of their entries */

struct merge_batch {
	uint32_t vc[MERGE_BATCH];
	uint32_t entry[MERGE_BATCH];
	size_t n;
};

static int merge_flush(struct ploop_image *parent, struct merge_batch *b)
{
	int r = ploop_image_commit_entries(parent, b->vc, b->entry, b->n);

	b->n = 0;
	return r;
}

/*
 * A cluster the parent has is overwritten in place (the child still
 * shadows it until the caller drops the child); one it lacks is appended,
 * and its entry written with the rest of the batch after one sync.
 */
static int merge_cluster(struct ploop_image *parent, struct merge_batch *b, uint32_t vc,
			 const unsigned char *data)
{
	uint64_t off;
	int r = ploop_image_lookup(parent, vc, &off);

	if (r < 0)
		return r;
	if (r)
		return ploop_pwrite_full(parent->fd, data, parent->cluster_bytes, off);
	r = ploop_image_append(parent, data, &b->entry[b->n]);
	if (r)
		return r;
	b->vc[b->n++] = vc;
	return b->n == MERGE_BATCH ? merge_flush(parent, b) : 0;
}

int ploop_merge(struct ploop_image *parent, struct ploop_image *child)
{
	struct merge_batch *batch;
	unsigned char *buf;
	uint64_t off;
	uint32_t vc;
	int r = 0, mapped;

	if (!(parent->open_flags & PLOOP_OPEN_RW) || parent->raw || child->raw)
		return -EINVAL;
	if (parent->cluster_bytes != child->cluster_bytes ||
	    parent->hdr.version != child->hdr.version)
		return -EINVAL;
	if (child->hdr.size_sectors > parent->hdr.size_sectors)
		r = ploop_image_grow(parent, child->hdr.size_sectors * PLOOP_SECTOR);
	if (r)
		return r;
	buf = malloc(parent->cluster_bytes);
	batch = calloc(1, sizeof *batch);
	if (!buf || !batch) {
		free(buf);
		free(batch);
		return -ENOMEM;
	}
	for (vc = 0; !r && vc < child->hdr.bat_entries; vc++) {
		mapped = ploop_image_lookup(child, vc, &off);
		if (mapped <= 0) {
			r = mapped;
			continue;
		}
		r = ploop_pread_full(child->fd, buf, child->cluster_bytes, off);
		if (!r)
			r = merge_cluster(parent, batch, vc, buf);
	}
	if (!r)
		r = merge_flush(parent, batch);
	free(buf);
	free(batch);
	if (!r && fdatasync(parent->fd) < 0)
		r = -errno;
	return r;
}
