/*
 * The holder's connection handling (services/console/holder_conn.c) against real
 * sockets and a real pty: malformed frames get an ERROR and only that
 * connection is closed, viewers get the scrollback and live output, a
 * viewer that fell behind gets DROPPED, slave mode passes an fd.
 * console_get is a stub here: one console with a small ring.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "../../services/console/holder.h"
#include "base/log.h"
#include "base/monotime.h"
#include "tap.h"

#define RING_SIZE 4096

int holder_epoll = -1;
size_t holder_ring_size = RING_SIZE;

static struct console con;
static int listen_fd;
static char last_log[512];
static size_t frame_have;

/* The holder's log, kept for the test instead of the kernel log. */
static void log_keep(const char *fmt, va_list ap)
{
	vsnprintf(last_log, sizeof last_log, fmt, ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_keep(fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_keep(fmt, ap);
	va_end(ap);
}

struct console *console_get(unsigned ctid)
{
	if (ctid == 999) {
		errno = ENOSPC;
		return NULL;
	}
	return &con;
}

static void console_setup(void)
{
	static unsigned char mem[sizeof(struct console_ring_hdr) + RING_SIZE];

	con.ctid = 101;
	con.master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con.master < 0 || grantpt(con.master) < 0 || unlockpt(con.master) < 0)
		exit(111);
	con.slave = ioctl(con.master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	fcntl(con.master, F_SETFL, O_RDWR | O_NONBLOCK);
	console_ring_init(&con.ring, mem, RING_SIZE);
}

/* Runs the holder's event loop until nothing is ready. */
static void pump(void)
{
	struct epoll_event ev[16];
	int n, i;

	while ((n = epoll_wait(holder_epoll, ev, 16, 20)) > 0)
		for (i = 0; i < n; i++) {
			uint64_t tag = ev[i].data.u64 & ~0xffffffffull;
			size_t idx = (size_t)(ev[i].data.u64 & 0xffffffffu);

			if (tag == TAG_LISTEN)
				conn_accept(listen_fd);
			else if (tag == TAG_CONN && conn_by_index(idx))
				conn_event(conn_by_index(idx), ev[i].events);
		}
}

static int client(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len = sizeof sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	getsockname(listen_fd, (struct sockaddr *)&sa, &len);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, len) < 0)
		exit(111);
	frame_have = 0;
	pump();
	return fd;
}

static void send_bytes(int fd, const void *buf, size_t len)
{
	if (send(fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
		exit(111);
	pump();
}

static void send_hello(int fd, unsigned ctid, enum console_mode mode)
{
	struct console_hello h = { .ctid = ctid, .mode = mode, .who = "test" };
	unsigned char buf[128];

	send_bytes(fd, buf, (size_t)console_hello_encode(buf, sizeof buf, &h));
}

/* The next frame from the holder: its type (payload in text), 0 at EOF. */
static unsigned recv_frame(int fd, char *text, size_t size, int *passed_fd)
{
	static unsigned char buf[CONSOLE_FRAME_MAX * 4];
	size_t have = frame_have;
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct console_msg m;
	size_t used;
	ssize_t n;

	for (;;) {
		if (!console_msg_decode(buf, have, &m, &used) && used) {
			size_t len = m.len < size - 1 ? m.len : size - 1;
			unsigned type = m.type;

			memcpy(text, m.payload, len);
			text[len] = 0;
			memmove(buf, buf + used, have - used);
			frame_have = have - used;
			return type;
		}
		struct iovec iov = { buf + have, sizeof buf - have };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
				      .msg_controllen = sizeof cbuf };
		struct pollfd p = { .fd = fd, .events = POLLIN };

		pump();
		if (poll(&p, 1, 1000) <= 0 || (n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC)) <= 0) {
			frame_have = have;
			return 0;
		}
		if (passed_fd && CMSG_FIRSTHDR(&msg) && CMSG_FIRSTHDR(&msg)->cmsg_type == SCM_RIGHTS)
			memcpy(passed_fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(int));
		have += (size_t)n;
	}
}

