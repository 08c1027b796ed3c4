#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "ct/exec_io.h"
#include "base/fdpass.h"

/*
 * A command run in a container never gets the operator's terminal: a
 * process holding the node's tty could read what is typed there after
 * the command ends, or change its settings. `vzctl enter` on a terminal
 * gets a pty of the container's own devpts, like OpenVZ's enter;
 * otherwise (exec, or enter without a terminal) each standard fd that is
 * a terminal is replaced by a pipe, like OpenVZ's exec, so a background
 * job it starts keeps running after it (a pty's hangup would end it).
 * vzctl, which never joined the container, copies
 * between them and the terminal. Fds that are not terminals (files,
 * pipes, sockets) are passed as they are.
 */

#define RELAY_BUF 16384
/*
 * After the command exits, output still buffered is copied until none
 * came for RELAY_IDLE_MS, at most RELAY_DRAIN_MS: a background process
 * it left holding the output does not keep vzctl waiting.
 */
#define RELAY_IDLE_MS 100
#define RELAY_DRAIN_MS 1000

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A terminal we may read: reading it from a background job would stop us. */
static int foreground_tty(int fd)
{
	return isatty(fd) && tcgetpgrp(fd) == getpgrp();
}

static void fd_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int exec_io_setup(struct exec_io *io, int want_pty, char *err, size_t len)
{
	int i, p[2];

	memset(io, 0, sizeof *io);
	for (i = 0; i < 3; i++)
		io->host[i] = io->ct[i] = -1;
	io->sock[0] = io->sock[1] = io->master = -1;
	io->pty = want_pty && foreground_tty(0) && isatty(1);
	if (io->pty) {
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, io->sock) < 0) {
			snprintf(err, len, "socketpair: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	for (i = 0; i < 3; i++) {
		if (!isatty(i))
			continue;
		if (i == 0 && !foreground_tty(0)) {
			io->ct[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (io->ct[0] < 0) {
				snprintf(err, len, "/dev/null: %s", strerror(errno));
				return -1;
			}
			continue;
		}
		if (pipe2(p, O_CLOEXEC) < 0) {
			snprintf(err, len, "pipe: %s", strerror(errno));
			exec_io_close(io);
			return -1;
		}
		/* stdin: the container reads p[0]; stdout/stderr: it writes p[1]. */
		io->ct[i] = i == 0 ? p[0] : p[1];
		io->host[i] = i == 0 ? p[1] : p[0];
	}
	return 0;
}

void exec_io_close(struct exec_io *io)
{
	int i;

	for (i = 0; i < 3; i++) {
		fd_close(&io->host[i]);
		fd_close(&io->ct[i]);
	}
	fd_close(&io->sock[0]);
	fd_close(&io->sock[1]);
	fd_close(&io->master);
}

int exec_io_join(struct exec_io *io, char *err, size_t len)
{
	int master, slave;

	fd_close(&io->sock[0]);
	if (!io->pty)
		return 0;
	/* The container's /dev/ptmx: this process is in its mount namespace. */
	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || unlockpt(master) < 0) {
		snprintf(err, len, "the container's /dev/ptmx: %s", strerror(errno));
		return -1;
	}
	/* The peer by the master, not by a path the container controls. */
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0 || fdpass_send(io->sock[1], 'm', master) < 0) {
		snprintf(err, len, "the container's pty: %s", strerror(errno));
		return -1;
	}
	close(master);
	fd_close(&io->sock[1]);
	io->ct[0] = slave;
	return 0;
}

int exec_io_stdio(struct exec_io *io)
{
	int i;

	/* A session of its own in every mode: no controlling terminal of the
	   node's (no /dev/tty, no tcsetpgrp on the operator's terminal). */
	if (setsid() < 0)
		return -1;
	if (io->pty) {
		if (ioctl(io->ct[0], TIOCSCTTY, 0) < 0)
			return -1;
		for (i = 0; i < 3; i++)
			if (dup2(io->ct[0], i) < 0)
				return -1;
		return 0;
	}
	for (i = 0; i < 3; i++)
		if (io->ct[i] >= 0 && dup2(io->ct[i], i) < 0)
			return -1;
	return 0;
}

