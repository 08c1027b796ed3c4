#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/backoff.h"
#include "base/log.h"
#include "login_supervise.h"
#include "base/monotime.h"

/* A session shorter than this did not really start: its exit counts as a failure. */
#define SESSION_MIN_MS 2000
#define STOP_GRACE_MS 2000

struct login_port {
	const struct serial_console *con;
	pid_t pid;
	struct backoff backoff;
	int64_t started;
	int64_t restart_at;	/* -1: running */
};

static void port_start(struct login_port *p, int menu, login_serve_fn *serve,
		       const sigset_t *old, int64_t now)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_warn("console %s: fork: %s; retrying in %d s", p->con->device, strerror(errno),
			 BACKOFF_MIN_MS / 1000);
		p->restart_at = now + BACKOFF_MIN_MS;
		return;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, old, NULL);
		setsid();
		serve(p->con, menu);
		_exit(EXIT_ERROR);
	}
	p->pid = pid;
	p->started = now;
	p->restart_at = -1;
	backoff_started(&p->backoff, now);
}

static int session_clean(int status)
{
	return (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
	       (WIFSIGNALED(status) && (WTERMSIG(status) == SIGHUP || WTERMSIG(status) == SIGTERM));
}

static void port_exited(struct login_port *p, int status, int64_t now)
{
	int64_t at;

	p->pid = 0;
	if (session_clean(status) && now - p->started >= SESSION_MIN_MS) {
		backoff_reset(&p->backoff);
		p->restart_at = now;
		return;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_PORT_ABSENT) {
		backoff_reset(&p->backoff);
		at = now + BACKOFF_MAX_MS;
	} else if (backoff_exited(&p->backoff, now, &at) < 0) {
		log_error("console %s: its getty keeps failing (%d exits in %d s); retrying every %d s",
			  p->con->device, BACKOFF_LOOP_EXITS, BACKOFF_LOOP_WINDOW_MS / 1000,
			  BACKOFF_MAX_MS / 1000);
		backoff_reset(&p->backoff);
		at = now + BACKOFF_MAX_MS;
	} else if (WIFEXITED(status)) {
		log_warn("console %s: exited with status %d; restarting in %lld ms", p->con->device,
			 WEXITSTATUS(status), (long long)(at - now));
	} else {
		log_warn("console %s: killed by signal %d; restarting in %lld ms", p->con->device,
			 WTERMSIG(status), (long long)(at - now));
	}
	p->restart_at = at;
}

/* Reaps the ports' children; while stopping, without restarting them. */
static void ports_reap(struct login_port *ports, unsigned n, int64_t now, int stopping)
{
	pid_t pid;
	int status;
	unsigned i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < n; i++) {
			if (ports[i].pid != pid)
				continue;
			if (stopping)
				ports[i].pid = 0;
			else
				port_exited(&ports[i], status, now);
		}
}

/* The children are session leaders: their process groups are theirs. */
static void __attribute__((noreturn)) ports_stop(struct login_port *ports, unsigned n)
{
	int64_t until = monotime_ms() + STOP_GRACE_MS;
	unsigned i, left;

	for (i = 0; i < n; i++) {
		if (!ports[i].pid)
			continue;
		kill(-ports[i].pid, SIGHUP);
		kill(-ports[i].pid, SIGTERM);
		kill(-ports[i].pid, SIGCONT);
		kill(ports[i].pid, SIGTERM);
	}
	do {
		ports_reap(ports, n, monotime_ms(), 1);
		for (i = left = 0; i < n; i++)
			left += ports[i].pid != 0;
		if (left)
			poll(NULL, 0, 50);
	} while (left && monotime_ms() < until);
	for (i = 0; i < n; i++)
		if (ports[i].pid)
			kill(-ports[i].pid, SIGKILL);
	exit(EXIT_OK);
}

static int next_timeout(const struct login_port *ports, unsigned n, int64_t now)
{
	int64_t soonest = -1;
	unsigned i;

	for (i = 0; i < n; i++)
		if (!ports[i].pid && ports[i].restart_at >= 0 &&
		    (soonest < 0 || ports[i].restart_at < soonest))
			soonest = ports[i].restart_at;
	if (soonest < 0)
		return -1;
	return soonest <= now ? 0 : (int)(soonest - now);
}

void login_supervise(const struct serial_ports *sp, int menu, login_serve_fn *serve)
{
	struct login_port ports[SERIAL_PORTS_MAX];
	struct signalfd_siginfo si;
	struct pollfd pfd;
	sigset_t mask, old;
	int64_t now;
	unsigned i;
	ssize_t r;

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, &old);
	pfd.fd = signalfd(-1, &mask, SFD_CLOEXEC);
	pfd.events = POLLIN;
	if (pfd.fd < 0) {
		log_error("console: signalfd: %s; cannot supervise the ports", strerror(errno));
		exit(EXIT_ERROR);
	}
	memset(ports, 0, sizeof ports);
	for (i = 0; i < sp->n; i++) {
		ports[i].con = &sp->port[i];
		backoff_reset(&ports[i].backoff);
		ports[i].restart_at = 0;
	}
	for (;;) {
		now = monotime_ms();
		for (i = 0; i < sp->n; i++)
			if (!ports[i].pid && ports[i].restart_at >= 0 && ports[i].restart_at <= now)
				port_start(&ports[i], menu, serve, &old, now);
		if (poll(&pfd, 1, next_timeout(ports, sp->n, now)) <= 0)
			continue;
		r = read(pfd.fd, &si, sizeof si);
		if (r != sizeof si)
			continue;
		if (si.ssi_signo == SIGCHLD)
			ports_reap(ports, sp->n, monotime_ms(), 0);
		else
			ports_stop(ports, sp->n);
	}
}
