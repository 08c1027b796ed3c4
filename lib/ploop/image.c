#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fdio.h"
#include "ploop/ploop.h"

int ploop_pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	return fd_pread_full(fd, buf, len, off);	/* -EIO on a short file: callers checked the size */
}

int ploop_pwrite_full(int fd, const void *buf, size_t len, uint64_t off)
{
	return fd_pwrite_full(fd, buf, len, off);
}

static int sync_data(int fd)
{
	return fdatasync(fd) < 0 ? -errno : 0;
}

static int write_le32_field(int fd, uint64_t off, uint32_t v)
{
	unsigned char b[4];
	int r;

	ploop_put_le32(b, v);
	r = ploop_pwrite_full(fd, b, 4, off);
	return r ? r : sync_data(fd);
}

uint64_t ploop_image_size_bytes(const struct ploop_image *img)
{
	return img->raw ? img->raw_bytes : img->hdr.size_sectors * PLOOP_SECTOR;
}

int ploop_image_lookup(const struct ploop_image *img, uint32_t vc, uint64_t *off)
{
	uint64_t c;

	if (img->raw) {
		*off = (uint64_t)vc * img->cluster_bytes;
		return *off < img->raw_bytes;
	}
	if (vc >= img->hdr.bat_entries || !img->bat[vc])
		return 0;
	if (ploop_bat_entry_cluster(&img->hdr, img->bat[vc], &c) ||
	    c < img->hdr.first_block / img->hdr.cluster_sectors || c >= img->next_free)
		return -EUCLEAN;
	*off = c * img->cluster_bytes;
	return 1;
}

int ploop_image_set_entry(struct ploop_image *img, uint32_t vc, uint32_t entry)
{
	int r;

	if (!(img->open_flags & PLOOP_OPEN_RW) || img->raw)
		return -EBADF;
	if (vc >= img->hdr.bat_entries)
		return -EINVAL;
	r = write_le32_field(img->fd, ploop_bat_entry_offset(vc), entry);
	if (!r)
		img->bat[vc] = entry;
	return r;
}

int ploop_image_alloc(struct ploop_image *img, uint32_t vc, const void *cluster)
{
	uint32_t entry;
	uint64_t c = img->next_free;
	int r;

	if (!(img->open_flags & PLOOP_OPEN_RW) || img->raw)
		return -EBADF;
	if (vc >= img->hdr.bat_entries)
		return -EINVAL;
	if (img->bat[vc])
		return -EEXIST;
	r = ploop_bat_entry_make(&img->hdr, c, &entry);
	if (r)
		return r;
	r = ploop_pwrite_full(img->fd, cluster, img->cluster_bytes, c * img->cluster_bytes);
	if (!r)
		r = sync_data(img->fd);		/* data durable before the BAT names it */
	if (!r)
		r = ploop_image_set_entry(img, vc, entry);
	if (!r)
		img->next_free = c + 1;
	return r;
}

int ploop_image_append(struct ploop_image *img, const void *cluster, uint32_t *entry)
{
	uint64_t c = img->next_free;
	int r;

	if (!(img->open_flags & PLOOP_OPEN_RW) || img->raw)
		return -EBADF;
	r = ploop_bat_entry_make(&img->hdr, c, entry);
	if (!r)
		r = ploop_pwrite_full(img->fd, cluster, img->cluster_bytes, c * img->cluster_bytes);
	if (!r)
		img->next_free = c + 1;
	return r;
}

int ploop_image_commit_entries(struct ploop_image *img, const uint32_t *vcs,
			       const uint32_t *entries, size_t n)
{
	unsigned char le[4];
	size_t i;
	int r;

	if (!n)
		return 0;
	r = sync_data(img->fd);		/* data durable before the BAT names it */
	for (i = 0; !r && i < n; i++) {
		if (vcs[i] >= img->hdr.bat_entries || img->bat[vcs[i]])
			return -EINVAL;
		ploop_put_le32(le, entries[i]);
		r = ploop_pwrite_full(img->fd, le, sizeof le, ploop_bat_entry_offset(vcs[i]));
		if (!r)
			img->bat[vcs[i]] = entries[i];
	}
	return r ? r : sync_data(img->fd);
}

