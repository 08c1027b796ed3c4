#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ploop/ploop.h"

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)ploop_le32(p) | (uint64_t)ploop_le32(p + 4) << 32;
}

static void put_le64(unsigned char *p, uint64_t v)
{
	ploop_put_le32(p, (uint32_t)v);
	ploop_put_le32(p + 4, (uint32_t)(v >> 32));
}

int ploop_cluster_bytes_valid(uint64_t cluster_bytes)
{
	return cluster_bytes >= PLOOP_CLUSTER_MIN && cluster_bytes <= PLOOP_CLUSTER_MAX &&
	       !(cluster_bytes & (cluster_bytes - 1));
}

uint64_t ploop_first_block_sectors(uint64_t entries, uint32_t cluster_sectors)
{
	uint64_t bytes = PLOOP_HEADER_SIZE + entries * 4;
	uint64_t cluster_bytes = (uint64_t)cluster_sectors * PLOOP_SECTOR;

	return (bytes + cluster_bytes - 1) / cluster_bytes * cluster_sectors;
}

int ploop_header_set_size(struct ploop_header *h, uint64_t size_sectors)
{
	uint64_t cs = h->cluster_sectors, entries, first;
	uint32_t spt;

	if (!cs || size_sectors > UINT64_MAX - cs)
		return -EFBIG;
	size_sectors = (size_sectors + cs - 1) / cs * cs;
	entries = size_sectors / cs;
	if (!entries)
		return -EINVAL;
	if (entries >= PLOOP_BAT_INVALID)
		return -EFBIG;
	if (h->version == PLOOP_V1 && size_sectors > PLOOP_V1_MAX_SECTORS)
		return -EFBIG;
	first = ploop_first_block_sectors(entries, h->cluster_sectors);
	if (first > UINT32_MAX)
		return -EFBIG;
	h->size_sectors = size_sectors;
	h->bat_entries = (uint32_t)entries;
	h->first_block = (uint32_t)first;
	ploop_geometry(size_sectors, &h->heads, &h->cylinders, &spt);
	return 0;
}

int ploop_header_init(struct ploop_header *h, enum ploop_version v, uint64_t size_bytes,
		      uint32_t cluster_bytes)
{
	if ((v != PLOOP_V1 && v != PLOOP_V2) || !ploop_cluster_bytes_valid(cluster_bytes))
		return -EINVAL;
	memset(h, 0, sizeof *h);
	h->version = v;
	h->type = PLOOP_TYPE_EXPANDING;
	h->cluster_sectors = cluster_bytes / PLOOP_SECTOR;
	h->flags = PLOOP_FLAG_EMPTY;
	if (size_bytes > UINT64_MAX - (PLOOP_SECTOR - 1))
		return -EFBIG;
	return ploop_header_set_size(h, (size_bytes + PLOOP_SECTOR - 1) / PLOOP_SECTOR);
}

void ploop_header_encode(const struct ploop_header *h, unsigned char out[PLOOP_HEADER_SIZE])
{
	memcpy(out + PLOOP_OFF_SIG, h->version == PLOOP_V1 ? PLOOP_SIG_V1 : PLOOP_SIG_V2,
	       PLOOP_SIG_SIZE);
	ploop_put_le32(out + PLOOP_OFF_TYPE, h->type);
	ploop_put_le32(out + PLOOP_OFF_HEADS, h->heads);
	ploop_put_le32(out + PLOOP_OFF_CYLINDERS, h->cylinders);
	ploop_put_le32(out + PLOOP_OFF_CLUSTER, h->cluster_sectors);
	ploop_put_le32(out + PLOOP_OFF_BAT_ENTRIES, h->bat_entries);
	if (h->version == PLOOP_V1) {
		ploop_put_le32(out + PLOOP_OFF_SIZE, (uint32_t)h->size_sectors);
		ploop_put_le32(out + PLOOP_OFF_SIZE + 4, h->size_high_v1);
	} else {
		put_le64(out + PLOOP_OFF_SIZE, h->size_sectors);
	}
	ploop_put_le32(out + PLOOP_OFF_IN_USE, h->in_use);
	ploop_put_le32(out + PLOOP_OFF_FIRST_BLOCK, h->first_block);
	ploop_put_le32(out + PLOOP_OFF_FLAGS, h->flags);
	put_le64(out + PLOOP_OFF_EXT, h->ext_offset);
}

int ploop_header_decode(const unsigned char *buf, size_t len, struct ploop_header *h)
{
	memset(h, 0, sizeof *h);
	if (len < PLOOP_HEADER_SIZE)
		return -EINVAL;
	if (!memcmp(buf, PLOOP_SIG_V1, PLOOP_SIG_SIZE))
		h->version = PLOOP_V1;
	else if (!memcmp(buf, PLOOP_SIG_V2, PLOOP_SIG_SIZE))
		h->version = PLOOP_V2;
	else
		return -EINVAL;
	h->type = ploop_le32(buf + PLOOP_OFF_TYPE);
	h->heads = ploop_le32(buf + PLOOP_OFF_HEADS);
	h->cylinders = ploop_le32(buf + PLOOP_OFF_CYLINDERS);
	h->cluster_sectors = ploop_le32(buf + PLOOP_OFF_CLUSTER);
	h->bat_entries = ploop_le32(buf + PLOOP_OFF_BAT_ENTRIES);
	if (h->version == PLOOP_V1) {
		h->size_sectors = ploop_le32(buf + PLOOP_OFF_SIZE);
		h->size_high_v1 = ploop_le32(buf + PLOOP_OFF_SIZE + 4);
	} else {
		h->size_sectors = le64(buf + PLOOP_OFF_SIZE);
	}
	h->in_use = ploop_le32(buf + PLOOP_OFF_IN_USE);
	h->first_block = ploop_le32(buf + PLOOP_OFF_FIRST_BLOCK);
	h->flags = ploop_le32(buf + PLOOP_OFF_FLAGS);
	h->ext_offset = le64(buf + PLOOP_OFF_EXT);
	return 0;
}

static int invalid(char *why, size_t why_len, const char *reason)
{
	if (why && why_len)
		snprintf(why, why_len, "%s", reason);
	return -EINVAL;
}

int ploop_header_validate(const struct ploop_header *h, char *why, size_t why_len)
{
	uint64_t cs = h->cluster_sectors, entries;

	if (h->type != PLOOP_TYPE_EXPANDING)
		return invalid(why, why_len, "image type is not 2 (expanding)");
	if (!ploop_cluster_bytes_valid(cs * PLOOP_SECTOR))
		return invalid(why, why_len, "cluster size is not a power of two from 512 B to 64 MiB");
	entries = h->size_sectors / cs + (h->size_sectors % cs != 0);
	if (!entries || entries != h->bat_entries)
		return invalid(why, why_len, "BAT entries do not match the virtual size");
	if (h->first_block != ploop_first_block_sectors(entries, h->cluster_sectors))
		return invalid(why, why_len, "first block offset is not header+BAT rounded to a cluster");
	if (h->flags & ~(PLOOP_FLAG_EMPTY | PLOOP_FLAG_CONVERTING))
		return invalid(why, why_len, "unknown header flags");
	if (h->ext_offset && h->ext_offset < h->first_block)
		return invalid(why, why_len, "format extension offset inside header+BAT");
	return 0;
}
