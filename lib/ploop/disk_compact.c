#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/mem.h"
#include "ploop/disk_impl.h"

static uint64_t allocated_bytes(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint64_t)st.st_blocks * 512;
}

/* Unmaps clusters of level L that read as zero and would still read as zero without them. */
static int unmap_zero(struct ploop_stack *s, unsigned level, unsigned char *a, unsigned char *b)
{
	struct ploop_image *img = s->delta[level];
	uint64_t off, below;
	uint32_t vc;
	int r, from;

	for (vc = 0; vc < img->hdr.bat_entries; vc++) {
		r = ploop_image_lookup(img, vc, &off);
		if (r <= 0) {
			if (r < 0)
				return r;
			continue;
		}
		r = fd_pread_full(img->fd, a, img->cluster_bytes, off);
		if (r)
			return r;
		if (!mem_is_zero(a, img->cluster_bytes))
			continue;
		from = level ? ploop_stack_resolve(s, level - 1, vc, &below) : -ENOENT;
		if (from >= 0) {
			r = fd_pread_full(s->delta[from]->fd, b, img->cluster_bytes, below);
			if (r)
				return r;
			if (!mem_is_zero(b, img->cluster_bytes))
				continue;
		} else if (from != -ENOENT) {
			return from;
		}
		r = ploop_image_set_entry(img, vc, 0);
		if (r)
			return r;
	}
	return 0;
}

/* Moves the last used clusters into the lowest free slots, then truncates. */
static int pack(struct ploop_image *img, unsigned char *buf)
{
	uint64_t first = img->hdr.first_block / img->hdr.cluster_sectors, n = img->next_free;
	uint64_t fc, lo, hi, end;
	uint32_t *owner, vc, entry;
	int r = 0;

	if (n <= first)
		return 0;
	owner = calloc(n, sizeof *owner);	/* vc + 1 of the entry naming each file cluster */
	if (!owner)
		return -ENOMEM;
	for (vc = 0; vc < img->hdr.bat_entries; vc++)
		if (img->bat[vc] && !ploop_bat_entry_cluster(&img->hdr, img->bat[vc], &fc) && fc < n)
			owner[fc] = vc + 1;
	lo = first;
	hi = n;
	while (!r) {
		while (lo < hi && owner[lo])
			lo++;
		while (hi > lo && !owner[hi - 1])
			hi--;
		if (lo + 1 >= hi)
			break;
		vc = owner[hi - 1] - 1;
		r = ploop_bat_entry_make(&img->hdr, lo, &entry);
		if (!r)
			r = fd_pread_full(img->fd, buf, img->cluster_bytes, (hi - 1) * img->cluster_bytes);
		if (!r)
			r = fd_pwrite_full(img->fd, buf, img->cluster_bytes, lo * img->cluster_bytes);
		if (!r && fdatasync(img->fd) < 0)
			r = -errno;	/* the copy is durable before the entry names it */
		if (!r)
			r = ploop_image_set_entry(img, vc, entry);
		owner[lo] = vc + 1;
		owner[hi - 1] = 0;
	}
	for (end = n; !r && end > first && !owner[end - 1]; end--)
		;
	free(owner);
	if (!r && ftruncate(img->fd, (off_t)(end * img->cluster_bytes)) < 0)
		r = -errno;
	if (!r)
		img->next_free = end;
	return r;
}

static int compact_offline(const char *dir, uint64_t *returned, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_stack ds;
	struct ploop_image *img;
	unsigned char *a = NULL, *b = NULL;
	uint64_t before = 0, after = 0;
	unsigned i;
	int r;

	memset(&ds, 0, sizeof ds);
	r = ploop_disk_load(dir, &ds.dd, ctx);
	for (i = 0; !r && i < ds.dd.count; i++) {
		r = ploop_disk_delta_open(&img, dir, &ds.dd, i, PLOOP_OPEN_RW, ctx);
		if (!r && (r = ploop_stack_push(&ds.stack, img)))
			ploop_image_close(img);
	}
	if (!r) {
		a = malloc(ds.stack.delta[0]->cluster_bytes);
		b = malloc(ds.stack.delta[0]->cluster_bytes);
		r = a && b ? 0 : -ENOMEM;
	}
	for (i = 0; !r && i < ds.stack.count; i++) {
		img = ds.stack.delta[i];
		before += allocated_bytes(img->fd);
		if (!img->raw) {
			r = unmap_zero(&ds.stack, i, a, b);
			if (!r)
				r = pack(img, a);
			if (r)
				ploop_disk_fail(ctx, r, ds.dd.deltas[i].file, "cannot compact: %s",
						strerror(-r));
		}
		after += allocated_bytes(img->fd);
	}
	free(a);
	free(b);
	if (ploop_disk_stack_close(&ds) && !r)
		r = ploop_disk_fail(ctx, -EIO, dir, "cannot close the deltas");
	*returned = before > after ? before - after : 0;
	return r;
}

/*
 * The target punches discarded clusters out of the file at the commit that
 * clears their entries on disk (a flush), not at the discard: flush the
 * device so the trim's clusters are returned before this returns.
 */
static int commit_now(const struct ploop_disk_dev *dev, struct ploop_disk_ctx *ctx)
{
	int fd = open(dev->path, O_RDONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return ploop_disk_fail(ctx, -errno, dev->path, "%s", strerror(errno));
	if (fsync(fd) < 0)
		r = ploop_disk_fail(ctx, -errno, dev->path, "flush failed: %s", strerror(errno));
	close(fd);
	return r;
}

static int compact_online(const struct ploop_disk_dev *dev, uint64_t *returned,
			  struct ploop_disk_ctx *ctx)
{
	struct fstrim_range range = { .start = 0, .len = UINT64_MAX, .minlen = 0 };
	char path[PLOOP_DISK_PATH_MAX];
	struct ploop_dd dd;
	uint64_t before = 0, after = 0;
	int fd, mfd, r;

	if (!dev->mnt[0])
		return ploop_disk_fail(ctx, -EINVAL, dev->path, "active but not mounted; cannot trim");
	r = ploop_disk_load(dev->dir, &dd, ctx);
	if (r)
		return r;
	if (ploop_disk_path(path, sizeof path, dev->dir, dd.deltas[dd.count - 1].file))
		return ploop_disk_fail(ctx, -ENAMETOOLONG, dev->dir, "path too long");
	fd = ploop_file_open(path, O_RDONLY, 0);
	if (fd >= 0)
		before = allocated_bytes(fd);
	mfd = open(dev->mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0)
		r = ploop_disk_fail(ctx, -errno, dev->mnt, "%s", strerror(errno));
	else if (ioctl(mfd, FITRIM, &range) < 0)
		r = ploop_disk_fail(ctx, -errno, dev->mnt, "FITRIM failed: %s", strerror(errno));
	if (mfd >= 0)
		close(mfd);
	if (!r)
		r = commit_now(dev, ctx);
	if (fd >= 0) {
		after = allocated_bytes(fd);
		close(fd);
	}
	*returned = before > after ? before - after : 0;
	return r;
}

int ploop_disk_compact_locked(const char *dir, uint64_t *returned, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_dev dev;

	*returned = 0;
	if (ploop_disk_find_device(dir, &dev) > 0)
		return compact_online(&dev, returned, ctx);
	return compact_offline(dir, returned, ctx);
}

int ploop_disk_compact(const char *dir, uint64_t *returned, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	*returned = 0;
	if (r)
		return r;
	r = ploop_disk_compact_locked(dir, returned, ctx);
	ploop_disk_unlock(&l);
	return r;
}
