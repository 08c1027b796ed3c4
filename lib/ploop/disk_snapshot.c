#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/fdio.h"
#include "ploop/disk_impl.h"

/* Version of the deltas but skip (v2 when the only delta is a raw base). */
static int disk_version(const char *dir, const struct ploop_dd *dd, const char *skip,
			enum ploop_version *v, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *img;
	unsigned i = dd->count;
	int r;

	*v = PLOOP_V2;
	while (i-- > 0) {
		if (dd->deltas[i].type == PLOOP_DD_PLAIN || !strcmp(dd->deltas[i].file, skip))
			continue;
		r = ploop_disk_delta_open(&img, dir, dd, i, PLOOP_OPEN_FORCE, ctx);
		if (r)
			return r;
		*v = img->hdr.version;
		ploop_image_close(img);
		break;
	}
	return 0;
}

int ploop_disk_new_delta(const char *dir, const struct ploop_dd *dd, const char *file,
			 struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	enum ploop_version v;
	int r = disk_version(dir, dd, file, &v, ctx);

	if (r)
		return r;
	if (ploop_disk_path(path, sizeof path, dir, file))
		return ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
	r = ploop_image_create(path, dd->size_sectors * PLOOP_SECTOR,
			       dd->blocksize * PLOOP_SECTOR, v, PLOOP_EXPANDED);
	return r ? ploop_disk_fail(ctx, r, path, "cannot create the delta: %s", strerror(-r)) : 0;
}

/* A raw parent takes the child's clusters at their virtual offsets. */
static int merge_into_raw(struct ploop_image *parent, struct ploop_image *child)
{
	unsigned char *buf = malloc(child->cluster_bytes);
	uint64_t off, at;
	uint32_t vc;
	int r = buf ? 0 : -ENOMEM, mapped;

	for (vc = 0; !r && vc < child->hdr.bat_entries; vc++) {
		mapped = ploop_image_lookup(child, vc, &off);
		if (mapped <= 0) {
			r = mapped;
			continue;
		}
		at = (uint64_t)vc * child->cluster_bytes;
		r = fd_pread_full(child->fd, buf, child->cluster_bytes, off);
		if (!r && at < parent->raw_bytes)
			r = fd_pwrite_full(parent->fd, buf,
					   parent->raw_bytes - at < child->cluster_bytes ?
					   (size_t)(parent->raw_bytes - at) : child->cluster_bytes, at);
	}
	free(buf);
	if (!r && fdatasync(parent->fd) < 0)
		r = -errno;
	return r;
}

/*
 * Merges delta i+1 into delta i and saves the descriptor without delta i's
 * GUID; the now unused file name goes to dropped (for the caller to unlink
 * once nothing uses it). flags: extra ploop_image_open flags.
 */
static int merge_pair(const char *dir, struct ploop_dd *dd, unsigned i, unsigned flags,
		      char *dropped, size_t dropped_len, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *parent = NULL, *child = NULL;
	struct ploop_dd next = *dd;
	int r;

	if (i + 1 >= dd->count)
		return ploop_disk_fail(ctx, -EINVAL, dd->deltas[i].guid, "has no child to merge");
	r = ploop_disk_delta_open(&parent, dir, dd, i, PLOOP_OPEN_RW | flags, ctx);
	if (!r)
		r = ploop_disk_delta_open(&child, dir, dd, i + 1, flags, ctx);
	if (!r) {
		r = parent->raw ? merge_into_raw(parent, child) : ploop_merge(parent, child);
		if (r)
			ploop_disk_fail(ctx, r, dd->deltas[i].file, "merge failed: %s", strerror(-r));
	}
	ploop_image_close(child);
	if (ploop_image_close(parent) && !r)
		r = ploop_disk_fail(ctx, -EIO, dd->deltas[i].file, "cannot close after merge");
	if (!r && (r = ploop_dd_remove(&next, dd->deltas[i].guid, dropped, dropped_len)))
		ploop_disk_fail(ctx, r, dd->deltas[i].guid, "cannot drop from the descriptor");
	if (!r && !(r = ploop_disk_save(dir, &next, ctx)))
		*dd = next;
	return r;
}

/* Best effort: a delta file nothing names any more only wastes space. */
static void unlink_delta(const char *dir, const char *file)
{
	char path[PLOOP_DISK_PATH_MAX];

	if (!ploop_disk_path(path, sizeof path, dir, file))
		ploop_file_unlink(path);
}

