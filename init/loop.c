#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "emergency.h"
#include "base/log.h"
#include "loop.h"
#include "base/monotime.h"
#include "reap.h"
#include "shutdown.h"
#include "supervise.h"
#include "svclog.h"

#define LOOP_FDS (2 + CONTROL_CONN_MAX + SVC_MAX)

static void loop_signal(int sfd, struct services *s, int64_t now)
{
	struct signalfd_siginfo si;

	while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			reap_all(s, now);
			break;
		case SIGTERM:
		case SIGINT:
			shutdown_run(s, SHUTDOWN_REBOOT, si.ssi_signo);
		case SIGUSR2:
			shutdown_run(s, SHUTDOWN_POWEROFF, si.ssi_signo);
		case SIGUSR1:
			shutdown_run(s, SHUTDOWN_HALT, si.ssi_signo);
		default:
			break;
		}
	}
}

static int loop_timeout(const struct services *s, const struct control *c, int64_t now)
{
	int64_t next = services_next_deadline(s), conn = control_next_deadline(c);

	if (conn >= 0 && (next < 0 || conn < next))
		next = conn;
	if (next < 0)
		return -1;
	if (next <= now)
		return 0;
	return next - now > 60000 ? 60000 : (int)(next - now);
}

static unsigned loop_pollfds(struct pollfd *pfd, int sfd, const struct control *c,
			     const struct services *s)
{
	unsigned n = 0;
	size_t i;

	pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	n += control_pollfds(c, pfd + n);
	for (i = 0; i < s->n; i++)
		if (s->svc[i].out_fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = s->svc[i].out_fd, .events = POLLIN };
	return n;
}

static void loop_service_output(struct services *s, const struct pollfd *pfd, unsigned n)
{
	unsigned i;
	size_t j;

	for (i = 0; i < n; i++) {
		if (!pfd[i].revents)
			continue;
		for (j = 0; j < s->n; j++)
			if (s->svc[j].out_fd == pfd[i].fd)
				svclog_read(&s->svc[j]);
	}
}

static void loop_pause(void)
{
	struct timespec ts = { 1, 0 };

	nanosleep(&ts, NULL);
}

void loop_run(struct services *s)
{
	struct pollfd pfd[LOOP_FDS];
	struct control ctl;
	sigset_t all;
	unsigned n;
	int sfd;

	sigfillset(&all);
	sfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		emergency_shell("signalfd failed; cannot supervise services or shut down cleanly");
	control_open(&ctl);
	for (;;) {
		n = loop_pollfds(pfd, sfd, &ctl, s);
		if (poll(pfd, n, loop_timeout(s, &ctl, monotime_ms())) < 0 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			loop_pause();
			continue;
		}
		if (pfd[0].revents)
			loop_signal(sfd, s, monotime_ms());
		loop_service_output(s, pfd, n);
		control_handle(&ctl, pfd, n, s, monotime_ms());
		reap_all(s, monotime_ms());
		services_tick(s, monotime_ms());
	}
}
