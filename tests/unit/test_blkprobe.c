#include <stdlib.h>
#include <string.h>

#include "../../init/blkprobe.h"
#include "tap.h"

static unsigned char *image(void)
{
	return calloc(1, BLKPROBE_EMPTY_SPAN);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static void make_ext(unsigned char *img, unsigned compat, unsigned incompat, const char *label)
{
	put16(img + 1024 + 0x38, 0xEF53);
	put32(img + 1024 + 0x5C, compat);
	put32(img + 1024 + 0x60, incompat);
	memcpy(img + 1024 + 0x78, label, strlen(label));
}

static void make_vfat32(unsigned char *img, const char *label11)
{
	img[0] = 0xEB;
	put16(img + 11, 512);
	img[13] = 8;
	put16(img + 14, 32);
	img[16] = 2;
	img[0x42] = 0x29;
	memcpy(img + 0x47, label11, 11);
	memcpy(img + 0x52, "FAT32   ", 8);
	img[510] = 0x55;
	img[511] = 0xAA;
}

static void test_filesystems(void)
{
	unsigned char *img = image();
	struct blkprobe p;

	make_ext(img, 0x4, 0x2C2, "VZDATA");
	blkprobe_identify(img, BLKPROBE_SPAN, &p);
	is_int(p.type, BLKPROBE_EXT4, "ext4 by feature flags");
	is_str(p.label, "VZDATA", "ext4 label");
	is_str(blkprobe_fstype(p.type), "ext4", "ext4 mount type");
	memset(img, 0, BLKPROBE_EMPTY_SPAN);
	make_ext(img, 0x4, 0x2, "old");
	blkprobe_identify(img, BLKPROBE_SPAN, &p);
	is_int(p.type, BLKPROBE_EXT3, "ext3: journal, no ext4 features");
	memset(img, 0, BLKPROBE_EMPTY_SPAN);
	make_vfat32(img, "VZSEED     ");
	blkprobe_identify(img, BLKPROBE_SPAN, &p);
	is_int(p.type, BLKPROBE_VFAT, "vfat before MBR");
	is_str(p.label, "VZSEED", "vfat label without padding");
	memset(img, 0, BLKPROBE_EMPTY_SPAN);
	memcpy(img + 32768, "\001CD001", 6);
	memcpy(img + 32768 + 40, "VZSEED                          ", 32);
	img[510] = 0x55;
	img[511] = 0xAA;
	blkprobe_identify(img, BLKPROBE_SPAN, &p);
	is_int(p.type, BLKPROBE_ISO9660, "iso9660 (hybrid MBR too)");
	is_str(p.label, "VZSEED", "iso9660 volume id");
	free(img);
}

static void test_signatures(void)
{
	static const struct {
		size_t off;
		const char *magic;
		enum blkprobe_type type;
		const char *name;
	} cases[] = {
		{ 0, "XFSB", BLKPROBE_XFS, "xfs" },
		{ 65536 + 0x40, "_BHRfS_M", BLKPROBE_BTRFS, "btrfs" },
		{ 512, "LABELONE", BLKPROBE_LVM, "LVM" },
		{ 4096 - 10, "SWAPSPACE2", BLKPROBE_SWAP, "swap" },
		{ 4096 - 10, "SWAP-SPACE", BLKPROBE_SWAP, "old swap" },
		{ 512, "EFI PART", BLKPROBE_GPT, "GPT" },
		{ 510, "\x55\xAA", BLKPROBE_MBR, "MBR" },
	};
	unsigned char *img = image();
	struct blkprobe p;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(img, 0, BLKPROBE_EMPTY_SPAN);
		memcpy(img + cases[i].off, cases[i].magic, strlen(cases[i].magic));
		blkprobe_identify(img, BLKPROBE_SPAN, &p);
		is_int(p.type, cases[i].type, cases[i].name);
		ok(!blkprobe_is_empty(img, BLKPROBE_EMPTY_SPAN), "%s: not empty", cases[i].name);
		ok(blkprobe_fstype(p.type) == NULL, "%s: not mounted as data", cases[i].name);
	}
	free(img);
}

static void test_empty(void)
{
	unsigned char *img = image();
	struct blkprobe p;

	blkprobe_identify(img, BLKPROBE_EMPTY_SPAN, &p);
	is_int(p.type, BLKPROBE_NONE, "zeros: no signature");
	ok(blkprobe_is_empty(img, BLKPROBE_EMPTY_SPAN), "zeros: empty");
	img[BLKPROBE_EMPTY_SPAN - 1] = 1;
	ok(!blkprobe_is_empty(img, BLKPROBE_EMPTY_SPAN), "one byte near 1 MiB: not empty");
	img[BLKPROBE_EMPTY_SPAN - 1] = 0;
	make_ext(img, 0, 0, "");
	ok(!blkprobe_is_empty(img, BLKPROBE_EMPTY_SPAN), "ext2 without label: not empty");
	blkprobe_identify(img, 100, &p);
	is_int(p.type, BLKPROBE_NONE, "short read: nothing out of bounds");
	free(img);
}

int main(void)
{
	test_filesystems();
	test_signatures();
	test_empty();
	return done_testing();
}
