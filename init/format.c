#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "blkdev.h"
#include "format.h"
#include "base/log.h"
#include "base/spawn.h"

/*
 * The end of a disk carries a GPT backup header, MD RAID 0.90/1.0 and other
 * RAID metadata: a disk whose first MiB was wiped is still not empty if its
 * last MiB holds data. buf has room for BLKPROBE_EMPTY_SPAN bytes.
 */
static int device_tail_has_data(const char *dev, unsigned char *buf, const char *origin)
{
	ssize_t n = blkdev_read_tail(dev, buf, BLKPROBE_EMPTY_SPAN);

	if (n < 0) {
		log_error("%s=%s: cannot read the end of %s: %s; not formatting", origin, dev, dev,
			  strerror(errno));
		return 1;
	}
	if (blkprobe_is_empty(buf, (size_t)n))
		return 0;
	log_error("%s=%s: %s is not empty (non-zero data in its last MiB, such as a GPT backup "
		  "header or RAID metadata); not formatting", origin, dev, dev);
	return 1;
}

/* 1 if dev is empty, 0 if not (reason logged), -1 if it cannot be read. */
static int device_check_empty(const char *dev, const char *origin)
{
	unsigned char *buf;
	struct blkprobe p;
	ssize_t n;
	int empty;

	buf = malloc(BLKPROBE_EMPTY_SPAN);
	if (!buf)
		return -1;
	n = blkdev_read_head(dev, buf, BLKPROBE_EMPTY_SPAN);
	if (n < 0) {
		log_error("%s=%s: cannot read %s: %s; not formatting", origin, dev, dev,
			  strerror(errno));
		free(buf);
		return -1;
	}
	blkprobe_identify(buf, (size_t)n, &p);
	empty = blkprobe_is_empty(buf, (size_t)n);
	if (empty && p.type == BLKPROBE_NONE && device_tail_has_data(dev, buf, origin)) {
		free(buf);
		return 0;
	}
	free(buf);
	if (p.type != BLKPROBE_NONE && p.label[0])
		log_error("%s=%s: %s holds %s (label \"%s\"); not formatting", origin, dev, dev,
			  blkprobe_describe(p.type), p.label);
	else if (p.type != BLKPROBE_NONE)
		log_error("%s=%s: %s holds %s; not formatting", origin, dev, dev,
			  blkprobe_describe(p.type));
	else if (!empty)
		log_error("%s=%s: %s is not empty (non-zero data in its first MiB); not formatting",
			  origin, dev, dev);
	return empty;
}

int format_if_empty(const char *dev, const char *origin)
{
	static char mkfs[] = "/sbin/mkfs.ext4", q[] = "-q", L[] = "-L", label[] = CONFIG_DATA_LABEL,
		    E[] = "-E", ext[] = "lazy_itable_init=1,lazy_journal_init=1";
	char devbuf[64];
	char *argv[] = { mkfs, q, L, label, E, ext, devbuf, NULL };
	int status;

	if (device_check_empty(dev, origin) != 1)
		return -1;
	snprintf(devbuf, sizeof devbuf, "%s", dev);
	log_info("%s=%s: %s is empty; formatting it as ext4 (label %s)", origin, dev, dev,
		 CONFIG_DATA_LABEL);
	if (spawn_wait(argv, &status) < 0) {
		log_error("%s=%s: cannot run %s: %s", origin, dev, mkfs, strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		log_error("%s=%s: %s failed (status %d); the disk is not used", origin, dev, mkfs,
			  WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return -1;
	}
	return 0;
}
