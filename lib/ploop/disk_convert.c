#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/rootfile.h"
#include "ploop/disk_impl.h"

/* Every cluster of src into the new image dst (zeros left unmapped when expanded). */
static int copy_clusters(struct ploop_disk_stack *src, struct ploop_stack *dst, int skip_zero)
{
	struct ploop_image *top = src->stack.delta[src->stack.count - 1];
	uint64_t size = src->dd.size_sectors * PLOOP_SECTOR, off, n;
	uint32_t cb = top->cluster_bytes;
	unsigned char *buf = malloc(cb);
	int r = buf ? 0 : -ENOMEM;

	for (off = 0; !r && off < size; off += n) {
		n = size - off < cb ? size - off : cb;
		r = ploop_read(&src->stack, buf, (size_t)n, off);
		if (!r && !(skip_zero && mem_is_zero(buf, (size_t)n)))
			r = ploop_write(dst, buf, (size_t)n, off);
	}
	free(buf);
	return r ? r : ploop_flush(dst);
}

static int disk_convert(const char *dir, int kind, enum ploop_version version,
			struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_stack src;
	struct ploop_stack dst = { .count = 0 };
	struct ploop_image *img = NULL;
	char path[PLOOP_DISK_PATH_MAX], tmp[PLOOP_DISK_PATH_MAX], name[PLOOP_DD_FILE_MAX + 16];
	struct ploop_dd dd;
	enum ploop_version v;
	int r = ploop_disk_stack_open(&src, dir, 0, ctx), e;

	if (r)
		return r;
	dd = src.dd;
	if (dd.count != 1) {
		ploop_disk_stack_close(&src);
		return ploop_disk_fail(ctx, -EBUSY, dir, "has snapshots; merge or delete them first");
	}
	img = src.stack.delta[0];
	if (kind < 0)
		kind = img->raw ? PLOOP_RAW : PLOOP_EXPANDED;
	v = version ? version : img->raw ? PLOOP_V2 : img->hdr.version;
	snprintf(name, sizeof name, ".%s.convert", dd.deltas[0].file);
	if (ploop_disk_path(path, sizeof path, dir, dd.deltas[0].file) ||
	    ploop_disk_path(tmp, sizeof tmp, dir, name)) {
		ploop_disk_stack_close(&src);
		return ploop_disk_fail(ctx, -ENAMETOOLONG, dir, "path too long");
	}
	ploop_file_unlink(tmp);
	r = ploop_image_create(tmp, dd.size_sectors * PLOOP_SECTOR, dd.blocksize * PLOOP_SECTOR, v,
			       (enum ploop_kind)kind);
	if (!r)
		r = ploop_image_open(&img, tmp, PLOOP_OPEN_RW | (kind == PLOOP_RAW ? PLOOP_OPEN_RAW : 0));
	if (!r) {
		img->cluster_bytes = dd.blocksize * PLOOP_SECTOR;
		dst.delta[dst.count++] = img;
		r = copy_clusters(&src, &dst, kind == PLOOP_EXPANDED);
		e = ploop_image_close(img);
		r = r ? r : e;
	}
	ploop_disk_stack_close(&src);
	if (!r)
		r = ploop_file_rename(tmp, dd.deltas[0].file);
	if (r) {
		ploop_file_unlink(tmp);
		return ploop_disk_fail(ctx, r, path, "cannot convert: %s", r == -EFBIG ?
				       "too large for format v1" : rootfile_why(-r));
	}
	dd.deltas[0].type = kind == PLOOP_RAW ? PLOOP_DD_PLAIN : PLOOP_DD_COMPRESSED;
	return ploop_disk_save(dir, &dd, ctx);
}

int ploop_disk_convert(const char *dir, int kind, enum ploop_version version,
		       struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_lock l;
	int r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);

	if (r)
		return r;
	r = disk_convert(dir, kind, version, ctx);
	ploop_disk_unlock(&l);
	return r;
}
