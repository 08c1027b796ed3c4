#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/fdio.h"
#include "ploop/disk_impl.h"

#define EXT_MAGIC_OFF 1080u
#define EXT_MAGIC 0xEF53u

struct grow {
	const char *dir;
	uint64_t bytes;
	int online;			/* the kernel's in-use mark on the top stays */
};

/* Grows the top delta and the descriptor to g->bytes. */
static int grow_top(void *arg, struct ploop_disk_ctx *ctx)
{
	struct grow *g = arg;
	struct ploop_image *top;
	struct ploop_dd dd;
	unsigned flags = PLOOP_OPEN_RW | (g->online ? PLOOP_OPEN_FORCE : 0);
	int r = ploop_disk_load(g->dir, &dd, ctx);
	const char *file;

	if (r)
		return r;
	file = dd.deltas[dd.count - 1].file;
	r = ploop_disk_delta_open(&top, g->dir, &dd, dd.count - 1, flags, ctx);
	if (r)
		return r;
	if (top->raw)
		r = ftruncate(top->fd, (off_t)g->bytes) < 0 ? -errno : 0;
	else
		r = ploop_image_grow(top, g->bytes);
	if (!r && g->online && !top->raw)
		top->open_flags &= ~PLOOP_OPEN_RW;	/* close must not clear the kernel's mark */
	if (ploop_image_close(top) && !r)
		r = -EIO;
	if (r)
		return ploop_disk_fail(ctx, r, file, "cannot grow: %s", strerror(-r));
	dd.size_sectors = g->bytes / PLOOP_SECTOR;
	ploop_geometry(dd.size_sectors, &dd.heads, &dd.cylinders, &dd.sectors);
	return ploop_disk_save(g->dir, &dd, ctx);
}

static int has_ext_fs(const char *dir, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_stack ds;
	unsigned char m[2];
	int r = ploop_disk_stack_open(&ds, dir, 0, ctx);

	if (r)
		return r;
	r = ploop_read(&ds.stack, m, 2, EXT_MAGIC_OFF);
	ploop_disk_stack_close(&ds);
	if (r)
		return ploop_disk_fail(ctx, r, dir, "cannot read: %s", strerror(-r));
	return (m[0] | m[1] << 8) == EXT_MAGIC;
}

/* Runs resize2fs on a temporary device of the unmounted disk. */
static int fs_resize_offline(const char *dir, uint64_t bytes, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_dev dev;
	int r = ploop_disk_dev_create(dir, 0, &dev, ctx), e;

	if (r)
		return r;
	r = ploop_disk_fsck(dev.path, 1, ctx);
	if (!r)
		r = ploop_disk_resize2fs(dev.path, bytes, ctx);
	e = ploop_disk_dev_remove(&dev, r ? NULL : ctx);
	return r ? r : e;
}

/* Drops clusters past the new end, then the header; the single delta only. */
static int shrink_image(const char *dir, uint64_t bytes, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *img;
	struct ploop_header nh;
	struct ploop_dd dd;
	uint32_t vc;
	int r = ploop_disk_load(dir, &dd, ctx);
	uint64_t unused;

	if (r)
		return r;
	if (dd.count != 1)
		return ploop_disk_fail(ctx, -EBUSY, dir, "has snapshots; merge or delete them to shrink");
	r = ploop_disk_delta_open(&img, dir, &dd, 0, PLOOP_OPEN_RW, ctx);
	if (r)
		return r;
	if (img->raw) {
		r = ftruncate(img->fd, (off_t)bytes) < 0 ? -errno : 0;
	} else {
		nh = img->hdr;
		r = ploop_header_set_size(&nh, bytes / PLOOP_SECTOR);
		for (vc = nh.bat_entries; !r && vc < img->hdr.bat_entries; vc++)
			if (img->bat[vc])
				r = ploop_image_set_entry(img, vc, 0);
		if (!r && nh.first_block != img->hdr.first_block)
			r = -EOPNOTSUPP;	/* the header+BAT area would move */
		if (!r) {
			img->hdr = nh;
			r = ploop_image_write_header(img);
		}
	}
	if (ploop_image_close(img) && !r)
		r = -EIO;
	if (r == -EOPNOTSUPP)
		return ploop_disk_fail(ctx, r, dd.deltas[0].file,
				       "shrinking this far would move the BAT; not supported");
	if (r)
		return ploop_disk_fail(ctx, r, dd.deltas[0].file, "cannot shrink: %s", strerror(-r));
	dd.size_sectors = bytes / PLOOP_SECTOR;
	ploop_geometry(dd.size_sectors, &dd.heads, &dd.cylinders, &dd.sectors);
	r = ploop_disk_save(dir, &dd, ctx);
	return r ? r : ploop_disk_compact_locked(dir, &unused, ctx);
}

static int resize_online(const struct ploop_disk_dev *dev, struct grow *g, uint64_t cur,
			 struct ploop_disk_ctx *ctx)
{
	int r;

	if (g->bytes < cur)
		return ploop_disk_fail(ctx, -EBUSY, dev->path,
				       "shrinking needs the disk unmounted");
	if (dev->read_only)
		return ploop_disk_fail(ctx, -EROFS, dev->path, "mounted read-only");
	g->online = 1;
	r = ploop_disk_dev_reload(dev, grow_top, g, ctx);
	if (!r && dev->mnt[0])
		r = ploop_disk_resize2fs(dev->path, g->bytes, ctx);
	return r;
}

static int disk_resize(const char *dir, uint64_t new_size_bytes, struct ploop_disk_ctx *ctx)
{
	struct grow g = { .dir = dir };
	struct ploop_disk_dev dev;
	struct ploop_dd dd;
	uint64_t cur;
	int r = ploop_disk_load(dir, &dd, ctx), fs;

	if (r)
		return r;
	g.bytes = (new_size_bytes + dd.blocksize * PLOOP_SECTOR - 1) /
		  (dd.blocksize * PLOOP_SECTOR) * dd.blocksize * PLOOP_SECTOR;
	cur = dd.size_sectors * PLOOP_SECTOR;
	if (g.bytes == cur)
		return 0;
	if (ploop_disk_find_device(dir, &dev) > 0)
		return resize_online(&dev, &g, cur, ctx);
	fs = has_ext_fs(dir, ctx);
	if (fs < 0)
		return fs;
	if (g.bytes > cur) {
		r = grow_top(&g, ctx);
		return r || !fs ? r : fs_resize_offline(dir, g.bytes, ctx);
	}
	r = fs ? fs_resize_offline(dir, g.bytes, ctx) : 0;
	return r ? r : shrink_image(dir, g.bytes, ctx);
}

int ploop_disk_resize(const char *dir, uint64_t new_size_bytes, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = disk_resize(dir, new_size_bytes, ctx);
	ploop_disk_unlock(&l);
	return r;
}