/* One copy step; -1 when src is finished (EOF, EIO from a hung-up pty, error). */
static int copy_once(int src, int dst)
{
	char buf[RELAY_BUF];
	ssize_t n = read(src, buf, sizeof buf), w;
	size_t off = 0;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	while (off < (size_t)n) {
		w = write(dst, buf + off, (size_t)n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return 0;	/* the reader went away: drop, keep draining */
		off += (size_t)w;
	}
	return 0;
}

static void winsize_copy(int master)
{
	struct winsize ws;

	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* The copying side's state: which fd feeds which, the signals, the terminal. */
struct relay {
	int src[4], dst[4], n;
	int sfd;
	sigset_t old_mask;
	struct termios saved;
	int raw_set;
};

/* The master from the container, non-blocking ends, signals, raw mode. */
static void relay_open(struct exec_io *io, struct relay *r)
{
	struct termios raw;
	sigset_t mask;
	int i;

	memset(r, 0, sizeof *r);
	for (i = 0; i < 3; i++)
		fd_close(&io->ct[i]);
	if (io->pty) {
		char tag;

		fd_close(&io->sock[1]);
		if (fdpass_recv(io->sock[0], &tag, &io->master) < 0)
			io->master = -1;
		fd_close(&io->sock[0]);
	}
	/* Keys the command does not read are dropped, never block its output. */
	if (io->master >= 0)
		fcntl(io->master, F_SETFL, O_NONBLOCK);
	if (io->host[0] >= 0)
		fcntl(io->host[0], F_SETFL, O_NONBLOCK);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, &r->old_mask);
	r->sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (io->master >= 0) {
		winsize_copy(io->master);
		if (tcgetattr(0, &r->saved) == 0) {
			raw = r->saved;
			cfmakeraw(&raw);
			r->raw_set = tcsetattr(0, TCSADRAIN, &raw) == 0;
		}
		r->src[r->n] = 0, r->dst[r->n++] = io->master;
		r->src[r->n] = io->master, r->dst[r->n++] = 1;
		return;
	}
	if (io->host[0] >= 0)
		r->src[r->n] = 0, r->dst[r->n++] = io->host[0];
	for (i = 1; i < 3; i++)
		if (io->host[i] >= 0)
			r->src[r->n] = io->host[i], r->dst[r->n++] = i;
}

static void relay_signals(struct exec_io *io, struct relay *r)
{
	struct signalfd_siginfo si;

	while (read(r->sfd, &si, sizeof si) == sizeof si)
		if (si.ssi_signo == SIGWINCH && io->master >= 0)
			winsize_copy(io->master);
}

/*
 * One poll round: copies what is ready. Once the command has exited,
 * stdin is no longer read and the round waits at most RELAY_IDLE_MS.
 * Returns 0 to go on, 1 when there is nothing more to copy.
 */
static int relay_round(struct exec_io *io, struct relay *r, int exited)
{
	struct pollfd pfd[5];
	int i, k, n = 0, outputs = 0;

	for (i = 0; i < r->n; i++) {
		if (r->src[i] < 0 || (exited && r->src[i] == 0))
			continue;
		pfd[n].fd = r->src[i];
		pfd[n++].events = POLLIN;
		outputs += r->src[i] != 0;
	}
	if (exited && !outputs)
		return 1;
	pfd[n].fd = r->sfd;
	pfd[n++].events = POLLIN;
	i = poll(pfd, (nfds_t)n, exited ? RELAY_IDLE_MS : -1);
	if (i < 0)
		return errno != EINTR;
	if (i == 0)
		return 1;	/* exited and nothing more came */
	if (pfd[n - 1].revents)
		relay_signals(io, r);
	for (i = 0; i < n - 1; i++) {
		if (!pfd[i].revents)
			continue;
		for (k = 0; k < r->n && r->src[k] != pfd[i].fd; k++)
			;
		if (copy_once(r->src[k], r->dst[k]) < 0) {
			if (r->src[k] == 0 && !io->pty)
				fd_close(&io->host[0]);	/* EOF on stdin: EOF for the command */
			r->src[k] = -1;
		}
	}
	return 0;
}

/*
 * The relay, in the calling (node-side) process: stdin to the command,
 * its output to stdout/stderr, the window size to the pty, until the
 * command has exited and its output is drained.
 */
int exec_io_relay(struct exec_io *io, pid_t child, int *status)
{
	long long drain_end = 0;
	struct relay r;
	int exited = 0;

	relay_open(io, &r);
	for (;;) {
		if (!exited && waitpid(child, status, WNOHANG) == child) {
			exited = 1;
			drain_end = now_ms() + RELAY_DRAIN_MS;
		}
		if ((exited && now_ms() >= drain_end) || relay_round(io, &r, exited))
			break;
	}
	if (!exited && waitpid(child, status, 0) != child)
		*status = -1;
	if (r.raw_set)
		tcsetattr(0, TCSADRAIN, &r.saved);
	if (r.sfd >= 0)
		close(r.sfd);
	sigprocmask(SIG_SETMASK, &r.old_mask, NULL);
	exec_io_close(io);
	return *status < 0 ? -1 : 0;
}
