#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#include "console/client.h"
#include "console/detach.h"
#include "console/proto.h"

/*
 * Console output gathered from the frames of one read and written with
 * one writev (a read holds up to 16 full frames).
 */
#define OUTPUT_IOV_MAX 32

struct output_batch {
	struct iovec iov[OUTPUT_IOV_MAX];
	int n;
};

/* One attached viewer: 64 KiB of buffers, allocated per attach. */
struct viewer {
	unsigned ctid;
	int sock, in, out, sigfd, in_open, readonly;
	struct console_detach detach;
	size_t len;
	unsigned char buf[16 * CONSOLE_FRAME_MAX];
	struct output_batch batch;
	struct report *rep;
};

/* Writes the iovecs whole, waiting out EAGAIN; they are consumed. */
static int writev_all(int fd, struct iovec *iov, int n)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t done;

	while (n) {
		done = writev(fd, iov, n);
		if (done < 0 && errno == EAGAIN) {
			poll(&pfd, 1, -1);
			continue;
		}
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return -1;
		for (; n && (size_t)done >= iov->iov_len; iov++, n--)
			done -= (ssize_t)iov->iov_len;
		if (n) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= (size_t)done;
		}
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	struct iovec v = { (void *)(uintptr_t)buf, len };

	return writev_all(fd, &v, 1);
}

static int send_frame(struct viewer *v, unsigned type, const void *data, size_t len)
{
	unsigned char frame[CONSOLE_FRAME_MAX];
	int n = console_msg_encode(frame, sizeof frame, type, data, len);

	if (n < 0 || write_all(v->sock, frame, (size_t)n) < 0) {
		report_msg(v->rep, "console %u: send to vzconsoled: %s", v->ctid, strerror(errno));
		return -1;
	}
	return 0;
}

static int send_winsize(struct viewer *v)
{
	unsigned char frame[16];
	struct winsize ws;
	int n;

	if (v->readonly || ioctl(v->in, TIOCGWINSZ, &ws) < 0 || !ws.ws_row || !ws.ws_col)
		return 0;
	n = console_winsz_encode(frame, sizeof frame, ws.ws_row, ws.ws_col);
	return write_all(v->sock, frame, (size_t)n);
}

/* 1 on Esc ., 0 to go on, -1 on error. */
static int keys(struct viewer *v)
{
	char in[CONSOLE_PAYLOAD_MAX - 1], out[CONSOLE_PAYLOAD_MAX];
	int detached;
	ssize_t n;
	size_t len;

	n = read(v->in, in, sizeof in);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		v->in_open = 0;
		return 0;
	}
	len = console_detach_feed(&v->detach, in, (size_t)n, out, &detached);
	if (len && !v->readonly && send_frame(v, CONSOLE_MSG_DATA, out, len) < 0)
		return -1;
	return detached;
}

static int output_flush(struct viewer *v, struct output_batch *b)
{
	int r = writev_all(v->out, b->iov, b->n);

	b->n = 0;
	return r;
}

static int message(struct viewer *v, const struct console_msg *m, struct output_batch *b)
{
	char note[128];
	uint64_t lost;

	switch (m->type) {
	case CONSOLE_MSG_DATA:
		if (b->n == OUTPUT_IOV_MAX && output_flush(v, b) < 0)
			return -1;
		b->iov[b->n].iov_base = (void *)m->payload;
		b->iov[b->n++].iov_len = m->len;
		return 0;
	case CONSOLE_MSG_DROPPED:
		if (!console_dropped_parse(m, &lost)) {
			snprintf(note, sizeof note, "\r\n[console: %" PRIu64 " bytes skipped: this "
				 "viewer fell behind the scrollback]\r\n", lost);
			if (output_flush(v, b) < 0)
				return -1;
			return write_all(v->out, note, strlen(note));
		}
		return 0;
	case CONSOLE_MSG_ERROR:
		report_msg(v->rep, "console %u: %.*s", v->ctid, (int)m->len, (const char *)m->payload);
		return -1;
	default:
		return 0;
	}
}

