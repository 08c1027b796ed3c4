#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/trace.h"
#include "conf/vzvalue.h"

/*
 * 1 if the monitor ended within seconds. Its pidfd is polled: the exit is
 * seen at once, with no timer. (Not inotify on its state file, though the
 * file goes a little earlier: closing an inotify instance that had a
 * watch waits for an SRCU grace period, 7-35 ms under TCG, more than it
 * would save.)
 */
static int monitor_gone_within(struct ct *ct, unsigned seconds)
{
	pid_t mon = ct_state_read(ct->ctid, "mon");
	struct pollfd p = { -1, POLLIN, 0 };
	int n;

	if (mon <= 0)
		return 1;
	p.fd = (int)syscall(SYS_pidfd_open, mon, 0);
	if (p.fd < 0)
		return errno == ESRCH;	/* gone already */
	do
		n = poll(&p, 1, (int)(seconds * 1000));
	while (n < 0 && errno == EINTR);
	close(p.fd);
	return n > 0;
}

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

int ct_stop(struct ct *ct, unsigned flags)
{
	struct ct_status st;

	ct_status(ct, &st);
	if (!st.running) {
		/* a monitor that died: clean up what it left */
		if (st.monitor_pid == 0 && (ct_cgroup_remove(ct) < 0 || ct_umount(ct) < 0))
			return -1;
		return 0;
	}
	if (!(flags & CT_STOP_FAST)) {
		if (kill(st.init_pid, stop_signal(st.init_pid)) < 0 && errno != ESRCH)
			return ct_fail(ct, "signal init %d: %s", (int)st.init_pid, strerror(errno));
		if (monitor_gone_within(ct, stop_timeout(ct)))
			return 0;
	}
	if (ct_cgroup_kill(ct) < 0)
		return -1;
	ct_trace("stop: cgroup.kill written");
	if (!monitor_gone_within(ct, 30))
		return ct_fail(ct, "still running 30s after cgroup.kill (monitor %d)",
			       (int)st.monitor_pid);
	return 0;
}
