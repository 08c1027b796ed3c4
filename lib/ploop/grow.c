#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ploop/ploop.h"

/* Copies file cluster `from` (named by BAT entry vc) to the end, durably, then repoints vc. */
static int move_cluster(struct ploop_image *img, uint32_t vc, uint64_t from, uint64_t to,
			unsigned char *buf)
{
	uint32_t entry;
	int r;

	r = ploop_bat_entry_make(&img->hdr, to, &entry);
	if (!r)
		r = ploop_pread_full(img->fd, buf, img->cluster_bytes, from * img->cluster_bytes);
	if (!r)
		r = ploop_pwrite_full(img->fd, buf, img->cluster_bytes, to * img->cluster_bytes);
	if (!r && fdatasync(img->fd) < 0)
		r = -errno;
	if (!r)
		r = ploop_image_set_entry(img, vc, entry);
	return r;
}

/* Moves every data cluster below file cluster `limit` to the end of the file. */
static int evacuate_below(struct ploop_image *img, uint64_t limit, unsigned char *buf)
{
	uint64_t off, dest = img->next_free > limit ? img->next_free : limit;
	uint32_t vc;
	int r;

	for (vc = 0; vc < img->hdr.bat_entries; vc++) {
		r = ploop_image_lookup(img, vc, &off);
		if (r < 0)
			return r;
		if (!r || off / img->cluster_bytes >= limit)
			continue;
		r = move_cluster(img, vc, off / img->cluster_bytes, dest, buf);
		if (r)
			return r;
		img->next_free = ++dest;
	}
	if (img->next_free < limit)
		img->next_free = limit;
	return 0;
}

static int zero_range(int fd, unsigned char *buf, size_t buf_len, uint64_t from, uint64_t to)
{
	size_t n;
	int r;

	memset(buf, 0, buf_len);
	for (; from < to; from += n) {
		n = to - from < buf_len ? (size_t)(to - from) : buf_len;
		r = ploop_pwrite_full(fd, buf, n, from);
		if (r)
			return r;
	}
	return fdatasync(fd) < 0 ? -errno : 0;
}

int ploop_image_grow(struct ploop_image *img, uint64_t new_size_bytes)
{
	struct ploop_header nh = img->hdr;
	unsigned char *buf;
	uint32_t *bat;
	uint64_t old_first_c, new_first_c;
	int r;

	if (!(img->open_flags & PLOOP_OPEN_RW) || img->raw)
		return -EINVAL;
	if (new_size_bytes > UINT64_MAX - PLOOP_SECTOR)
		return -EFBIG;
	r = ploop_header_set_size(&nh, (new_size_bytes + PLOOP_SECTOR - 1) / PLOOP_SECTOR);
	if (r)
		return r;
	if (nh.size_sectors < img->hdr.size_sectors)
		return -EINVAL;		/* shrinking is not supported */
	if (nh.size_sectors == img->hdr.size_sectors)
		return 0;
	bat = realloc(img->bat, (size_t)nh.bat_entries * 4);
	if (!bat)
		return -ENOMEM;
	img->bat = bat;
	memset(bat + img->hdr.bat_entries, 0, (size_t)(nh.bat_entries - img->hdr.bat_entries) * 4);
	buf = malloc(img->cluster_bytes);
	if (!buf)
		return -ENOMEM;
	old_first_c = img->hdr.first_block / img->hdr.cluster_sectors;
	new_first_c = nh.first_block / nh.cluster_sectors;
	r = new_first_c > old_first_c ? evacuate_below(img, new_first_c, buf) : 0;
	/* The new BAT tail and the clusters it takes over are zero before the header names them. */
	if (!r)
		r = zero_range(img->fd, buf, img->cluster_bytes,
			       ploop_bat_entry_offset(img->hdr.bat_entries),
			       new_first_c * img->cluster_bytes);
	free(buf);
	if (r)
		return r;
	img->hdr = nh;
	return ploop_image_write_header(img);
}
