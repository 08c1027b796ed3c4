/*
 * The holder's pty side (services/console/holder_console.c) with a real pty, a real
 * ring and a real viewer socket: small output reaches the viewer at once,
 * flood output waits for more until HOLDER_FLUSH_DELAY_MS is up or
 * HOLDER_SEND_MAX bytes are in, and nothing is lost either way.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "../../services/console/holder.h"
#include "base/log.h"
#include "base/monotime.h"
#include "tap.h"

int holder_epoll = -1;
size_t holder_ring_size = 256 * 1024;

static int listen_fd;
static struct console *con;

/* init's fd store is not there on the host: its warning is expected. */
static void log_drop(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_drop(fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_drop(fmt, ap);
	va_end(ap);
}

/* The holder's loop without its timer: events until nothing is ready for ms. */
static void pump(int ms)
{
	struct epoll_event ev[16];
	int n, i;

	while ((n = epoll_wait(holder_epoll, ev, 16, ms)) > 0)
		for (i = 0; i < n; i++) {
			uint64_t tag = ev[i].data.u64 & ~0xffffffffull;
			size_t idx = (size_t)(ev[i].data.u64 & 0xffffffffu);

			if (tag == TAG_LISTEN)
				conn_accept(listen_fd);
			else if (tag == TAG_MASTER)
				console_drain(console_by_index(idx));
			else if (tag == TAG_CONN && conn_by_index(idx))
				conn_event(conn_by_index(idx), ev[i].events);
		}
}

static int viewer_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct console_hello h = { .ctid = 101, .mode = CONSOLE_MODE_READONLY, .who = "test" };
	unsigned char buf[128];
	socklen_t len = sizeof sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), n;

	getsockname(listen_fd, (struct sockaddr *)&sa, &len);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, len) < 0)
		exit(111);
	pump(20);
	n = console_hello_encode(buf, sizeof buf, &h);
	if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
		exit(111);
	pump(20);
	return fd;
}

/* Console bytes the viewer has been sent so far (frames unwrapped, OK skipped). */
static size_t viewer_take(int fd)
{
	static unsigned char buf[1 << 17];
	static size_t have;
	struct console_msg m;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t used, got = 0;
	ssize_t n;

	while (poll(&p, 1, 0) == 1 && (n = recv(fd, buf + have, sizeof buf - have, 0)) > 0) {
		have += (size_t)n;
		while (!console_msg_decode(buf, have, &m, &used) && used) {
			if (m.type == CONSOLE_MSG_DATA)
				got += m.len;
			memmove(buf, buf + used, have - used);
			have -= used;
		}
	}
	return got;
}

static void slave_write(const void *buf, size_t len)
{
	if (write(con->slave, buf, len) != (ssize_t)len)
		exit(111);
}

static void test_small(int v)
{
	size_t got;

	slave_write("prompt$ ", 8);
	pump(50);
	got = viewer_take(v);
	is_int((long long)got, 8, "a few bytes reach the viewer without waiting for the timer");
	is_int(console_flush_due(monotime_ms()), -1, "nothing is held back");
}

static void test_flood_held(int v)
{
	char chunk[3000];
	int64_t before;
	size_t got;
	int due;

	memset(chunk, 'f', sizeof chunk);
	before = monotime_ms();
	slave_write(chunk, sizeof chunk);
	pump(50);
	got = viewer_take(v);
	/* As seen from before the write: the loop's timer is not run here. */
	due = console_flush_due(before);
	ok(got == 0 && due >= HOLDER_FLUSH_DELAY_MS,
	   "a pty buffer of flood output waits for more (%zu sent, due %d ms after the write)",
	   got, due);
	is_int(console_flush_due(monotime_ms() + HOLDER_FLUSH_DELAY_MS), -1,
	       "when its time is up it is sent");
	pump(20);
	is_int((long long)viewer_take(v), (long long)sizeof chunk, "all of it");
}

static void test_flood_batch(int v)
{
	char chunk[4000];
	size_t written = 0, got = 0;

	memset(chunk, 'b', sizeof chunk);
	fcntl(con->slave, F_SETFL, O_RDWR | O_NONBLOCK);
	while (written < 2 * HOLDER_SEND_MAX) {
		ssize_t n = write(con->slave, chunk, sizeof chunk);

		if (n > 0)
			written += (size_t)n;
		else if (errno != EAGAIN)
			exit(111);
		pump(5);
		got += viewer_take(v);
	}
	pump(50);
	got += viewer_take(v);
	ok(got >= HOLDER_SEND_MAX && got <= written,
	   "a flood goes out per %u bytes without the timer (%zu of %zu)", HOLDER_SEND_MAX, got,
	   written);
	console_flush_due(monotime_ms() + HOLDER_FLUSH_DELAY_MS);
	pump(20);
	got += viewer_take(v);
	is_int((long long)got, (long long)written, "and nothing is lost");
}

int main(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_LISTEN };
	struct termios t;
	int v;

	snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "test_console_drain.%d", (int)getpid());
	holder_epoll = epoll_create1(EPOLL_CLOEXEC);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (holder_epoll < 0 || listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(listen_fd, 16) < 0 || epoll_ctl(holder_epoll, EPOLL_CTL_ADD, listen_fd, &ev) < 0)
		return 111;
	if (geteuid() != 0) {
		printf("1..0 # SKIP viewers must be root\n");
		return 0;
	}
	con = console_get(101);
	ok(con != NULL, "a console with a pty and a ring");
	if (!con)
		return done_testing();
	tcgetattr(con->slave, &t);
	cfmakeraw(&t);
	tcsetattr(con->slave, TCSANOW, &t);
	v = viewer_open();
	viewer_take(v);
	test_small(v);
	test_flood_held(v);
	test_flood_batch(v);
	close(v);
	return done_testing();
}