int ploop_disk_merge_offline(const char *dir, struct ploop_dd *dd, unsigned i,
			     struct ploop_disk_ctx *ctx)
{
	char dropped[PLOOP_DD_FILE_MAX + 1];
	int r = merge_pair(dir, dd, i, 0, dropped, sizeof dropped, ctx);

	if (!r)
		unlink_delta(dir, dropped);
	return r;
}

/* ---- online changes, run while the device is suspended ---- */
struct change {
	const char *dir;
	struct ploop_dd dd;
	unsigned index;			/* merge: the parent */
	char file[PLOOP_DD_FILE_MAX + 1];	/* snapshot: created; merge: dropped */
	int created;
};

static int change_snapshot(void *arg, struct ploop_disk_ctx *ctx)
{
	struct change *c = arg;
	struct ploop_dd old = c->dd;
	int r = ploop_disk_new_delta(c->dir, &c->dd, c->file, ctx);

	if (r)
		return r;
	c->created = 1;
	r = ploop_disk_save(c->dir, &c->dd, ctx);
	if (r) {
		unlink_delta(c->dir, c->file);
		c->dd = old;
		c->created = 0;
	}
	return r;
}

static int change_merge(void *arg, struct ploop_disk_ctx *ctx)
{
	struct change *c = arg;

	return merge_pair(c->dir, &c->dd, c->index, PLOOP_OPEN_FORCE, c->file, sizeof c->file,
			  ctx);
}

int ploop_disk_snapshot_locked(const char *dir, const char *guid, int temporary,
			       char *out_guid, struct ploop_disk_ctx *ctx)
{
	struct change c = { .dir = dir };
	struct ploop_disk_dev dev;
	const struct ploop_dd_delta *top;
	int r, online;

	r = ploop_disk_load(dir, &c.dd, ctx);
	if (r)
		return r;
	r = ploop_dd_add_snapshot(&c.dd, guid, NULL, temporary);
	if (r)
		return ploop_disk_fail(ctx, r, guid ? guid : dir, "cannot add a snapshot: %s",
				       r == -EEXIST ? "GUID or file already in use" :
				       r == -ENOSPC ? "too many deltas" : strerror(-r));
	top = ploop_dd_top(&c.dd);
	snprintf(c.file, sizeof c.file, "%s", top->file);
	if (out_guid)
		snprintf(out_guid, PLOOP_GUID_LEN + 1, "%s", top->parent);
	online = ploop_disk_find_device(dir, &dev) > 0;
	if (online)
		return ploop_disk_dev_reload(&dev, change_snapshot, &c, ctx);
	return change_snapshot(&c, ctx);
}

/* Merges delta i+1 into delta i, online when the disk is mounted. */
static int merge_at(const char *dir, struct ploop_dd *dd, unsigned i, struct ploop_disk_ctx *ctx)
{
	struct change c = { .dir = dir, .dd = *dd, .index = i };
	struct ploop_disk_dev dev;
	int r;

	if (ploop_disk_find_device(dir, &dev) <= 0)
		return ploop_disk_merge_offline(dir, dd, i, ctx);
	if (dev.read_only)
		return ploop_disk_fail(ctx, -EROFS, dev.path, "mounted read-only; unmount to merge");
	r = ploop_disk_dev_reload(&dev, change_merge, &c, ctx);
	if (!r)
		unlink_delta(dir, c.file);
	return r;
}

static int snapshot_delete(const char *dir, const char *guid, struct ploop_disk_ctx *ctx)
{
	struct ploop_dd dd;
	int r = ploop_disk_load(dir, &dd, ctx), i;

	if (r)
		return r;
	i = ploop_dd_index(&dd, guid);
	if (i < 0)
		return ploop_disk_fail(ctx, -ENOENT, guid, "no such snapshot");
	if ((unsigned)i == dd.count - 1)
		return ploop_disk_fail(ctx, -EBUSY, guid, "is the current top delta, not a snapshot");
	return merge_at(dir, &dd, (unsigned)i, ctx);
}

int ploop_disk_snapshot_merge_locked(const char *dir, const char *guid,
				     struct ploop_disk_ctx *ctx)
{
	struct ploop_dd dd;
	int r = ploop_disk_load(dir, &dd, ctx), i;

