#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "ploop/disk_impl.h"

int ploop_disk_fail(struct ploop_disk_ctx *ctx, int err, const char *object, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!ctx)
		return err;
	n = (size_t)snprintf(ctx->error, sizeof ctx->error, "%s: ", object);
	if (n >= sizeof ctx->error)
		return err;
	va_start(ap, fmt);
	vsnprintf(ctx->error + n, sizeof ctx->error - n, fmt, ap);
	va_end(ap);
	return err;
}

int ploop_disk_path(char *out, size_t len, const char *dir, const char *file)
{
	int n = snprintf(out, len, "%s/%s", dir, file);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Strips a trailing "/DiskDescriptor.xml" or a delta file name. */
static int parent_dir(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		n = 1;
		path = ".";
	} else {
		n = slash == path ? 1 : (size_t)(slash - path);
	}
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = 0;
	return 0;
}

int ploop_disk_dir_fail(struct ploop_disk_ctx *ctx, int err, const char *dir)
{
	char link[PLOOP_DISK_PATH_MAX];

	if (err == -ELOOP && rootfile_path_symlink(dir, link, sizeof link))
		return ploop_disk_fail(ctx, err, link, "%s", rootfile_why(ELOOP));
	return ploop_disk_fail(ctx, err, dir, "%s", rootfile_why(-err));
}

int ploop_disk_dir_check(const char *dir, struct ploop_disk_ctx *ctx)
{
	int fd = rootfile_dir_open(dir);

	if (fd < 0)
		return ploop_disk_dir_fail(ctx, -errno, dir);
	close(fd);
	return 0;
}

int ploop_disk_dir(const char *arg, char *dir, size_t len, struct ploop_disk_ctx *ctx)
{
	char buf[PATH_MAX];
	int fd = rootfile_dir_open(arg), r;

	if (fd >= 0) {
		close(fd);
		if (!realpath(arg, buf))	/* no symlink to resolve: only . and .. */
			return ploop_disk_fail(ctx, -errno, arg, "%s", strerror(errno));
		if (strlen(buf) >= len)
			return ploop_disk_fail(ctx, -ENAMETOOLONG, arg, "path too long");
		memcpy(dir, buf, strlen(buf) + 1);
		return 0;
	}
	if (errno != ENOTDIR)
		return ploop_disk_dir_fail(ctx, -errno, arg);
	r = parent_dir(arg, buf, sizeof buf);
	if (r)
		return ploop_disk_fail(ctx, r, arg, "path too long");
	return ploop_disk_dir(buf, dir, len, ctx);
}

int ploop_disk_load(const char *dir, struct ploop_dd *dd, struct ploop_disk_ctx *ctx)
{
	char why[256], path[PLOOP_DISK_PATH_MAX];
	int r = ploop_disk_dir_check(dir, ctx);

	if (r)
		return r;
	why[0] = 0;
	r = ploop_dd_load(dir, dd, why, sizeof why);
	if (!r)
		return 0;
	if (ploop_disk_path(path, sizeof path, dir, PLOOP_DD_NAME))
		snprintf(path, sizeof path, "%s", dir);
	return ploop_disk_fail(ctx, r, path, "%s", why[0] ? why : strerror(-r));
}

int ploop_disk_save(const char *dir, const struct ploop_dd *dd, struct ploop_disk_ctx *ctx)
{
	char path[PLOOP_DISK_PATH_MAX];
	int r = ploop_dd_save(dir, dd);

	if (!r)
		return 0;
	if (ploop_disk_path(path, sizeof path, dir, PLOOP_DD_NAME))
		snprintf(path, sizeof path, "%s", dir);
	return ploop_disk_fail(ctx, r, path, "cannot write: %s", rootfile_why(-r));
}

int ploop_disk_split(const char *image_path, char *dir, size_t len, const char **file,
		     struct ploop_disk_ctx *ctx)
{
	const char *slash = strrchr(image_path, '/');
	char parent[PLOOP_DISK_PATH_MAX];
	size_t n;

	*file = slash ? slash + 1 : image_path;
	if (!ploop_dd_file_valid(*file))
		return ploop_disk_fail(ctx, -EINVAL, image_path, "not a valid image file name");
	n = slash ? (size_t)(slash - image_path) : 0;
	if (n >= sizeof parent)
		return ploop_disk_fail(ctx, -ENAMETOOLONG, image_path, "path too long");
	memcpy(parent, slash ? image_path : ".", slash ? n : 1);
	parent[slash ? (n ? n : 1) : 1] = 0;
	return ploop_disk_dir(parent, dir, len, ctx);
}