static int closed_by_holder(int fd)
{
	char c;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	pump();
	return poll(&p, 1, 1000) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

static void expect_error(const unsigned char *frame, size_t len, int hello_first,
			 const char *want, const char *name)
{
	char text[CONSOLE_PAYLOAD_MAX + 1];
	int fd = client();
	unsigned type;

	if (hello_first) {
		send_hello(fd, 101, hello_first == 2 ? CONSOLE_MODE_READONLY : CONSOLE_MODE_ATTACH);
		while ((type = recv_frame(fd, text, sizeof text, NULL)) == CONSOLE_MSG_DATA)
			;
	}
	send_bytes(fd, frame, len);
	while ((type = recv_frame(fd, text, sizeof text, NULL)) == CONSOLE_MSG_DATA ||
	       type == CONSOLE_MSG_OK)
		;
	ok(type == CONSOLE_MSG_ERROR && strstr(text, want), "%s: ERROR \"%s\"", name, text);
	ok(closed_by_holder(fd), "%s: that connection is closed", name);
	close(fd);
}

static void test_malformed(void)
{
	unsigned char f[CONSOLE_FRAME_MAX + 8];
	unsigned char big[CONSOLE_HDR_LEN] = { CONSOLE_MSG_DATA, 0, 0x10, 0x01 };

	f[0] = 77, f[1] = 0, f[2] = 0, f[3] = 0;
	expect_error(f, 4, 0, "", "an unknown type");
	f[0] = CONSOLE_MSG_HELLO, f[1] = 1;
	expect_error(f, 4, 0, "", "a reserved byte set");
	expect_error(big, sizeof big, 0, "", "an oversized payload");
	expect_error(f, (size_t)console_msg_encode(f, sizeof f, CONSOLE_MSG_DATA, "x", 1), 0,
		     "hello", "keys before the hello");
	expect_error(f, (size_t)console_msg_encode(f, sizeof f, CONSOLE_MSG_HELLO, "ab", 2), 0,
		     "", "a short hello");
	expect_error(f, (size_t)console_msg_encode(f, sizeof f, CONSOLE_MSG_WINSZ, "ab", 2), 1,
		     "", "a short window size");
	expect_error(f, (size_t)console_msg_encode(f, sizeof f, CONSOLE_MSG_HELLO, "abcde", 5), 1,
		     "unexpected", "a second hello");
	expect_error(f, (size_t)console_msg_encode(f, sizeof f, CONSOLE_MSG_DATA, "x", 1), 2,
		     "read-only", "keys from a read-only viewer");
}

static void test_viewer(void)
{
	char text[CONSOLE_PAYLOAD_MAX + 1], got[64] = "";
	unsigned char f[64];
	struct winsize ws;
	int fd, n;

	console_ring_write(&con.ring, "scrollback\n", 11);
	fd = client();
	send_hello(fd, 101, CONSOLE_MODE_ATTACH);
	is_int(recv_frame(fd, text, sizeof text, NULL), CONSOLE_MSG_OK, "hello: OK");
	ok(recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_DATA &&
	   strstr(text, "scrollback"), "the scrollback is replayed on attach");
	is_int(con.viewers, 1, "one viewer counted");
	ok(strstr(last_log, "console 101: attach read-write by uid 0") && strstr(last_log, "test"),
	   "the attach is logged: %s", last_log);
	console_ring_write(&con.ring, "live\n", 5);
	conn_flush_viewers(&con);
	ok(recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_DATA && !strcmp(text, "live\n"),
	   "live output follows");
	send_bytes(fd, f, (size_t)console_msg_encode(f, sizeof f, CONSOLE_MSG_DATA, "k\n", 2));
	usleep(50000);
	n = (int)read(con.slave, got, sizeof got - 1);
	ok(n > 0 && got[0] == 'k', "keys reach the pty");
	send_bytes(fd, f, (size_t)console_winsz_encode(f, sizeof f, 33, 99));
	ok(ioctl(con.slave, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 33 && ws.ws_col == 99,
	   "the window size reaches the pty");
	close(fd);
	pump();
	is_int(con.viewers, 0, "a viewer that hangs up is no longer counted");
}

static void test_dropped(void)
{
	char text[CONSOLE_PAYLOAD_MAX + 1], chunk[1000];
	uint64_t lost = 0;
	unsigned type;
	int fd, sz = 4096, i;

	fd = client();
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	send_hello(fd, 101, CONSOLE_MODE_READONLY);
	memset(chunk, 'z', sizeof chunk);
	for (i = 0; i < 1000; i++) {
		console_ring_write(&con.ring, chunk, sizeof chunk);
		conn_flush_viewers(&con);
	}
	ok(conn_by_index(0) != NULL, "a viewer that stops reading is kept");
	while ((type = recv_frame(fd, text, sizeof text, NULL)) && type != CONSOLE_MSG_DROPPED)
		;
	if (type == CONSOLE_MSG_DROPPED) {
		struct console_msg m = { CONSOLE_MSG_DROPPED, 8, (unsigned char *)text };

		console_dropped_parse(&m, &lost);
	}
	ok(type == CONSOLE_MSG_DROPPED && lost > 0 && lost < 1000000,
	   "then it gets DROPPED with the bytes it missed (%llu)", (unsigned long long)lost);
	close(fd);
	pump();
}

/*
 * Every byte is either sent or counted in a DROPPED, even when the ring
 * overtakes a viewer again while its last DROPPED still waits in the
 * holder (the bench once waited forever for bytes told of nowhere).
 */
static void test_dropped_count(void)
{
	char text[CONSOLE_PAYLOAD_MAX + 1], chunk[1000];
	uint64_t from = console_ring_start(&con.ring), lost, seen = 0, drops = 0;
	struct console_msg m = { CONSOLE_MSG_DROPPED, 8, (unsigned char *)text };
	unsigned type;
	int fd, sz = 4096, i;

	fd = client();
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	send_hello(fd, 101, CONSOLE_MODE_READONLY);
	memset(chunk, 'c', sizeof chunk);
	for (i = 0; i < 2000; i++) {
		console_ring_write(&con.ring, chunk, sizeof chunk);
		conn_flush_viewers(&con);
	}
	while ((type = recv_frame(fd, text, sizeof text, NULL))) {
		if (type == CONSOLE_MSG_DATA) {
			seen += strlen(text);
		} else if (type == CONSOLE_MSG_DROPPED && !console_dropped_parse(&m, &lost)) {
			seen += lost;
			drops++;
		}
	}
	ok(seen == console_ring_total(&con.ring) - from && drops > 0,
	   "sent plus DROPPED is every byte since the replay (%llu of %llu, %llu DROPPED)",
	   (unsigned long long)seen, (unsigned long long)(console_ring_total(&con.ring) - from),
	   (unsigned long long)drops);
	close(fd);
	pump();
}

/* Backpressure: a viewer behind holds the pty back until it stalls. */
static void test_room(void)
{
	char text[CONSOLE_PAYLOAD_MAX + 1], chunk[3000];
	int64_t now;
	size_t room;
	int fd, sz = 4096;

	fd = client();
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
	send_hello(fd, 101, CONSOLE_MODE_READONLY);
	is_int(recv_frame(fd, text, sizeof text, NULL), CONSOLE_MSG_OK, "room: viewer attached");
	while (recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_DATA)
		;
	now = monotime_ms();
	is_int((long long)conn_room(&con, now), RING_SIZE, "a current viewer leaves the whole ring");
	memset(chunk, 'r', sizeof chunk);
	console_ring_write(&con.ring, chunk, sizeof chunk);
	console_ring_write(&con.ring, chunk, sizeof chunk);
	console_ring_write(&con.ring, chunk, sizeof chunk);
	conn_flush_viewers(&con);
	console_ring_write(&con.ring, chunk, sizeof chunk);
	room = conn_room(&con, monotime_ms());
	ok(room < RING_SIZE, "a viewer behind limits what the pty may add (%zu)", room);
	is_int((long long)conn_room(&con, monotime_ms() + HOLDER_STALL_MS + 1), RING_SIZE,
	       "a viewer that took nothing for HOLDER_STALL_MS no longer does");
	close(fd);
	pump();
}

static void test_slave_and_limits(void)
{
	char text[CONSOLE_PAYLOAD_MAX + 1];
	int fd, slave = -1, v[HOLDER_VIEWERS_MAX], i;

	fd = client();
	send_hello(fd, 101, CONSOLE_MODE_SLAVE);
	ok(recv_frame(fd, text, sizeof text, &slave) == CONSOLE_MSG_OK && slave >= 0 &&
	   isatty(slave), "slave mode passes a pty slave");
	close(slave);
	close(fd);
	fd = client();
	send_hello(fd, 999, CONSOLE_MODE_ATTACH);
	ok(recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_ERROR &&
	   strstr(text, "too many consoles"), "no console: ERROR \"%s\"", text);
	close(fd);
	for (i = 0; i < HOLDER_VIEWERS_MAX; i++) {
		v[i] = client();
		send_hello(v[i], 101, CONSOLE_MODE_READONLY);
	}
	fd = client();
	send_hello(fd, 101, CONSOLE_MODE_READONLY);
	while (recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_DATA)
		;
	ok(strstr(text, "too many viewers") != NULL, "a seventh viewer is refused");
	close(fd);
	for (i = 0; i < HOLDER_VIEWERS_MAX; i++)
		close(v[i]);
	pump();
	fd = client();
	conn_expire(monotime_ms() + HOLDER_HELLO_TIMEOUT_MS + 1000);
	ok(recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_ERROR &&
	   strstr(text, "no hello"), "a client silent for 5 s is dropped");
	close(fd);
}

int main(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_LISTEN };
	char text[256];
	int fd;

	/* An abstract socket: nothing to clean up in the file system. */
	snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "test_console_conn.%d", (int)getpid());
	holder_epoll = epoll_create1(EPOLL_CLOEXEC);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (holder_epoll < 0 || listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    listen(listen_fd, 16) < 0 || epoll_ctl(holder_epoll, EPOLL_CTL_ADD, listen_fd, &ev) < 0)
		return 111;
	console_setup();
	if (geteuid() != 0) {
		fd = client();
		ok(recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_ERROR &&
		   strstr(text, "root only"), "a client that is not root is refused");
		printf("# not root: the rest needs a root peer\n");
		return done_testing();
	}
	test_malformed();
	test_viewer();
	test_dropped();
	test_dropped_count();
	test_room();
	test_slave_and_limits();
	fd = client();
	send_hello(fd, 101, CONSOLE_MODE_READONLY);
	ok(recv_frame(fd, text, sizeof text, NULL) == CONSOLE_MSG_OK,
	   "after all that the holder still serves a viewer");
	close(fd);
	return done_testing();
}
