#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "ploop/disk_impl.h"

static int base_kind(const struct ploop_image *img)
{
	uint32_t i;

	if (img->raw)
		return PLOOP_RAW;
	for (i = 0; i < img->hdr.bat_entries; i++)
		if (!img->bat[i])
			return PLOOP_EXPANDED;
	return PLOOP_PREALLOCATED;
}

int ploop_disk_info(const char *dir, struct ploop_disk_info *info, struct ploop_disk_ctx *ctx)
{
	struct ploop_image *img;
	struct statvfs vfs;
	struct stat st;
	unsigned i;
	int r;

	memset(info, 0, sizeof *info);
	r = ploop_disk_load(dir, &info->dd, ctx);
	if (r)
		return r;
	info->size_bytes = info->dd.size_sectors * PLOOP_SECTOR;
	info->cluster_bytes = info->dd.blocksize * PLOOP_SECTOR;
	info->version = PLOOP_V2;
	for (i = 0; i < info->dd.count; i++) {
		r = ploop_disk_delta_open(&img, dir, &info->dd, i, PLOOP_OPEN_FORCE, ctx);
		if (r)
			return r;
		if (!fstat(img->fd, &st))
			info->image_bytes += (uint64_t)st.st_blocks * 512;
		if (!img->raw) {
			info->version = img->hdr.version;
			info->in_use |= img->needs_check;
		}
		if (!i)
			info->kind = base_kind(img);
		ploop_image_close(img);
	}
	info->mounted = ploop_disk_find_device(dir, &info->dev) > 0;
	if (info->mounted && info->dev.mnt[0] && !statvfs(info->dev.mnt, &vfs)) {
		info->fs_total = (uint64_t)vfs.f_blocks * vfs.f_frsize;
		info->fs_free = (uint64_t)vfs.f_bavail * vfs.f_frsize;
		info->fs_used = (uint64_t)(vfs.f_blocks - vfs.f_bfree) * vfs.f_frsize;
		info->fs_inodes = vfs.f_files;
		info->fs_inodes_free = vfs.f_ffree;
	}
	return 0;
}
