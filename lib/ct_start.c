#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct.h"

/* The monitor, detached (its own session, a grandchild re-parented to
   init), with the write end of ready on fd 3. */
static pid_t monitor_spawn(struct ct *ct, int ready)
{
	char id[16];
	pid_t pid;
	int null;

	snprintf(id, sizeof id, "%u", ct->ctid);
	pid = fork();
	if (pid != 0)
		return pid;
	if (setsid() < 0 || fork() != 0)
		_exit(0);
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 ||
	    dup2(ready, 3) < 0)
		_exit(127);
	execl(CT_MONITOR, "vzmon", id, (char *)NULL);
	_exit(127);
}

/* "ok" from the monitor, or its error, or EOF if it died. */
static int monitor_ready(struct ct *ct, int fd)
{
	char buf[CT_ERR_MAX];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	if (strcmp(buf, "ok") == 0)
		return 0;
	if (len == 0)
		return ct_fail(ct, "the monitor %s exited before the container started", CT_MONITOR);
	snprintf(ct->error, sizeof ct->error, "%s", buf);
	return -1;
}

static int ct_init_present(struct ct *ct)
{
	char path[CT_PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof path, "%s/sbin/init", ct->root);
	if (lstat(path, &st) < 0)
		return ct_fail(ct, "%s: %s (no init in the container)", path, strerror(errno));
	return 0;
}

int ct_start(struct ct *ct, unsigned flags)
{
	struct ct_status st;
	int ready[2], was_mounted;
	pid_t pid;

	if (!ct->exists)
		return ct_fail(ct, "does not exist (%s not found)", ct->conf_path);
	ct_status(ct, &st);
	if (st.running)
		return ct_fail(ct, "already running");
	was_mounted = st.mounted;
	if (ct_mount(ct) < 0)
		return -1;
	if (ct_init_present(ct) < 0 || ct_cgroup_create(ct) < 0)
		goto fail;
	if (pipe2(ready, O_CLOEXEC) < 0) {
		ct_fail(ct, "pipe: %s", strerror(errno));
		goto fail;
	}
	pid = monitor_spawn(ct, ready[1]);
	close(ready[1]);
	if (pid < 0) {
		close(ready[0]);
		ct_fail(ct, "fork: %s", strerror(errno));
		goto fail;
	}
	waitpid(pid, NULL, 0);
	if (monitor_ready(ct, ready[0]) < 0) {
		close(ready[0]);
		goto fail;
	}
	close(ready[0]);
	if (flags & CT_START_WAIT) {
		ct_status(ct, &st);
		if (ct_wait_up(ct, st.init_pid, CT_WAIT_TIMEOUT) < 0)
			return -1;
	}
	return 0;
fail:
	{
		char saved[CT_ERR_MAX];

		memcpy(saved, ct->error, sizeof saved);
		ct_cgroup_remove(ct);
		if (!was_mounted)
			ct_umount(ct);
		memcpy(ct->error, saved, sizeof saved);
	}
	return -1;
}
