#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ploop/disk_impl.h"

int ploop_disk_delete(const char *dir, struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_dev dev;
	struct ploop_dd dd;
	unsigned i;
	int r;

	if (ploop_disk_find_device(dir, &dev) > 0)
		return ploop_disk_fail(ctx, -EBUSY, dir, "disk is mounted (%s); unmount first",
				       dev.path);
	r = ploop_disk_load(dir, &dd, ctx);
	if (r)
		return r;
	/* The descriptor goes first: a crash leaves stray files, never a descriptor naming none. */
	if (ploop_disk_path(path, sizeof path, dir, PLOOP_DD_NAME))
		return ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
	if (unlink(path) < 0)
		return ploop_disk_fail(ctx, -errno, path, "%s", strerror(errno));
	for (i = dd.count; i-- > 0;) {
		if (ploop_disk_path(path, sizeof path, dir, dd.deltas[i].file))
			continue;
		if (unlink(path) < 0 && errno != ENOENT && !r)
			r = ploop_disk_fail(ctx, -errno, path, "%s", strerror(errno));
	}
	return r;
}
