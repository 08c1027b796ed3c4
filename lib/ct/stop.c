#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/proc.h"
#include "ct/trace.h"
#include "conf/vzvalue.h"

int ct_init_is_systemd(pid_t init)
{
	char path[64], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/exe", (int)init);
	n = readlink(path, target, sizeof target - 1);
	if (n <= 0)
		return 0;
	target[n] = 0;
	return strstr(target, "systemd") != NULL;
}

/* systemd wants SIGRTMIN+3 for a clean poweroff; sysvinit and busybox init SIGPWR. */
static int stop_signal(pid_t init)
{
	return ct_init_is_systemd(init) ? SIGRTMIN + 3 : SIGPWR;
}

static unsigned stop_timeout(struct ct *ct)
{
	const char *v = ct_get(ct, "STOP_TIMEOUT");
	uint64_t n;

	if (!v || vzvalue_decimal(v, 3600, &n))
		return CT_STOP_TIMEOUT;
	return (unsigned)n;
}

/* A pidfd of the running container's init (its monitor and it both
   live, lib/ct/proc.h), or -1. */
static int init_pidfd(struct ct *ct, pid_t *init)
{
	pid_t mon;
	int fd = ct_state_pidfd(ct->ctid, "mon", &mon);

	*init = 0;
	if (fd < 0)
		return -1;
	close(fd);
	return ct_state_pidfd(ct->ctid, "pid", init);
}

/*
 * The init is signalled and waited for through its pidfd (no timer, and
 * never an unrelated process that got its pid). Once it is gone the
 * instance is ended here, under the lock, not left to the monitor: the
 * monitor waits for the lock to act, and finds the generation moved on.
 */
int ct_stop(struct ct *ct, unsigned flags)
{
	pid_t init;
	int fd = init_pidfd(ct, &init);

	if (fd < 0)
		return ct_instance_end(ct, 0);	/* what a dead monitor left */
	if (!(flags & CT_STOP_FAST)) {
		if (ct_proc_signal(fd, stop_signal(init)) < 0 && errno != ESRCH) {
			close(fd);
			return ct_fail(ct, "signal init %d: %s", (int)init, strerror(errno));
		}
		if (ct_proc_exited_within(fd, (int)stop_timeout(ct) * 1000))
			goto gone;
	}
	if (ct_cgroup_kill(ct) < 0) {
		close(fd);
		return -1;
	}
	ct_trace("stop: cgroup.kill written");
	if (!ct_proc_exited_within(fd, 30000)) {
		close(fd);
		return ct_fail(ct, "still running 30s after cgroup.kill (init %d)", (int)init);
	}
gone:
	close(fd);
	ct_trace("stop: init gone");
	return ct_instance_end(ct, 0);
}
