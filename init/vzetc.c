#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/log.h"
#include "paths.h"
#include "vzetc.h"

/*
 * /etc/vz lives on the data disk (/vz/etc/vz): files the image ships that
 * the disk lacks are copied there on every boot (never overwriting an
 * operator's file), then /etc/vz becomes a symlink to it.
 */

#define ETC_VZ "/etc/vz"
#define ETC_VZ_FILE_MAX 65536

static void vzetc_copy_missing(const char *from, const char *to, int depth)
{
	static char buf[ETC_VZ_FILE_MAX];
	char src[512], dst[512];
	struct dirent *de;
	struct stat st;
	ssize_t len;
	DIR *d;

	if (depth > 4 || (mkdir(to, 0755) < 0 && errno != EEXIST))
		return;
	d = opendir(from);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(src, sizeof src, "%s/%s", from, de->d_name);
		snprintf(dst, sizeof dst, "%s/%s", to, de->d_name);
		if (lstat(src, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			vzetc_copy_missing(src, dst, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode) || access(dst, F_OK) == 0)
			continue;
		len = file_read(src, buf, sizeof buf);
		if (len < 0 || file_write_atomic(dst, buf, (size_t)len, st.st_mode & 0777) < 0)
			log_warn("vz config: cannot copy %s to %s: %s", src, dst, strerror(errno));
	}
	closedir(d);
}

void vzetc_setup(const struct storage *st)
{
	const char *tmp = ETC_VZ ".link";

	if (!st->data_mounted)
		return;
	if (!st->data_readonly)
		vzetc_copy_missing(ETC_VZ, PERSIST_ETC_VZ, 0);
	if (access(PERSIST_ETC_VZ "/vz.conf", F_OK) < 0)
		return;
	unlink(tmp);
	if (rename(ETC_VZ, ETC_VZ ".image") < 0 || symlink(PERSIST_ETC_VZ, ETC_VZ) < 0) {
		log_error("vz config: cannot link %s to %s: %s; container configs will not persist",
			  ETC_VZ, PERSIST_ETC_VZ, strerror(errno));
		rename(ETC_VZ ".image", ETC_VZ);
	}
}
