#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ct.h"
#include "vzvalue.h"

#define STOP_TICK_MS 10

static void stop_sleep(void)
{
	nanosleep(&(struct timespec){ 0, STOP_TICK_MS * 1000000L }, NULL);
}

/* 1 if the monitor ended within seconds: its pidfd polled when the kernel
   has pidfds (the exit seen at once), its state file otherwise. */
static int monitor_gone_within(struct ct *ct, unsigned seconds)
{
	unsigned long ticks = seconds * (1000UL / STOP_TICK_MS);
	pid_t mon = ct_state_read(ct->ctid, "mon");
	int fd = mon > 0 ? (int)syscall(SYS_pidfd_open, mon, 0) : -1;

	if (fd >= 0) {
		struct pollfd p = { fd, POLLIN, 0 };
		int n;

		do
			n = poll(&p, 1, (int)(seconds * 1000));
		while (n < 0 && errno == EINTR);
		close(fd);
		if (n <= 0)
			return 0;
	}
	while (ct_state_read(ct->ctid, "mon")) {
		if (ticks-- == 0)
			return 0;
		stop_sleep();
	}
	return 1;
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
	if (!monitor_gone_within(ct, 30))
		return ct_fail(ct, "still running 30s after cgroup.kill (monitor %d)",
			       (int)st.monitor_pid);
	return 0;
}
