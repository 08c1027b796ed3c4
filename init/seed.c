#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/log.h"
#include "paths.h"
#include "seed.h"

static int seed_parse_file(const char *dev, struct nodeconf *cfg)
{
	static char buf[CONF_FILE_MAX + 1];
	const char *path = SEED_MOUNT_DIR "/" SEED_FILE;
	ssize_t len;
	int bad;

	len = file_read(path, buf, sizeof buf);
	if (len < 0) {
		log_error("seed %s: %s: %s", dev, path,
			  errno == EFBIG ? "larger than 64 KiB; not read" : strerror(errno));
		return -1;
	}
	bad = nodeconf_parse(buf, (size_t)len, path, cfg, &log_report_warn);
	explicit_bzero(buf, sizeof buf);
	if (bad < 0)
		return -1;
	log_info("seed %s: %s read (%d line(s) or key(s) rejected)", dev, SEED_FILE, bad);
	return 0;
}

int seed_read(const struct blkdev *dev, struct nodeconf *cfg)
{
	const char *fstype = blkprobe_fstype(dev->probe.type);
	int r;

	log_info("seed: found %s (%s, label \"%s\")", dev->path,
		 blkprobe_describe(dev->probe.type), dev->probe.label);
	if (mkdir(SEED_MOUNT_DIR, 0700) < 0 && errno != EEXIST) {
		log_error("seed: mkdir %s: %s", SEED_MOUNT_DIR, strerror(errno));
		return -1;
	}
	if (mount(dev->path, SEED_MOUNT_DIR, fstype, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0) {
		log_error("seed %s: mount %s on %s: %s", dev->path, fstype, SEED_MOUNT_DIR,
			  strerror(errno));
		rmdir(SEED_MOUNT_DIR);
		return -1;
	}
	r = seed_parse_file(dev->path, cfg);
	if (umount2(SEED_MOUNT_DIR, 0) < 0)
		log_warn("seed: unmount %s: %s", SEED_MOUNT_DIR, strerror(errno));
	else
		rmdir(SEED_MOUNT_DIR);
	return r;
}
