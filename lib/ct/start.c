#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console/client.h"
#include "ct/ct.h"
#include "ct/trace.h"
#include "base/fdpass.h"
#include "base/rootfile.h"

extern char **environ;

/* The vfork child: the monitor in its own session, /dev/null on 0-2 and
   the write end of ready on fd 3. Only system calls until exec. */
static void monitor_exec(const char *id, const char *gen, int ready)
{
	char *const argv[] = { (char *)"vzmon", (char *)id, (char *)gen, NULL };
	int null = open("/dev/null", O_RDWR);

	if (setsid() < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(null, 2) < 0 || dup2(ready, 3) < 0)
		_exit(127);
	execve(CT_MONITOR, argv, environ);
	_exit(127);
}

/*
 * vfork, not fork: no copy of this process's memory, it waits only until
 * the exec. The monitor is this process's child until it exits (a vzctl
 * command does right after) and then init's; nobody waits for it here.
 */
static int monitor_spawn(struct ct *ct, uint64_t generation, int ready)
{
	char id[16], gen[24];
	pid_t pid;

	snprintf(id, sizeof id, "%u", ct->ctid);
	snprintf(gen, sizeof gen, "%" PRIu64, generation);
	pid = vfork();
	if (pid == 0)
		monitor_exec(id, gen, ready);
	return pid < 0 ? ct_fail(ct, "vfork: %s", strerror(errno)) : 0;
}

/*
 * The console holder's pty slave for the container (lib/console/client.h),
 * handed to the monitor on the ready socket: 'c' with the descriptor, or
 * 'n' without one when there is no holder (the monitor makes a pty of its
 * own then). Fetched here, after the spawn, so that the holder's round
 * trip runs while the monitor execs and reads the configs.
 */
static void console_hand_over(struct ct *ct, int sock)
{
	struct report quiet = { NULL, NULL };
	int slave = -1;

	if (console_ct_slave(ct->ctid, &slave, &quiet) < 0)
		slave = -1;
	/* a monitor that is gone already says so through monitor_ready() */
	if (fdpass_send(sock, slave >= 0 ? 'c' : 'n', slave) < 0)
		ct_trace("start: the console not handed over");
	if (slave >= 0)
		close(slave);
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

/* Looked up inside the root: a /sbin symlink leads to the container's own /usr/sbin. */
static int ct_init_present(struct ct *ct)
{
	struct stat st;
	int root = rootfile_dir_open(ct->root), r = -1, e;

	if (root >= 0) {
		r = rootfile_stat(root, "sbin/init", &st, ROOTFILE_IN_ROOT);
		e = errno;
		close(root);
		errno = e;
	}
	if (r < 0)
		return ct_fail(ct, "%s/sbin/init: %s (no init in the container)", ct->root,
			       rootfile_why(errno));
	return 0;
}

/* 1 if an earlier instance left its cgroup (its monitor died, or ended
   its init and still waits for the lock to clean up). */
static int ct_cgroup_left(struct ct *ct)
{
	char dir[128];
	struct stat st;

	return ct_cgroup_path(ct->ctid, NULL, dir, sizeof dir) == 0 && stat(dir, &st) == 0;
}

/*
 * Under the container's lock. An earlier instance whose init has ended
 * but whose monitor still waits for the lock to clean up (a poweroff from
 * inside) is ended here first, its mount kept; the generation then moves
 * on, so that monitor leaves the new instance alone.
 */
int ct_start(struct ct *ct, unsigned flags)
{
	struct ct_status st;
	uint64_t gen;
	int ready[2], was_mounted, stale, rc;

	if (!ct->exists)
		return ct_fail_as(ct, CT_ERR_NO_CT, "does not exist (%s not found)", ct->conf_path);
	ct_status(ct, &st);
	if (st.running)
		return ct_fail_as(ct, CT_ERR_RUNNING, "already running");
	if (ct_ids_check(ct) < 0)
		return -1;
	stale = st.monitor_pid || ct_cgroup_left(ct);
	if (stale && ct_instance_end(ct, CT_END_KEEP_MOUNT) < 0)
		return -1;
	if (ct_generation_next(ct, &gen) < 0)
		return -1;
	was_mounted = st.mounted && !stale;	/* by vzctl mount, not an instance */
	ct_trace("start: status read");
	if (ct_mount(ct) < 0)
		return -1;
	ct_trace("start: mounted");
	if (ct_init_present(ct) < 0 || ct_cgroup_create(ct) < 0)
		goto fail;
	ct_trace("start: cgroup made");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ready) < 0) {
		ct_fail(ct, "socketpair: %s", strerror(errno));
		goto fail;
	}
	rc = monitor_spawn(ct, gen, ready[1]);
	close(ready[1]);
	if (rc < 0) {
		close(ready[0]);
		goto fail;
	}
	ct_trace("start: monitor spawned");
	console_hand_over(ct, ready[0]);
	ct_trace("start: console handed over");
	if (monitor_ready(ct, ready[0]) < 0) {
		close(ready[0]);
		goto fail;
	}
	close(ready[0]);
	ct_trace("start: monitor says ok");
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
