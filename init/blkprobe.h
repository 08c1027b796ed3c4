#ifndef VZHOST_BLKPROBE_H
#define VZHOST_BLKPROBE_H

#include <stddef.h>

/*
 * Recognises what a block device holds from its first bytes: filesystems
 * (ext2/3/4, vfat, iso9660, xfs, btrfs), LVM and swap signatures and
 * partition tables (GPT, MBR), with the label where there is one.
 * Pure functions over a buffer read from the start of the device.
 */

#define BLKPROBE_SPAN (68 * 1024)	/* covers every signature probed */
#define BLKPROBE_EMPTY_SPAN (1024 * 1024)
#define BLKPROBE_LABEL_MAX 64

enum blkprobe_type {
	BLKPROBE_NONE,
	BLKPROBE_EXT2,
	BLKPROBE_EXT3,
	BLKPROBE_EXT4,
	BLKPROBE_VFAT,
	BLKPROBE_ISO9660,
	BLKPROBE_XFS,
	BLKPROBE_BTRFS,
	BLKPROBE_LVM,
	BLKPROBE_SWAP,
	BLKPROBE_GPT,
	BLKPROBE_MBR,
};

struct blkprobe {
	enum blkprobe_type type;
	char label[BLKPROBE_LABEL_MAX];
};

void blkprobe_identify(const unsigned char *buf, size_t len, struct blkprobe *r);
/* "an ext4 filesystem", "an MBR partition table", ... */
const char *blkprobe_describe(enum blkprobe_type type);
/* The mount(2) filesystem type, or NULL if it is not a mountable filesystem. */
const char *blkprobe_fstype(enum blkprobe_type type);
/*
 * 1 if buf (the first min(device size, BLKPROBE_EMPTY_SPAN) bytes) holds
 * no recognised signature and only zero bytes.
 */
int blkprobe_is_empty(const unsigned char *buf, size_t len);

#endif