	if (r)
		return r;
	i = guid ? ploop_dd_index(&dd, guid) : (int)dd.count - 1;
	if (i < 0)
		return ploop_disk_fail(ctx, -ENOENT, guid, "no such snapshot");
	if (i == 0)
		return ploop_disk_fail(ctx, -EINVAL, dd.deltas[0].guid,
				       "is the base delta; it has no parent to merge into");
	return merge_at(dir, &dd, (unsigned)i - 1, ctx);
}

static int snapshot_switch(const char *dir, const char *guid, int force,
			   struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_dev dev;
	struct ploop_dd dd, old;
	char file[PLOOP_DD_FILE_MAX + 1], fresh[PLOOP_GUID_LEN + 1];
	unsigned k;
	int r, i;

	if (ploop_disk_find_device(dir, &dev) > 0)
		return ploop_disk_fail(ctx, -EBUSY, dir, "disk is mounted (%s); unmount to switch",
				       dev.path);
	r = ploop_disk_load(dir, &dd, ctx);
	if (r)
		return r;
	old = dd;
	i = ploop_dd_index(&dd, guid);
	if (i < 0)
		return ploop_disk_fail(ctx, -ENOENT, guid, "no such snapshot");
	if ((unsigned)i == dd.count - 1)
		return ploop_disk_fail(ctx, -EINVAL, guid, "is the current top delta");
	if ((unsigned)i + 2 < dd.count && !force)
		return ploop_disk_fail(ctx, -EEXIST, guid,
				       "%u later snapshot(s) would be discarded; use -F to discard them",
				       dd.count - (unsigned)i - 2);
	r = ploop_guid_generate(fresh);
	if (r)
		return ploop_disk_fail(ctx, r, dir, "no random GUID: %s", strerror(-r));
	if (snprintf(file, sizeof file, "%s.%s", dd.deltas[0].file, fresh) >= (int)sizeof file)
		return ploop_disk_fail(ctx, -ENAMETOOLONG, dd.deltas[0].file, "name too long");
	dd.count = (unsigned)i + 1;
	r = ploop_dd_add_snapshot(&dd, guid, file, 0);
	if (r)
		return ploop_disk_fail(ctx, r, guid, "cannot switch: %s", strerror(-r));
	r = ploop_disk_new_delta(dir, &dd, file, ctx);
	if (!r && (r = ploop_disk_save(dir, &dd, ctx)))
		unlink_delta(dir, file);
	for (k = (unsigned)i + 1; !r && k < old.count; k++)
		unlink_delta(dir, old.deltas[k].file);
	return r;
}

int ploop_disk_merge_temporary_locked(const char *dir, unsigned *merged,
				      struct ploop_disk_ctx *ctx)
{
	struct ploop_dd dd;
	unsigned i;
	int r = ploop_disk_load(dir, &dd, ctx);

	*merged = 0;
	for (i = 0; !r && i + 1 < dd.count; i++) {
		if (!dd.deltas[i].temporary)
			continue;
		report_msg(&ctx->notes, "%s: merging back temporary snapshot %s left by an interrupted copy",
			   dir, dd.deltas[i].guid);
		r = merge_at(dir, &dd, i, ctx);
		if (!r) {
			(*merged)++;
			r = ploop_disk_load(dir, &dd, ctx);
			i = (unsigned)-1;
		}
	}
	return r;
}

/* ---- the public operations: each holds the directory lock for its run ---- */
int ploop_disk_snapshot(const char *dir, const char *guid, int temporary, char *out_guid,
			struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = ploop_disk_snapshot_locked(dir, guid, temporary, out_guid, ctx);
	ploop_disk_unlock(&l);
	return r;
}

int ploop_disk_snapshot_delete(const char *dir, const char *guid, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = snapshot_delete(dir, guid, ctx);
	ploop_disk_unlock(&l);
	return r;
}

int ploop_disk_snapshot_merge(const char *dir, const char *guid, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = ploop_disk_snapshot_merge_locked(dir, guid, ctx);
	ploop_disk_unlock(&l);
	return r;
}

int ploop_disk_snapshot_switch(const char *dir, const char *guid, int force,
			       struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = snapshot_switch(dir, guid, force, ctx);
	ploop_disk_unlock(&l);
	return r;
}

int ploop_disk_merge_temporary(const char *dir, unsigned *merged, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	*merged = 0;
	if (r)
		return r;
	r = ploop_disk_merge_temporary_locked(dir, merged, ctx);
	ploop_disk_unlock(&l);
	return r;
}
