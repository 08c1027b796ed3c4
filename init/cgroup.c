#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "base/file.h"
#include "base/log.h"

static int cgroup_ready;

/* Enables each controller on its own, so one missing does not block the rest. */
static void cgroup_enable(const char *dir)
{
	static const char *const controllers[] = { "memory", "pids", "cpu", "cpuset", "io" };
	char path[128], word[16], failed[128] = "";
	int err = 0;
	size_t i;

	snprintf(path, sizeof path, "%s/cgroup.subtree_control", dir);
	for (i = 0; i < sizeof controllers / sizeof controllers[0]; i++) {
		snprintf(word, sizeof word, "+%s", controllers[i]);
		if (file_write_string(path, word) == 0)
			continue;
		err = errno;
		strcat(failed, " ");
		strcat(failed, controllers[i]);
	}
	if (failed[0])
		log_warn("cgroup: %s: cannot enable%s: %s", path, failed, strerror(err));
}

void cgroup_setup(void)
{
	if (mount("cgroup2", CGROUP_ROOT, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "nsdelegate") < 0 && errno != EBUSY) {
		log_error("cgroup: mount cgroup2 on %s: %s; services run without cgroups",
			  CGROUP_ROOT, strerror(errno));
		return;
	}
	cgroup_enable(CGROUP_ROOT);
	if (mkdir(CGROUP_ROOT "/system", 0755) < 0 && errno != EEXIST) {
		log_error("cgroup: mkdir %s/system: %s; services run in the root cgroup",
			  CGROUP_ROOT, strerror(errno));
		return;
	}
	cgroup_enable(CGROUP_ROOT "/system");
	cgroup_ready = 1;
}

int cgroup_service_open(const char *name)
{
	char path[128];
	int fd;

	if (!cgroup_ready)
		return -1;
	snprintf(path, sizeof path, "%s/system/%s", CGROUP_ROOT, name);
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		log_warn("cgroup: mkdir %s: %s; service %s runs in the root cgroup", path,
			 strerror(errno), name);
		return -1;
	}
	snprintf(path, sizeof path, "%s/system/%s/cgroup.procs", CGROUP_ROOT, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		log_warn("cgroup: %s: %s; service %s runs in the root cgroup", path,
			 strerror(errno), name);
	return fd;
}