int ploop_image_write_header(struct ploop_image *img)
{
	unsigned char b[PLOOP_HEADER_SIZE];
	int r;

	ploop_header_encode(&img->hdr, b);
	r = ploop_pwrite_full(img->fd, b, sizeof b, 0);
	return r ? r : sync_data(img->fd);
}

/* Every entry names a cluster inside the file and outside header+BAT. */
static int bat_in_bounds(const struct ploop_image *img)
{
	uint64_t off;
	uint32_t i;

	for (i = 0; i < img->hdr.bat_entries; i++)
		if (ploop_image_lookup(img, i, &off) < 0)
			return 0;
	return 1;
}

static int open_delta(struct ploop_image *img, uint64_t file_bytes)
{
	unsigned char b[PLOOP_HEADER_SIZE], *raw_bat;
	uint64_t bat_bytes;
	int r;

	r = ploop_pread_full(img->fd, b, sizeof b, 0);
	if (r == -EIO)
		return -EUCLEAN;
	if (r)
		return r;
	if (ploop_header_decode(b, sizeof b, &img->hdr) ||
	    ploop_header_validate(&img->hdr, NULL, 0))
		return -EUCLEAN;
	img->cluster_bytes = img->hdr.cluster_sectors * PLOOP_SECTOR;
	if (file_bytes < (uint64_t)img->hdr.first_block * PLOOP_SECTOR)
		return -EUCLEAN;
	img->next_free = file_bytes / img->cluster_bytes;
	bat_bytes = (uint64_t)img->hdr.bat_entries * 4;
	img->bat = malloc(bat_bytes);
	raw_bat = malloc(bat_bytes);
	r = (img->bat && raw_bat) ? 0 : -ENOMEM;
	if (!r)
		r = ploop_pread_full(img->fd, raw_bat, bat_bytes, PLOOP_HEADER_SIZE);
	if (!r)
		ploop_bat_decode(raw_bat, img->hdr.bat_entries, img->bat);
	free(raw_bat);
	if (r)
		return r;
	img->needs_check = img->hdr.in_use != 0;
	if (!(img->open_flags & PLOOP_OPEN_FORCE) && (img->needs_check || !bat_in_bounds(img)))
		return -EUCLEAN;
	if (!(img->open_flags & PLOOP_OPEN_RW))
		return 0;
	img->hdr.in_use = PLOOP_IN_USE;
	img->hdr.ext_offset = 0;
	return ploop_image_write_header(img);
}

int ploop_image_open(struct ploop_image **out, const char *path, unsigned flags)
{
	struct ploop_image *img;
	struct stat st;
	int r;

	*out = NULL;
	img = calloc(1, sizeof *img);
	if (!img)
		return -ENOMEM;
	img->open_flags = flags;
	img->fd = ploop_file_open(path, (flags & PLOOP_OPEN_RW) ? O_RDWR : O_RDONLY, 0);
	if (img->fd < 0) {
		r = img->fd;
		free(img);
		return r;
	}
	if (fstat(img->fd, &st) < 0) {
		r = -errno;
		goto fail;
	}
	if (flags & PLOOP_OPEN_RAW) {
		img->raw = 1;
		img->raw_bytes = (uint64_t)st.st_size;
		img->cluster_bytes = PLOOP_CLUSTER_DEFAULT;
	} else {
		r = open_delta(img, (uint64_t)st.st_size);
		if (r)
			goto fail;
	}
	*out = img;
	return 0;
fail:
	close(img->fd);
	free(img->bat);
	free(img);
	return r;
}

static int has_data(const struct ploop_image *img)
{
	uint32_t i;

	for (i = 0; i < img->hdr.bat_entries; i++)
		if (img->bat[i])
			return 1;
	return 0;
}

int ploop_image_close(struct ploop_image *img)
{
	int r = 0;

	if (!img)
		return 0;
	if ((img->open_flags & PLOOP_OPEN_RW) && !img->raw) {
		img->hdr.in_use = 0;
		if (has_data(img))
			img->hdr.flags &= ~PLOOP_FLAG_EMPTY;
		r = ploop_image_write_header(img);
	} else if (img->open_flags & PLOOP_OPEN_RW) {
		r = sync_data(img->fd);
	}
	if (close(img->fd) < 0 && !r)
		r = -errno;
	free(img->bat);
	free(img);
	return r;
}
