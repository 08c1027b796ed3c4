#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ct.h"
#include "ct_trace.h"
#include "vzvalue.h"

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * 1 if the monitor finished within seconds: its state file
 * /run/vzhost/ct/CTID.mon is gone (it removes it as the last step of its
 * cleanup, so a start works from then on) or it has exited. Both are
 * events: inotify on the state directory and the monitor's pidfd; nothing
 * is polled on a timer.
 */
static int monitor_gone_within(struct ct *ct, unsigned seconds)
{
	int64_t deadline = now_ms() + (int64_t)seconds * 1000, left;
	struct pollfd p[2] = { { -1, POLLIN, 0 }, { -1, POLLIN, 0 } };
	pid_t mon;
	int gone = 0;

	p[0].fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (p[0].fd >= 0 && inotify_add_watch(p[0].fd, CT_RUN_DIR, IN_DELETE | IN_MOVED_FROM) < 0) {
		close(p[0].fd);
		p[0].fd = -1;
	}
	mon = ct_state_read(ct->ctid, "mon");
	if (mon > 0)
		p[1].fd = (int)syscall(SYS_pidfd_open, mon, 0);
	for (;;) {
		char events[4096];

		if (p[1].fd >= 0 && p[1].revents) {
			gone = 1;
			break;
		}
		if (!ct_state_read(ct->ctid, "mon")) {
			gone = 1;
			break;
		}
		left = deadline - now_ms();
		if (left <= 0)
			break;
		if (poll(p, 2, p[0].fd >= 0 || p[1].fd >= 0 ? (int)left : 10) < 0 && errno != EINTR)
			break;
		if (p[0].fd >= 0 && (p[0].revents & POLLIN))
			while (read(p[0].fd, events, sizeof events) > 0)
				;
	}
	if (p[0].fd >= 0)
		close(p[0].fd);
	if (p[1].fd >= 0)
		close(p[1].fd);
	return gone;
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
