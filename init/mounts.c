#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "mounts.h"
#include "paths.h"

static const struct {
	const char *source;
	const char *target;
	const char *type;
	unsigned long flags;
	const char *data;
	mode_t mode;
} api_mounts[] = {
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555 },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555 },
	{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755", 0755 },
	{ "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
	  "ptmxmode=0666,mode=0620,gid=5", 0755 },
	{ "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777 },
	{ "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755", 0755 },
	{ "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777 },
};

static const struct {
	const char *target;
	const char *path;
} dev_links[] = {
	{ "/proc/self/fd", "/dev/fd" },
	{ "/proc/self/fd/0", "/dev/stdin" },
	{ "/proc/self/fd/1", "/dev/stdout" },
	{ "/proc/self/fd/2", "/dev/stderr" },
};

/* Errors are kept until /dev/kmsg exists, then logged. */
static char early_errors[1024];

static void early_error(const char *what, const char *path)
{
	size_t len = strlen(early_errors);

	snprintf(early_errors + len, sizeof early_errors - len, "%s %s: %s\n", what, path,
		 strerror(errno));
}

static void mount_api(size_t i)
{
	if (mkdir(api_mounts[i].target, api_mounts[i].mode) < 0 && errno != EEXIST)
		early_error("mkdir", api_mounts[i].target);
	if (mount(api_mounts[i].source, api_mounts[i].target, api_mounts[i].type,
		  api_mounts[i].flags, api_mounts[i].data) < 0 && errno != EBUSY)
		early_error("mount", api_mounts[i].target);
}

static void early_errors_log(void)
{
	char *line, *save = NULL;

	for (line = strtok_r(early_errors, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_error("%s", line);
	early_errors[0] = 0;
}

void mounts_setup(void)
{
	size_t i;

	umask(022);
	for (i = 0; i < sizeof api_mounts / sizeof api_mounts[0]; i++)
		mount_api(i);
	for (i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
		if (symlink(dev_links[i].target, dev_links[i].path) < 0 && errno != EEXIST)
			early_error("symlink", dev_links[i].path);
	if (mkdir(RUN_DIR, 0755) < 0 && errno != EEXIST)
		early_error("mkdir", RUN_DIR);
	log_open("init");
	early_errors_log();
}

void stdio_setup(void)
{
	int fd;

	for (;;) {
		fd = open("/dev/console", O_RDWR | O_NOCTTY);
		if (fd < 0)
			fd = open("/dev/null", O_RDWR);
		if (fd < 0 || fd > 2)
			break;
	}
	if (fd > 2)
		close(fd);
}
