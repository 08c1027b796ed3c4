#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/rootfile.h"
#include "ploop/disk_impl.h"

/* 1 if virtual cluster vc is mapped in a delta at or above level `from`. */
static int changed(const struct ploop_stack *s, unsigned from, uint32_t vc)
{
	uint64_t off;
	unsigned l;

	for (l = from; l < s->count; l++)
		if (ploop_image_lookup(s->delta[l], vc, &off) > 0)
			return 1;
	return 0;
}

/* Header and compact BAT of the stream, written as whole clusters. */
static int write_meta(int fd, const struct ploop_header *h, const uint32_t *map, uint32_t cb)
{
	uint64_t first_c = h->first_block / h->cluster_sectors, k, next = first_c, byte, end;
	unsigned char *buf = malloc(cb);
	uint32_t i, entry;
	int r = buf ? 0 : -ENOMEM;

	for (k = 0; !r && k < first_c; k++) {
		memset(buf, 0, cb);
		if (!k)
			ploop_header_encode(h, buf);
		end = (k + 1) * cb;
		for (byte = k ? k * cb : PLOOP_HEADER_SIZE; byte + 4 <= end; byte += 4) {
			i = (uint32_t)((byte - PLOOP_HEADER_SIZE) / 4);
			if (i >= h->bat_entries)
				break;
			if (!map[i])
				continue;
			r = ploop_bat_entry_make(h, next + map[i] - 1, &entry);
			if (r)
				break;
			ploop_put_le32(buf + (byte - k * cb), entry);
		}
		if (!r)
			r = fd_write_full(fd, buf, cb);
	}
	free(buf);
	return r;
}

static int stream_out(struct ploop_disk_stack *ds, unsigned levels, unsigned from, int fd,
		      struct ploop_disk_ctx *ctx)
{
	struct ploop_stack s = ds->stack;
	struct ploop_header h;
	uint32_t cb = s.delta[0]->cluster_bytes, vc, *map = NULL, n = 0;
	unsigned char *buf = NULL;
	int r;

	s.count = levels;
	r = ploop_header_init(&h, PLOOP_V2, ds->dd.size_sectors * PLOOP_SECTOR, cb);
	if (r)
		return ploop_disk_fail(ctx, r, "copy", "cannot describe the stream: %s", strerror(-r));
	map = calloc(h.bat_entries, sizeof *map);	/* position + 1 in the stream, 0 = unmapped */
	buf = malloc(cb);
	r = map && buf ? 0 : -ENOMEM;
	for (vc = 0; !r && vc < h.bat_entries; vc++)
		if (changed(&s, from, vc))
			map[vc] = ++n;
	if (n)
		h.flags &= ~PLOOP_FLAG_EMPTY;
	if (!r)
		r = write_meta(fd, &h, map, cb);
	for (vc = 0; !r && vc < h.bat_entries; vc++) {
		if (!map[vc])
			continue;
		r = ploop_read(&s, buf, cb, (uint64_t)vc * cb);
		if (!r)
			r = fd_write_full(fd, buf, cb);
	}
	free(map);
	free(buf);
	return r ? ploop_disk_fail(ctx, r, "copy", "%s", strerror(-r)) : 0;
}

static int since_level(const struct ploop_dd *dd, const char *guid, unsigned *from,
		       struct ploop_disk_ctx *ctx)
{
	unsigned i;

	*from = 0;
	if (!guid)
		return 0;
	for (i = 0; i < dd->count; i++)
		if (!strcasecmp(dd->deltas[i].guid, guid)) {
			*from = i + 1;
			return 0;
		}
	return ploop_disk_fail(ctx, -ENOENT, guid, "no such snapshot");
}

/* Opens every delta of the current descriptor read-only (FORCE: the kernel may hold the top). */
static int open_readonly(const char *dir, struct ploop_disk_stack *ds, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *img;
	unsigned i;
	int r;

	memset(ds, 0, sizeof *ds);
	r = ploop_disk_load(dir, &ds->dd, ctx);
	for (i = 0; !r && i < ds->dd.count; i++) {
		r = ploop_disk_delta_open(&img, dir, &ds->dd, i, PLOOP_OPEN_FORCE, ctx);
		if (!r && (r = ploop_stack_push(&ds->stack, img))) {
			ploop_image_close(img);
			ploop_disk_fail(ctx, r, ds->dd.deltas[i].file, "does not stack");
		}
	}
	if (r)
		ploop_disk_stack_close(ds);
	return r;
}

