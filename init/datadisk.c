#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "datadisk.h"
#include "base/log.h"
#include "paths.h"
#include "base/spawn.h"

/* 0: mount read-write, 1: mount read-only. */
static int datadisk_fsck(const char *dev)
{
	static char fsck[] = "/sbin/e2fsck", p[] = "-p";
	char devbuf[64];
	char *argv[] = { fsck, p, devbuf, NULL };
	int status, code;

	snprintf(devbuf, sizeof devbuf, "%s", dev);
	if (spawn_wait(argv, &status) < 0 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
		log_error("data disk %s: cannot run %s; mounting without a check", dev, fsck);
		return 0;
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 8;
	if (code <= 1)
		return 0;
	if (code == 2) {
		log_warn("data disk %s: e2fsck fixed errors and asks for a reboot; continuing",
			 dev);
		return 0;
	}
	log_error("*** data disk %s: e2fsck found errors it could not fix (exit %d) ***", dev,
		  code);
	log_error("*** mounting %s read-only: nothing will be saved; run e2fsck -f %s by hand "
		  "and reboot ***", VZ_DIR, dev);
	return 1;
}

/* The OpenVZ layout under /vz (on the data disk, or in RAM). */
static void datadisk_layout(void)
{
	static const struct {
		const char *path;
		mode_t mode;
	} dirs[] = {
		{ VZ_DIR "/private", 0755 }, { VZ_DIR "/root", 0755 },
		{ VZ_DIR "/template", 0755 }, { VZ_DIR "/template/cache", 0755 },
		{ VZ_DIR "/dump", 0755 }, { VZ_DIR "/lock", 0755 },
		{ VZ_ETC_DIR, 0700 },
	};
	size_t i;

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (mkdir(dirs[i].path, dirs[i].mode) < 0 && errno != EEXIST)
			log_error("%s layout: mkdir %s: %s", VZ_DIR, dirs[i].path, strerror(errno));
	if (chmod(VZ_ETC_DIR, 0700) < 0)
		log_error("%s layout: chmod 0700 %s: %s", VZ_DIR, VZ_ETC_DIR, strerror(errno));
}

int datadisk_mount(const char *dev, int *readonly)
{
	unsigned long flags = MS_NOATIME;

	*readonly = datadisk_fsck(dev);
	if (*readonly)
		flags |= MS_RDONLY;
	if (mkdir(VZ_DIR, 0755) < 0 && errno != EEXIST)
		log_error("data disk: mkdir %s: %s", VZ_DIR, strerror(errno));
	if (mount(dev, VZ_DIR, "ext4", flags, "errors=remount-ro") < 0) {
		log_error("data disk %s: mount ext4 on %s: %s", dev, VZ_DIR, strerror(errno));
		return -1;
	}
	log_info("data disk %s mounted on %s%s", dev, VZ_DIR, *readonly ? " read-only" : "");
	if (!*readonly)
		datadisk_layout();
	return 0;
}

void datadisk_ramonly(const char *why)
{
	static const char *const lines[] = {
		"****************************************************************",
		"* NO DATA DISK: this node runs from RAM only.",
		"* Nothing will persist: containers, templates, settings and",
		"* passwords are lost at reboot or power loss.",
		"* To fix: boot with vzhost.format=/dev/DISK naming an EMPTY disk,",
		"* or attach an ext4 filesystem labelled " CONFIG_DATA_LABEL ".",
		"****************************************************************",
	};
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		log_error("%s", lines[i]);
		if (i == 1)
			log_error("* Reason: %s", why);
	}
	datadisk_layout();
}
