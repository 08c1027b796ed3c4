#include <errno.h>

#include "ploop/ploop.h"

uint32_t ploop_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void ploop_put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

uint64_t ploop_bat_entry_offset(uint32_t i)
{
	return PLOOP_HEADER_SIZE + (uint64_t)i * 4;
}

/* v2 entries are cluster indexes, v1 entries sector offsets. */
int ploop_bat_entry_cluster(const struct ploop_header *h, uint32_t entry, uint64_t *cluster)
{
	if (entry == PLOOP_BAT_INVALID || !h->cluster_sectors)
		return -EINVAL;
	if (h->version == PLOOP_V2) {
		*cluster = entry;
		return 0;
	}
	if (entry % h->cluster_sectors)
		return -EINVAL;
	*cluster = entry / h->cluster_sectors;
	return 0;
}

int ploop_bat_entry_make(const struct ploop_header *h, uint64_t cluster, uint32_t *entry)
{
	uint64_t v = cluster;

	if (h->version == PLOOP_V1) {
		if (cluster > UINT64_MAX / h->cluster_sectors)
			return -EFBIG;
		v = cluster * h->cluster_sectors;
	}
	if (!v)
		return -EINVAL;
	if (v >= PLOOP_BAT_INVALID)
		return -EFBIG;
	*entry = (uint32_t)v;
	return 0;
}

void ploop_bat_decode(const unsigned char *buf, uint32_t n, uint32_t *bat)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		bat[i] = ploop_le32(buf + (uint64_t)i * 4);
}
