#ifndef VZHOST_BLKDEV_H
#define VZHOST_BLKDEV_H

#include <stddef.h>
#include <sys/types.h>

#include "blkprobe.h"
#include "node/devpath.h"

/*
 * Block devices as the kernel lists them in /sys/class/block (disks and
 * partitions), identified by reading their first bytes. Virtual devices
 * (loop, ram, zram, dm, nbd) are left out: they are never data or seed.
 */

#define BLKDEV_SCAN_MAX 128

struct blkdev {
	char path[DEVPATH_MAX];
	struct blkprobe probe;
};

/* Up to size bytes from the start of the device; the count read, or -1. */
ssize_t blkdev_read_head(const char *path, unsigned char *buf, size_t size);
/* The last size bytes of a device (GPT backup header, RAID superblocks). */
ssize_t blkdev_read_tail(const char *path, unsigned char *buf, size_t size);
int blkdev_probe(const char *path, struct blkprobe *r);
/* Probes every device; returns how many were stored (with a known type). */
size_t blkdev_scan(struct blkdev *out, size_t max);
/* The first device in list with this filesystem label, or NULL. */
const struct blkdev *blkdev_by_label(const struct blkdev *list, size_t n, const char *label);

#endif
