/*
 * The console service's port supervisor (services/login/login_supervise.c) with
 * stand-in ports: each start is reported through a pipe, then the port
 * fails, stays up, ends a session cleanly or is absent. Real time, about
 * 4 seconds.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../services/login/login_supervise.h"
#include "base/monotime.h"
#include "tap.h"

#define RUN_MS 4000

static int report_fd = -1;

static void serve(const struct serial_console *port, int menu)
{
	char line[64];
	int n = snprintf(line, sizeof line, "%s %d %d\n", port->device, menu, (int)getpid());

	if (write(report_fd, line, (size_t)n) != n)
		_exit(1);
	if (!strcmp(port->device, "ttyS0"))	/* a getty that fails at once */
		_exit(1);
	if (!strcmp(port->device, "ttyS1"))	/* a session that lasts */
		pause();
	if (!strcmp(port->device, "ttyS2"))	/* a 2.2 s session, then logout */
		nanosleep(&(struct timespec){ 2, 200000000 }, NULL);
	if (!strcmp(port->device, "ttyS3"))	/* no UART */
		_exit(EXIT_PORT_ABSENT);
	_exit(0);
}

struct starts {
	unsigned n[4];
	int64_t first[4], last[4];
	pid_t last_pid[4];
};

static void starts_read(int fd, struct starts *st, int64_t t0)
{
	char buf[4096], *line, *next;
	size_t len = 0;
	ssize_t r;
	int64_t now;
	unsigned port;
	int menu, pid;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	memset(st, 0, sizeof *st);
	while ((now = monotime_ms()) < t0 + RUN_MS) {
		if (poll(&p, 1, (int)(t0 + RUN_MS - now)) <= 0)
			continue;
		r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r <= 0)
			break;
		now = monotime_ms();
		len += (size_t)r;
		buf[len] = 0;
		for (line = buf; (next = strchr(line, '\n')); line = next + 1) {
			*next = 0;
			if (sscanf(line, "ttyS%u %d %d", &port, &menu, &pid) != 3 || port > 3 || !menu)
				continue;
			if (!st->n[port]++)
				st->first[port] = now - t0;
			st->last[port] = now - t0;
			st->last_pid[port] = pid;
		}
		len = strlen(line);
		memmove(buf, line, len + 1);
	}
}

int main(void)
{
	struct serial_ports ports = { { { "ttyS0", 9600 }, { "ttyS1", 9600 }, { "ttyS2", 9600 },
					{ "ttyS3", 9600 } }, 4 };
	struct starts st;
	int fds[2], status = -1, i, log_fd;
	char log[4096] = "", *line;
	pid_t sup;
	int64_t t0;

	if (pipe2(fds, O_CLOEXEC) < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		printf("Bail out! pipe2/prctl: %s\n", strerror(errno));
		return 1;
	}
	report_fd = fds[1];
	t0 = monotime_ms();
	log_fd = memfd_create("supervisor-log", 0);
	if (log_fd < 0) {
		printf("Bail out! memfd_create: %s\n", strerror(errno));
		return 1;
	}
	sup = fork();
	if (sup == 0) {
		close(fds[0]);
		dup2(log_fd, 2);	/* without /dev/kmsg open, log.h writes there */
		login_supervise(&ports, 1, serve);
	}
	close(fds[1]);
	starts_read(fds[0], &st, t0);
	printf("# starts: failing %u, lasting %u, clean %u, absent %u\n", st.n[0], st.n[1], st.n[2],
	       st.n[3]);
	is_int(st.n[0], 3, "a port that fails at once is restarted after 1 s, then 2 s more");
	ok(st.last[0] >= 2900, "with the backoff delays (third start at %lld ms)", (long long)st.last[0]);
	is_int(st.n[1], 1, "a port whose session lasts is started once");
	is_int(st.n[2], 2, "a clean session of 2.2 s is followed by a new one");
	ok(st.n[2] == 2 && st.last[2] < 2200 + 600,
	   "at once (second start at %lld ms)", (long long)st.last[2]);
	is_int(st.n[3], 1, "an absent port is not retried within 60 s");
	kill(sup, SIGTERM);
	for (i = 0; i < 50 && waitpid(sup, &status, WNOHANG) == 0; i++)
		poll(NULL, 0, 100);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "SIGTERM ends the supervisor");
	for (i = 0; i < 30 && kill(st.last_pid[1], 0) == 0; i++) {
		waitpid(-1, NULL, WNOHANG);
		poll(NULL, 0, 100);
	}
	ok(st.n[1] && kill(st.last_pid[1], 0) < 0 && errno == ESRCH,
	   "and the session it was running");
	if (pread(log_fd, log, sizeof log - 1, 0) < 0)
		log[0] = 0;
	ok(strstr(log, "console ttyS0: exited with status 1; restarting in 1000 ms") &&
		   strstr(log, "console ttyS0: exited with status 1; restarting in 2000 ms"),
	   "the failing port's exits are logged with the delay");
	ok(!strstr(log, "ttyS1") && !strstr(log, "ttyS2") && !strstr(log, "ttyS3"),
	   "clean sessions, the stop and the absent port (which logs itself) add nothing");
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
		printf("# supervisor: %s\n", line);
	return done_testing();
}
