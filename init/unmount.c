#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "base/file.h"
#include "base/log.h"
#include "paths.h"
#include "unmount.h"

#define MOUNTS_MAX 256
#define MOUNTS_FILE_MAX (256 * 1024)

static int mountpoint_is_persistent(const char *dir)
{
	size_t n = strlen(VZ_DIR);

	if (!strncmp(dir, VZ_DIR, n) && (dir[n] == 0 || dir[n] == '/'))
		return 1;
	return !strcmp(dir, SEED_MOUNT_DIR);
}

/* Undoes the octal escapes (\040 for a blank) of /proc/self/mounts in place. */
static void mount_path_unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = 0;
}

static void unmount_one(const char *dir)
{
	if (umount2(dir, 0) == 0) {
		log_info("shutdown: %s unmounted", dir);
		return;
	}
	if (errno == EBUSY && mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0) {
		log_warn("shutdown: %s busy; remounted read-only", dir);
		return;
	}
	log_error("shutdown: %s: cannot unmount or remount read-only: %s", dir, strerror(errno));
}

void unmount_persistent(void)
{
	static char buf[MOUNTS_FILE_MAX];
	char *dirs[MOUNTS_MAX], *line, *save = NULL, *dir;
	size_t n = 0;

	if (file_read("/proc/self/mounts", buf, sizeof buf) < 0) {
		log_error("shutdown: /proc/self/mounts: %s; unmounting %s only", strerror(errno),
			  VZ_DIR);
		unmount_one(VZ_DIR);
		return;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		dir = strchr(line, ' ');
		if (!dir)
			continue;
		dir++;
		dir[strcspn(dir, " ")] = 0;
		mount_path_unescape(dir);
		if (mountpoint_is_persistent(dir) && n < MOUNTS_MAX)
			dirs[n++] = dir;
	}
	while (n)
		unmount_one(dirs[--n]);
}