static int copy_out(const char *dir, const char *since_guid, int fd, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_stack ds;
	struct ploop_disk_dev dev;
	unsigned merged, from, levels;
	int online = ploop_disk_find_device(dir, &dev) > 0, r, e;

	r = online ? ploop_disk_snapshot_locked(dir, NULL, 1, NULL, ctx) :
	     ploop_disk_merge_temporary_locked(dir, &merged, ctx);
	if (r)
		return r;
	r = open_readonly(dir, &ds, ctx);
	if (!r) {
		levels = online ? ds.stack.count - 1 : ds.stack.count;
		r = since_level(&ds.dd, since_guid, &from, ctx);
		if (!r && from >= levels)
			r = ploop_disk_fail(ctx, -EINVAL, since_guid, "is the top delta; nothing to copy since");
		if (!r)
			r = stream_out(&ds, levels, from, fd, ctx);
		ploop_disk_stack_close(&ds);
	}
	if (!online)
		return r;
	e = ploop_disk_snapshot_merge_locked(dir, NULL, r ? NULL : ctx);
	return r ? r : e;
}

/* The stream verbatim into a new file, which must then check clean. */
static int receive(int fd, const char *path, struct ploop_disk_ctx *ctx)
{
	struct ploop_report rep;
	unsigned char *buf = malloc(1u << 20);
	ssize_t n;
	int out, r = buf ? 0 : -ENOMEM;

	out = ploop_file_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (out < 0) {
		free(buf);
		return ploop_disk_fail(ctx, out, path, "%s", rootfile_why(-out));
	}
	while (!r) {
		n = read(fd, buf, 1u << 20);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : 0;
			break;
		}
		r = fd_write_full(out, buf, (size_t)n);
	}
	free(buf);
	if (!r && fsync(out) < 0)
		r = -errno;
	close(out);
	if (r) {
		ploop_file_unlink(path);
		return ploop_disk_fail(ctx, r, path, "cannot receive: %s", strerror(-r));
	}
	r = ploop_check(path, 0, &rep);
	ploop_report_free(&rep);
	if (r) {
		ploop_file_unlink(path);
		return ploop_disk_fail(ctx, r < 0 ? r : -EUCLEAN, path,
				       "the stream is not a sound ploop image (truncated?)");
	}
	return 0;
}

static int copy_in(int fd, const char *image_path, const char *dir, const char *file,
		   struct ploop_disk_ctx *ctx)
{
	char ddpath[PLOOP_DISK_PATH_MAX];
	struct ploop_image *img;
	struct ploop_dd dd;
	int r = receive(fd, image_path, ctx);

	if (!r && ploop_disk_path(ddpath, sizeof ddpath, dir, PLOOP_DD_NAME))
		r = ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
	if (r)
		return r;
	r = ploop_file_exists(ddpath);
	if (r < 0)
		return ploop_disk_fail(ctx, r, ddpath, "%s", rootfile_why(-r));
	if (r) {
		/* An incremental stream goes on top of the disk there, then is merged down. */
		r = ploop_disk_load(dir, &dd, ctx);
		if (!r && (r = ploop_dd_add_snapshot(&dd, NULL, file, 0)))
			ploop_disk_fail(ctx, r, ddpath, "cannot add the delta: %s", strerror(-r));
		if (!r)
			r = ploop_disk_save(dir, &dd, ctx);
		return r ? r : ploop_disk_snapshot_merge_locked(dir, NULL, ctx);
	}
	r = ploop_image_open(&img, image_path, 0);
	if (r)
		return ploop_disk_fail(ctx, r, image_path, "%s", rootfile_why(-r));
	r = ploop_dd_init(&dd, img->hdr.size_sectors, img->hdr.cluster_sectors, file);
	ploop_image_close(img);
	if (r)
		return ploop_disk_fail(ctx, r, image_path, "cannot describe: %s", strerror(-r));
	return ploop_disk_save(dir, &dd, ctx);
}

/* ---- the public operations: each holds the directory lock for its run ---- */
int ploop_disk_copy_out(const char *dir, const char *since_guid, int fd,
			struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = copy_out(dir, since_guid, fd, ctx);
	ploop_disk_unlock(&l);
	return r;
}

int ploop_disk_copy_in(int fd, const char *image_path, struct ploop_disk_ctx *ctx)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_lock l;
	const char *file;
	int r = ploop_disk_split(image_path, dir, sizeof dir, &file, ctx);

	if (!r)
		r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);
	if (r)
		return r;
	r = copy_in(fd, image_path, dir, file, ctx);
	ploop_disk_unlock(&l);
	return r;
}
