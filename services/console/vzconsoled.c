/*
 * vzconsoled [-s KIB]: holds every container's console (docs/consoles.md).
 * One epoll loop; pty masters are left with init so a restart of this
 * service loses no console.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "holder.h"
#include "base/exit.h"
#include "base/log.h"
#include "base/monotime.h"

int holder_epoll = -1;
size_t holder_ring_size = CONSOLE_RING_DEFAULT;

static void __attribute__((noreturn)) die(int code, const char *what, const char *cause)
{
	fprintf(stderr, "vzconsoled: %s: %s\n", what, cause);
	exit(code);
}

static void options(int argc, char **argv)
{
	unsigned long kib;
	char *end;
	int c;

	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's')
			die(EXIT_USAGE, "usage", "vzconsoled [-s SCROLLBACK_KIB]");
		errno = 0;
		kib = strtoul(optarg, &end, 10);
		if (errno || *end || kib < CONSOLE_RING_MIN / 1024 || kib > CONSOLE_RING_MAX / 1024)
			die(EXIT_USAGE, optarg, "scrollback must be 4-65536 KiB");
		holder_ring_size = kib * 1024;
	}
	if (optind != argc)
		die(EXIT_USAGE, "usage", "vzconsoled [-s SCROLLBACK_KIB]");
}

static void watch(int fd, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	if (epoll_ctl(holder_epoll, EPOLL_CTL_ADD, fd, &ev) < 0)
		die(EXIT_ERROR, "epoll_ctl", strerror(errno));
}

static int listen_open(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	strcpy(addr.sun_path, CONSOLE_SOCKET_PATH);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die(EXIT_ERROR, "socket", strerror(errno));
	unlink(CONSOLE_SOCKET_PATH);
	umask(077);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
	    chmod(CONSOLE_SOCKET_PATH, 0600) < 0 || listen(fd, 16) < 0)
		die(EXIT_ERROR, CONSOLE_SOCKET_PATH, strerror(errno));
	return fd;
}

static int signals_open(void)
{
	sigset_t set;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		die(EXIT_ERROR, "signalfd", strerror(errno));
	return fd;
}

static void dispatch(const struct epoll_event *ev, int listen_fd)
{
	uint64_t tag = ev->data.u64 & ~0xffffffffull;
	size_t idx = (size_t)(ev->data.u64 & 0xffffffffull);
	struct conn *k;

	if (tag == TAG_LISTEN) {
		conn_accept(listen_fd);
	} else if (tag == TAG_MASTER) {
		console_drain(console_by_index(idx));
	} else if (tag == TAG_CONN) {
		k = conn_by_index(idx);
		if (k)
			conn_event(k, ev->events);
	}
}

int main(int argc, char **argv)
{
	struct epoll_event ev[32];
	int listen_fd, sig_fd, n, i, due, timeout = 1000;
	int64_t now;

	log_open("vzconsoled");
	options(argc, argv);
	holder_epoll = epoll_create1(EPOLL_CLOEXEC);
	if (holder_epoll < 0)
		die(EXIT_ERROR, "epoll_create1", strerror(errno));
	sig_fd = signals_open();
	watch(sig_fd, TAG_SIGNAL);
	console_restore_all();
	listen_fd = listen_open();
	watch(listen_fd, TAG_LISTEN);
	log_info("listening on %s (scrollback %zu KiB per console)", CONSOLE_SOCKET_PATH,
		 holder_ring_size / 1024);
	for (;;) {
		n = epoll_wait(holder_epoll, ev, 32, timeout);
		if (n < 0 && errno != EINTR)
			die(EXIT_ERROR, "epoll_wait", strerror(errno));
		for (i = 0; i < n; i++) {
			if ((ev[i].data.u64 & ~0xffffffffull) == TAG_SIGNAL) {
				log_info("stopping; consoles stay with init");
				return EXIT_OK;
			}
			dispatch(&ev[i], listen_fd);
		}
		now = monotime_ms();
		conn_expire(now);
		/* A paused console is looked at often: its viewers catch up or stall. */
		timeout = console_resume() ? 20 : 1000;
		due = console_flush_due(now);
		if (due >= 0 && due < timeout)
			timeout = due;
	}
}
