#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "ploop/disk_impl.h"

/* Deltas carrying the in-use mark are checked and repaired before the kernel sees them. */
static int recover(const char *dir, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *img;
	struct ploop_dd dd;
	unsigned i, merged;
	int r = ploop_disk_merge_temporary_locked(dir, &merged, ctx), dirty = 0;

	if (!r)
		r = ploop_disk_load(dir, &dd, ctx);
	for (i = 0; !r && i < dd.count; i++) {
		r = ploop_disk_delta_open(&img, dir, &dd, i, PLOOP_OPEN_FORCE, ctx);
		if (r)
			break;
		dirty |= img->needs_check;
		ploop_image_close(img);
	}
	if (r || !dirty)
		return r;
	report_msg(&ctx->notes, "%s: not closed cleanly; checking", dir);
	r = ploop_disk_check_locked(dir, PLOOP_DISK_CHECK_REPAIR, ctx);
	if (r > 0)
		return ploop_disk_fail(ctx, -EUCLEAN, dir,
				       "%d problem(s) the check cannot repair; see ploop check", r);
	return r;
}

/*
 * Images come from anywhere (a container's, one moved in from another
 * node): nodev and nosuid, so that a device node or a setuid program in
 * one means nothing on the node.
 */
#define IMAGE_MOUNT_FLAGS (MS_NODEV | MS_NOSUID)

static int disk_mount(const char *dir, const struct ploop_disk_mount_opts *o,
		      struct ploop_disk_dev *dev, struct ploop_disk_ctx *ctx)
{
	int r;

	r = ploop_disk_find_device(dir, dev);
	if (r > 0)
		return ploop_disk_fail(ctx, -EBUSY, dir, "already mounted (%s%s%s)", dev->path,
				       dev->mnt[0] ? " on " : "", dev->mnt);
	if (r < 0)
		return ploop_disk_fail(ctx, r, "device-mapper", "%s", strerror(-r));
	r = o->read_only ? 0 : recover(dir, ctx);
	if (!r)
		r = ploop_disk_dev_create(dir, o->read_only, dev, ctx);
	if (r || !o->mount_point)
		return r;
	if (!o->read_only)
		r = ploop_disk_fsck(dev->path, 0, ctx);
	if (!r && mount(dev->path, o->mount_point, "ext4",
			IMAGE_MOUNT_FLAGS | (o->read_only ? MS_RDONLY : 0), "") < 0)
		r = ploop_disk_fail(ctx, -errno, o->mount_point, "cannot mount %s: %s", dev->path,
				    strerror(errno));
	if (r) {
		ploop_disk_dev_remove(dev, NULL);
		return r;
	}
	snprintf(dev->mnt, sizeof dev->mnt, "%s", o->mount_point);
	return 0;
}

static int disk_umount(const char *dir, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_dev dev;
	int r = ploop_disk_find_device(dir, &dev);

	if (r < 0)
		return ploop_disk_fail(ctx, r, "device-mapper", "%s", strerror(-r));
	if (!r)
		return ploop_disk_fail(ctx, -ENOENT, dir, "not mounted");
	if (dev.mnt[0] && umount2(dev.mnt, 0) < 0)
		return ploop_disk_fail(ctx, -errno, dev.mnt, "cannot unmount: %s", strerror(errno));
	return ploop_disk_dev_remove(&dev, ctx);
}

int ploop_disk_mount(const char *dir, const struct ploop_disk_mount_opts *o,
		     struct ploop_disk_dev *dev, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = disk_mount(dir, o, dev, ctx);
	ploop_disk_unlock(&l);
	return r;
}

int ploop_disk_umount(const char *dir, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r == -ENOENT && ctx)	/* the directory is gone: only the device is left */
		ctx->error[0] = 0;
	if (r == -ENOENT)
		return disk_umount(dir, ctx);
	if (r)
		return r;
	r = disk_umount(dir, ctx);
	ploop_disk_unlock(&l);
	return r;
}
