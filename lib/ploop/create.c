#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ploop/ploop.h"

/* Zeros over [from, to), written (never a hole: images must not be sparse). */
static int write_zeros(int fd, unsigned char *buf, size_t buf_len, uint64_t from, uint64_t to)
{
	size_t n;
	int r;

	memset(buf, 0, buf_len);
	while (from < to) {
		n = to - from < buf_len ? (size_t)(to - from) : buf_len;
		r = ploop_pwrite_full(fd, buf, n, from);
		if (r)
			return r;
		from += n;
	}
	return 0;
}

/* One cluster of header+BAT: cluster k of the first-block area. */
static int fill_meta_cluster(const struct ploop_header *h, enum ploop_kind kind, uint64_t k,
			     unsigned char *buf, size_t cb)
{
	uint64_t first_c = h->first_block / h->cluster_sectors, byte, end = (k + 1) * cb;
	uint32_t i, entry;
	int r;

	memset(buf, 0, cb);
	if (k == 0)
		ploop_header_encode(h, buf);
	if (kind != PLOOP_PREALLOCATED)
		return 0;
	byte = k ? k * cb : PLOOP_HEADER_SIZE;
	for (; byte + 4 <= end; byte += 4) {
		i = (uint32_t)((byte - PLOOP_HEADER_SIZE) / 4);
		if (i >= h->bat_entries)
			break;
		r = ploop_bat_entry_make(h, first_c + i, &entry);
		if (r)
			return r;
		ploop_put_le32(buf + (byte - k * cb), entry);
	}
	return 0;
}

static int create_delta(int fd, uint64_t size_bytes, uint32_t cb, enum ploop_version v,
			enum ploop_kind kind, unsigned char **buf)
{
	struct ploop_header h;
	uint64_t first_c, k, last_entry_c;
	uint32_t entry;
	int r;

	r = ploop_header_init(&h, v, size_bytes, cb);
	if (r)
		return r;
	first_c = h.first_block / h.cluster_sectors;
	if (kind == PLOOP_PREALLOCATED) {
		h.flags = 0;
		last_entry_c = first_c + h.bat_entries - 1;
		r = ploop_bat_entry_make(&h, last_entry_c, &entry);
		if (r)
			return r;
	}
	*buf = malloc(cb);
	if (!*buf)
		return -ENOMEM;
	for (k = 0; k < first_c; k++) {
		r = fill_meta_cluster(&h, kind, k, *buf, cb);
		if (!r)
			r = ploop_pwrite_full(fd, *buf, cb, k * cb);
		if (r)
			return r;
	}
	if (kind == PLOOP_PREALLOCATED)
		r = write_zeros(fd, *buf, cb, first_c * cb, (first_c + h.bat_entries) * cb);
	return r;
}

int ploop_image_create(const char *path, uint64_t size_bytes, uint32_t cluster_bytes,
		       enum ploop_version v, enum ploop_kind kind)
{
	unsigned char *buf = NULL;
	int fd, r;

	if (!cluster_bytes)
		cluster_bytes = PLOOP_CLUSTER_DEFAULT;
	if (!ploop_cluster_bytes_valid(cluster_bytes) || !size_bytes ||
	    (kind != PLOOP_EXPANDED && kind != PLOOP_PREALLOCATED && kind != PLOOP_RAW))
		return -EINVAL;
	if (size_bytes > UINT64_MAX / 2)
		return -EFBIG;
	fd = ploop_file_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return fd;
	if (kind == PLOOP_RAW) {
		buf = malloc(cluster_bytes);
		r = buf ? write_zeros(fd, buf, cluster_bytes, 0,
				      (size_bytes + PLOOP_SECTOR - 1) / PLOOP_SECTOR * PLOOP_SECTOR)
			: -ENOMEM;
	} else {
		r = create_delta(fd, size_bytes, cluster_bytes, v, kind, &buf);
	}
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	free(buf);
	if (r)
		ploop_file_unlink(path);
	return r;
}
