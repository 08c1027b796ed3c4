#include <stdint.h>
#include <string.h>

#include "blkprobe.h"

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int has_bytes(const unsigned char *buf, size_t len, size_t off, const char *magic,
		     size_t mlen)
{
	return off + mlen <= len && !memcmp(buf + off, magic, mlen);
}

/* Copies a fixed-width label, dropping padding (NUL or blanks) at its end. */
static void label_copy(char *dst, const unsigned char *src, size_t width)
{
	size_t n = 0, i;

	for (i = 0; i < width && src[i]; i++)
		dst[n++] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	while (n && dst[n - 1] == ' ')
		n--;
	dst[n] = 0;
}

static int probe_ext(const unsigned char *buf, size_t len, struct blkprobe *r)
{
	const unsigned char *sb = buf + 1024;
	uint32_t compat, incompat, ro_compat;

	if (len < 1024 + 0x88 || le16(sb + 0x38) != 0xEF53)
		return 0;
	compat = le32(sb + 0x5C);
	incompat = le32(sb + 0x60);
	ro_compat = le32(sb + 0x64);
	if ((incompat & ~0x1Eu) || (ro_compat & ~0x7u))
		r->type = BLKPROBE_EXT4;
	else
		r->type = (compat & 0x4) ? BLKPROBE_EXT3 : BLKPROBE_EXT2;
	label_copy(r->label, sb + 0x78, 16);
	return 1;
}

static int probe_iso9660(const unsigned char *buf, size_t len, struct blkprobe *r)
{
	if (!has_bytes(buf, len, 32768, "\001CD001", 6) || len < 32768 + 72)
		return 0;
	r->type = BLKPROBE_ISO9660;
	label_copy(r->label, buf + 32768 + 40, 32);
	return 1;
}

static int probe_vfat(const unsigned char *buf, size_t len, struct blkprobe *r)
{
	unsigned bps, spc;
	size_t label_at;

	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xAA)
		return 0;
	bps = le16(buf + 11);
	spc = buf[13];
	if ((bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) || !spc ||
	    (spc & (spc - 1)) || !le16(buf + 14) || buf[16] < 1 || buf[16] > 2)
		return 0;
	if (has_bytes(buf, len, 0x52, "FAT32   ", 8))
		label_at = buf[0x42] == 0x29 ? 0x47 : 0;
	else if (has_bytes(buf, len, 0x36, "FAT", 3))
		label_at = buf[0x26] == 0x29 ? 0x2B : 0;
	else
		return 0;
	r->type = BLKPROBE_VFAT;
	if (label_at)
		label_copy(r->label, buf + label_at, 11);
	if (!strcmp(r->label, "NO NAME"))
		r->label[0] = 0;
	return 1;
}

static int probe_signatures(const unsigned char *buf, size_t len, struct blkprobe *r)
{
	static const size_t pages[] = { 4096, 8192, 16384, 65536 };
	size_t i;

	if (has_bytes(buf, len, 0, "XFSB", 4)) {
		r->type = BLKPROBE_XFS;
		if (len >= 120)
			label_copy(r->label, buf + 108, 12);
		return 1;
	}
	if (has_bytes(buf, len, 65536 + 0x40, "_BHRfS_M", 8))
		return r->type = BLKPROBE_BTRFS, 1;
	for (i = 0; i < 4; i++)
		if (has_bytes(buf, len, 512 * i, "LABELONE", 8))
			return r->type = BLKPROBE_LVM, 1;
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (has_bytes(buf, len, pages[i] - 10, "SWAPSPACE2", 10) ||
		    has_bytes(buf, len, pages[i] - 10, "SWAP-SPACE", 10))
			return r->type = BLKPROBE_SWAP, 1;
	if (has_bytes(buf, len, 512, "EFI PART", 8) || has_bytes(buf, len, 4096, "EFI PART", 8))
		return r->type = BLKPROBE_GPT, 1;
	return 0;
}

void blkprobe_identify(const unsigned char *buf, size_t len, struct blkprobe *r)
{
	r->type = BLKPROBE_NONE;
	r->label[0] = 0;
	if (probe_ext(buf, len, r) || probe_iso9660(buf, len, r) ||
	    probe_signatures(buf, len, r) || probe_vfat(buf, len, r))
		return;
	if (len >= 512 && buf[510] == 0x55 && buf[511] == 0xAA)
		r->type = BLKPROBE_MBR;
}

const char *blkprobe_describe(enum blkprobe_type type)
{
	static const char *const names[] = {
		[BLKPROBE_NONE] = "no recognised signature",
		[BLKPROBE_EXT2] = "an ext2 filesystem",
		[BLKPROBE_EXT3] = "an ext3 filesystem",
		[BLKPROBE_EXT4] = "an ext4 filesystem",
		[BLKPROBE_VFAT] = "a vfat filesystem",
		[BLKPROBE_ISO9660] = "an iso9660 filesystem",
		[BLKPROBE_XFS] = "an xfs filesystem",
		[BLKPROBE_BTRFS] = "a btrfs filesystem",
		[BLKPROBE_LVM] = "an LVM physical volume",
		[BLKPROBE_SWAP] = "a swap area",
		[BLKPROBE_GPT] = "a GPT partition table",
		[BLKPROBE_MBR] = "an MBR partition table",
	};

	return names[type];
}

const char *blkprobe_fstype(enum blkprobe_type type)
{
	switch (type) {
	case BLKPROBE_EXT2:
	case BLKPROBE_EXT3:
	case BLKPROBE_EXT4:
		return "ext4";
	case BLKPROBE_VFAT:
		return "vfat";
	case BLKPROBE_ISO9660:
		return "iso9660";
	default:
		return NULL;
	}
}

int blkprobe_is_empty(const unsigned char *buf, size_t len)
{
	struct blkprobe r;
	size_t i;

	blkprobe_identify(buf, len, &r);
	if (r.type != BLKPROBE_NONE)
		return 0;
	for (i = 0; i < len; i++)
		if (buf[i])
			return 0;
	return 1;
}
