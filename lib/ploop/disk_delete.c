#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "ploop/disk_impl.h"

static int disk_delete(const char *dir, struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_dev dev;
	struct ploop_dd dd;
	unsigned i;
	int r, e;

	if (ploop_disk_find_device(dir, &dev) > 0)
		return ploop_disk_fail(ctx, -EBUSY, dir, "disk is mounted (%s); unmount first",
				       dev.path);
	r = ploop_disk_load(dir, &dd, ctx);
	if (r)
		return r;
	/* The descriptor goes first: a crash leaves stray files, never a descriptor naming none. */
	if (ploop_disk_path(path, sizeof path, dir, PLOOP_DD_NAME))
		return ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
	r = ploop_file_unlink(path);
	if (r)
		return ploop_disk_fail(ctx, r, path, "%s", rootfile_why(-r));
	for (i = dd.count; i-- > 0;) {
		if (ploop_disk_path(path, sizeof path, dir, dd.deltas[i].file))
			continue;
		e = ploop_file_unlink(path);
		if (e && e != -ENOENT && !r)
			r = ploop_disk_fail(ctx, e, path, "%s", rootfile_why(-e));
	}
	/* The lock file last, as OpenVZ's ploop: a waiter then finds no disk. */
	if (!ploop_disk_path(path, sizeof path, dir, PLOOP_LOCK_NAME))
		ploop_file_unlink(path);
	return r;
}

int ploop_disk_delete(const char *dir, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = disk_delete(dir, ctx);
	ploop_disk_unlock(&l);
	return r;
}