/* 0 to go on, -1 when the holder is gone or refused. */
static int output(struct viewer *v)
{
	struct output_batch *b = &v->batch;
	struct console_msg m;
	const char *err;
	size_t used, off = 0;
	ssize_t n;

	n = read(v->sock, v->buf + v->len, sizeof v->buf - v->len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		report_msg(v->rep, "console %u: vzconsoled closed the connection", v->ctid);
		return -1;
	}
	v->len += (size_t)n;
	b->n = 0;
	while (!(err = console_msg_decode(v->buf + off, v->len - off, &m, &used)) && used) {
		if (message(v, &m, b) < 0)
			return -1;
		off += used;
	}
	if (output_flush(v, b) < 0)
		return -1;
	if (err) {
		report_msg(v->rep, "console %u: bad message from vzconsoled: %s", v->ctid, err);
		return -1;
	}
	memmove(v->buf, v->buf + off, v->len - off);
	v->len -= off;
	return 0;
}

/* 0 on Esc ., 1 on SIGTERM or SIGHUP (a normal end too), -1 when the holder
   is gone or refused. */
static int loop(struct viewer *v)
{
	struct pollfd pfd[3];
	struct signalfd_siginfo si;
	int r;

	for (;;) {
		pfd[0] = (struct pollfd){ .fd = v->sock, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = v->sigfd, .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = v->in_open ? v->in : -1, .events = POLLIN };
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd[0].revents && output(v) < 0)
			return -1;
		if (pfd[1].revents && read(v->sigfd, &si, sizeof si) > 0) {
			if (si.ssi_signo != SIGWINCH)
				return 1;
			if (send_winsize(v) < 0)
				return -1;
		}
		if (pfd[2].revents) {
			r = keys(v);
			if (r)
				return r > 0 ? 0 : -1;
		}
	}
}

static void who_of(int in, char *who, size_t size)
{
	char tty[64];

	if (ttyname_r(in, tty, sizeof tty))
		snprintf(tty, sizeof tty, "no tty");
	snprintf(who, size, "%s", tty);
}

/* Connects v (filled but for sock and sigfd) and runs it: console_attach's result. */
static int viewer_run(struct viewer *v, unsigned flags)
{
	struct termios saved, raw;
	sigset_t set, oldset;
	char who[CONSOLE_WHO_MAX], banner[128];
	int is_tty = isatty(v->in), r = -1;

	who_of(v->in, who, sizeof who);
	v->sock = console_connect(v->ctid, v->readonly ? CONSOLE_MODE_READONLY : CONSOLE_MODE_ATTACH,
				  who, v->rep);
	if (v->sock < 0)
		return -1;
	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	/* Ended by a signal, the viewer still restores the terminal. */
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &oldset);
	v->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (v->sigfd < 0) {
		report_msg(v->rep, "console %u: signalfd: %s", v->ctid, strerror(errno));
		goto done;
	}
	if (!(flags & CONSOLE_ATTACH_QUIET)) {
		snprintf(banner, sizeof banner, "[attached to the console of CT %u%s; Esc then . "
			 "at the start of a line detaches]\r\n", v->ctid,
			 v->readonly ? ", read-only" : "");
		write_all(v->out, banner, strlen(banner));
	}
	if (is_tty && tcgetattr(v->in, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(v->in, TCSAFLUSH, &raw);
	} else {
		is_tty = 0;
	}
	if (send_winsize(v) == 0)
		r = loop(v);
	if (is_tty)
		tcsetattr(v->in, TCSAFLUSH, &saved);
	if (!(flags & CONSOLE_ATTACH_QUIET) && r == 0)
		write_all(v->out, "\r\n[detached]\r\n", 14);
done:
	if (v->sigfd >= 0)
		close(v->sigfd);
	sigprocmask(SIG_SETMASK, &oldset, NULL);
	close(v->sock);
	return r < 0 ? -1 : 0;
}

int console_attach(unsigned ctid, int in, int out, unsigned flags, struct report *rep)
{
	struct viewer *v = calloc(1, sizeof *v);
	int r;

	if (!v) {
		report_msg(rep, "console %u: %s", ctid, strerror(errno));
		return -1;
	}
	v->ctid = ctid;
	v->in = in;
	v->out = out;
	v->in_open = 1;
	v->rep = rep;
	v->readonly = !!(flags & CONSOLE_ATTACH_READONLY);
	console_detach_init(&v->detach);
	r = viewer_run(v, flags);
	free(v);
	return r;
}
