#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/rootfile.h"
#include "ploop/disk_impl.h"

static int check_delta(const char *path, unsigned flags, struct ploop_disk_ctx *ctx)
{
	struct ploop_report rep;
	size_t i;
	int r = ploop_check(path, (flags & PLOOP_DISK_CHECK_REPAIR) ? PLOOP_CHECK_REPAIR : 0, &rep);

	if (r < 0) {
		ploop_report_free(&rep);
		return ploop_disk_fail(ctx, r, path, "cannot check: %s", rootfile_why(-r));
	}
	for (i = 0; i < rep.count; i++)
		report_msg(&ctx->notes, "%s: %s", path, rep.items[i].text);
	ploop_report_free(&rep);
	return r;
}

/* The descriptor against the delta headers (FORCE). */
static int check_descriptor(const char *dir, const struct ploop_dd *dd, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *img;
	char path[PLOOP_DISK_PATH_MAX];
	unsigned i;
	int bad = 0, version = 0;

	for (i = 0; i < dd->count; i++) {
		if (ploop_disk_path(path, sizeof path, dir, dd->deltas[i].file))
			return ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
		if (ploop_disk_delta_open(&img, dir, dd, i, PLOOP_OPEN_FORCE, NULL)) {
			report_msg(&ctx->notes, "%s: cannot be opened as delta %u of the descriptor",
				   path, i);
			bad++;
			continue;
		}
		if (!img->raw && version && (int)img->hdr.version != version) {
			report_msg(&ctx->notes, "%s: format v%d differs from the delta below (v%d)",
				   path, img->hdr.version, version);
			bad++;
		}
		if (!img->raw)
			version = img->hdr.version;
		if (i == dd->count - 1 && ploop_image_size_bytes(img) <
		    dd->size_sectors * PLOOP_SECTOR) {
			report_msg(&ctx->notes, "%s: top delta is smaller than the descriptor's size",
				   path);
			bad++;
		}
		ploop_image_close(img);
	}
	return bad;
}

static int repair_refused(const char *dir, const char *what, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_dev dev;

	if (ploop_disk_find_device(dir, &dev) <= 0)
		return 0;
	return ploop_disk_fail(ctx, -EBUSY, what, "belongs to a mounted disk (%s%s%s); unmount first",
			       dev.path, dev.mnt[0] ? " on " : "", dev.mnt);
}

static int is_descriptor(const char *arg)
{
	const char *base = strrchr(arg, '/');
	struct stat st;

	base = base ? base + 1 : arg;
	return !strcmp(base, PLOOP_DD_NAME) || (!lstat(arg, &st) && S_ISDIR(st.st_mode));
}

static int check_disk(const char *dir, unsigned flags, struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_dev dev;
	struct ploop_dd dd;
	unsigned i, merged;
	int r, left = 0;

	if (ploop_disk_find_device(dir, &dev) <= 0) {
		r = ploop_disk_merge_temporary_locked(dir, &merged, ctx);
		if (r)
			return r;
	}
	r = ploop_disk_load(dir, &dd, ctx);
	if (r)
		return r;
	for (i = 0; i < dd.count; i++) {
		if (ploop_disk_path(path, sizeof path, dir, dd.deltas[i].file))
			return ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
		if (dd.deltas[i].type == PLOOP_DD_PLAIN)
			continue;	/* a raw base has no metadata */
		r = check_delta(path, flags, ctx);
		if (r < 0)
			return r;
		left += r;
	}
	if (flags & PLOOP_DISK_CHECK_FORCE) {
		r = check_descriptor(dir, &dd, ctx);
		if (r < 0)
			return r;
		left += r;
	}
	return left;
}

int ploop_disk_check_locked(const char *dir, unsigned flags, struct ploop_disk_ctx *ctx)
{
	int r = (flags & PLOOP_DISK_CHECK_REPAIR) ? repair_refused(dir, dir, ctx) : 0;

	return r ? r : check_disk(dir, flags, ctx);
}

int ploop_disk_check(const char *dir_or_file, unsigned flags, struct ploop_disk_ctx *ctx)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_lock l;
	int r = ploop_disk_dir(dir_or_file, dir, sizeof dir, ctx);

	if (!r)
		r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);
	if (r)
		return r;
	r = (flags & PLOOP_DISK_CHECK_REPAIR) ? repair_refused(dir, dir_or_file, ctx) : 0;
	if (!r)
		r = is_descriptor(dir_or_file) ? check_disk(dir, flags, ctx) :
		    check_delta(dir_or_file, flags, ctx);
	ploop_disk_unlock(&l);
	return r;
}
