#include <errno.h>
#include <string.h>

#include "base/rootfile.h"
#include "ploop/disk.h"

static const char *open_error(int r)
{
	switch (r) {
	case -EUCLEAN:
		return "image is corrupt or was not closed cleanly (run ploop check)";
	case -EINVAL:
		return "not a ploop image";
	default:
		return rootfile_why(-r);
	}
}

int ploop_disk_delta_open(struct ploop_image **img, const char *dir, const struct ploop_dd *dd,
			  unsigned i, unsigned flags, struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	int r;

	r = ploop_disk_path(path, sizeof path, dir, dd->deltas[i].file);
	if (r)
		return ploop_disk_fail(ctx, r, dir, "delta path too long");
	if (dd->deltas[i].type == PLOOP_DD_PLAIN)
		flags |= PLOOP_OPEN_RAW;
	r = ploop_image_open(img, path, flags);
	if (r)
		return ploop_disk_fail(ctx, r, path, "%s", open_error(r));
	if ((*img)->raw)
		(*img)->cluster_bytes = dd->blocksize * PLOOP_SECTOR;
	else if ((*img)->cluster_bytes != dd->blocksize * PLOOP_SECTOR)
		r = ploop_disk_fail(ctx, -EINVAL, path, "cluster size %u differs from the descriptor's %u",
				    (*img)->cluster_bytes, dd->blocksize * PLOOP_SECTOR);
	if (r) {
		ploop_image_close(*img);
		*img = NULL;
	}
	return r;
}

int ploop_disk_stack_open(struct ploop_disk_stack *ds, const char *dir, int rw,
			  struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_dev dev;
	struct ploop_image *img;
	unsigned i, flags;
	int r;

	memset(ds, 0, sizeof *ds);
	r = ploop_disk_find_device(dir, &dev);
	if (r > 0)
		return ploop_disk_fail(ctx, -EBUSY, dir, "disk is mounted on %s (%s)",
				       dev.mnt[0] ? dev.mnt : "no mount point", dev.path);
	r = ploop_disk_load(dir, &ds->dd, ctx);
	if (r)
		return r;
	for (i = 0; i < ds->dd.count; i++) {
		flags = rw && i == ds->dd.count - 1 ? PLOOP_OPEN_RW : 0;
		r = ploop_disk_delta_open(&img, dir, &ds->dd, i, flags, ctx);
		if (r)
			goto fail;
		r = ploop_stack_push(&ds->stack, img);
		if (r) {
			ploop_image_close(img);
			r = ploop_disk_fail(ctx, r, ds->dd.deltas[i].file,
					    "does not stack on the delta below (cluster size or format differs)");
			goto fail;
		}
	}
	return 0;
fail:
	ploop_disk_stack_close(ds);
	return r;
}

int ploop_disk_stack_close(struct ploop_disk_stack *ds)
{
	int r = 0, e;

	while (ds->stack.count) {
		e = ploop_image_close(ds->stack.delta[--ds->stack.count]);
		if (e && !r)
			r = e;
	}
	return r;
}
