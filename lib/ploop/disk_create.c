#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/mem.h"
#include "base/rootfile.h"
#include "ploop/disk_impl.h"

/* Copies the non-zero clusters of a sparse file into the disk (zeros stay unmapped). */
static int import_sparse(struct ploop_disk_stack *ds, int fd, uint64_t size,
			 struct ploop_disk_ctx *ctx, const char *what)
{
	uint32_t cb = ds->stack.delta[0]->cluster_bytes;
	unsigned char *buf = malloc(cb);
	uint64_t off = 0;
	off_t data;
	int r = buf ? 0 : -ENOMEM;

	while (!r && off < size) {
		data = lseek(fd, (off_t)off, SEEK_DATA);
		if (data < 0 || (uint64_t)data >= size)
			break;
		off = (uint64_t)data / cb * cb;
		r = fd_pread_full(fd, buf, cb, off);
		if (!r && !mem_is_zero(buf, cb))
			r = ploop_write(&ds->stack, buf, cb, off);
		off += cb;
	}
	free(buf);
	if (!r)
		r = ploop_flush(&ds->stack);
	return r ? ploop_disk_fail(ctx, r, what, "cannot copy the new filesystem in: %s",
				   strerror(-r)) : 0;
}

/* mke2fs into a sparse scratch file next to the image, then its data into the image. */
static int mkfs_through_file(const char *dir, const char *file, uint64_t size,
			     uint64_t inodes, struct ploop_disk_ctx *ctx)
{
	struct ploop_disk_stack ds;
	char scratch[PLOOP_DISK_PATH_MAX], name[PLOOP_DD_FILE_MAX + 16];
	int fd, r, e;

	snprintf(name, sizeof name, ".%s.mkfs", file);
	r = ploop_disk_path(scratch, sizeof scratch, dir, name);
	if (r)
		return ploop_disk_fail(ctx, r, dir, "path too long");
	ploop_file_unlink(scratch);	/* left by a crash */
	fd = ploop_file_open(scratch, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return ploop_disk_fail(ctx, fd, scratch, "%s", rootfile_why(-fd));
	r = ftruncate(fd, (off_t)size) < 0 ? ploop_disk_fail(ctx, -errno, scratch, "%s",
							       strerror(errno)) : 0;
	if (!r)
		r = ploop_disk_mkfs(scratch, size, inodes, ctx);
	if (!r)
		r = ploop_disk_stack_open(&ds, dir, 1, ctx);
	if (!r) {
		r = import_sparse(&ds, fd, size, ctx, scratch);
		e = ploop_disk_stack_close(&ds);
		if (!r && e)
			r = ploop_disk_fail(ctx, e, file, "cannot close: %s", strerror(-e));
	}
	close(fd);
	ploop_file_unlink(scratch);
	return r;
}

/* The size rounded up to whole clusters, once the options are known good. */
static int opts_check(const char *image_path, const struct ploop_disk_create_opts *o,
		      uint64_t *size, struct ploop_disk_ctx *ctx)
{
	uint32_t cb = o->cluster_bytes ? o->cluster_bytes : PLOOP_CLUSTER_DEFAULT;

	if (!ploop_cluster_bytes_valid(cb))
		return ploop_disk_fail(ctx, -EINVAL, image_path,
				       "cluster size %u is not a power of two from 512 B to 64 MiB", cb);
	if (!o->size_bytes || o->size_bytes > (UINT64_MAX >> 2))
		return ploop_disk_fail(ctx, -EINVAL, image_path, "bad size");
	*size = (o->size_bytes + cb - 1) / cb * cb;
	return o->mkfs ? ploop_disk_mkfs_check(image_path, *size, o->inodes, ctx) : 0;
}

static int disk_create(const char *image_path, const char *dir, const char *file,
		       const struct ploop_disk_create_opts *o, uint64_t size,
		       struct ploop_disk_ctx *ctx)
{
	enum ploop_version v = o->version ? o->version : PLOOP_V2;
	uint32_t cb = o->cluster_bytes ? o->cluster_bytes : PLOOP_CLUSTER_DEFAULT;
	char path[PLOOP_DISK_PATH_MAX], ddpath[PLOOP_DISK_PATH_MAX];
	struct ploop_dd dd;
	int r;

	if (ploop_disk_path(path, sizeof path, dir, file) ||
	    ploop_disk_path(ddpath, sizeof ddpath, dir, PLOOP_DD_NAME))
		return ploop_disk_fail(ctx, -ENAMETOOLONG, image_path, "path too long");
	r = ploop_file_exists(ddpath);
	if (r)
		return ploop_disk_fail(ctx, r < 0 ? r : -EEXIST, ddpath, "%s",
				       r < 0 ? rootfile_why(-r) : "already exists");
	r = ploop_dd_init(&dd, size / PLOOP_SECTOR, cb / PLOOP_SECTOR, file);
	if (r)
		return ploop_disk_fail(ctx, r, image_path, "cannot describe the disk: %s",
				       strerror(-r));
	if (o->kind == PLOOP_RAW)
		dd.deltas[0].type = PLOOP_DD_PLAIN;
	r = ploop_image_create(path, size, cb, v, o->kind);
	if (r)
		return ploop_disk_fail(ctx, r, path, "%s", r == -EFBIG ?
				       "too large for this format version" : rootfile_why(-r));
	r = ploop_disk_save(dir, &dd, ctx);
	if (!r && o->mkfs)
		r = o->kind == PLOOP_RAW ? ploop_disk_mkfs(path, size, o->inodes, ctx) :
		    mkfs_through_file(dir, file, size, o->inodes, ctx);
	if (r) {
		ploop_file_unlink(ddpath);
		ploop_file_unlink(path);
	}
	return r;
}

/* A failed create leaves the directory as it found it, but for what was there. */
static void lock_file_drop(const char *dir)
{
	char path[PLOOP_DISK_PATH_MAX];

	if (!ploop_disk_path(path, sizeof path, dir, PLOOP_LOCK_NAME))
		ploop_file_unlink(path);
}

int ploop_disk_create(const char *image_path, const struct ploop_disk_create_opts *o,
		      struct ploop_disk_ctx *ctx)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_lock l;
	const char *file;
	uint64_t size = 0;
	int r = opts_check(image_path, o, &size, ctx);

	if (!r)
		r = ploop_disk_split(image_path, dir, sizeof dir, &file, ctx);
	if (!r)
		r = ploop_disk_lock(dir, PLOOP_LOCK_TIMEOUT_MS, &l, ctx);
	if (r)
		return r;
	r = disk_create(image_path, dir, file, o, size, ctx);
	if (r && r != -EEXIST)
		lock_file_drop(dir);
	ploop_disk_unlock(&l);
	return r;
}
