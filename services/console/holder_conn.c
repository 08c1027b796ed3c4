#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "base/file.h"
#include "holder.h"
#include "base/fdpass.h"
#include "base/log.h"
#include "base/monotime.h"

static struct conn conns[HOLDER_CONNS_MAX];
static int conns_ready;

static void conns_init(void)
{
	size_t i;

	for (i = 0; i < HOLDER_CONNS_MAX; i++)
		conns[i].fd = -1;
	conns_ready = 1;
}

static void conn_close(struct conn *k)
{
	if (k->con)
		k->con->viewers--;
	close(k->fd);
	k->fd = -1;
	k->con = NULL;
}

static void conn_events(struct conn *k, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u64 = TAG_CONN | (uint64_t)(k - conns) };

	if (k->events != events && epoll_ctl(holder_epoll, EPOLL_CTL_MOD, k->fd, &ev) == 0)
		k->events = events;
}

/* Sends a frame in one go or not at all (only before the viewer stage). */
static void conn_reply(struct conn *k, unsigned type, const char *text)
{
	unsigned char buf[300];
	int n = console_msg_encode(buf, sizeof buf, type, text, strlen(text));

	if (n > 0)
		send(k->fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void conn_fail(struct conn *k, const char *why)
{
	conn_reply(k, CONSOLE_MSG_ERROR, why);
	conn_close(k);
}

static void peer_name(pid_t pid, char *name, size_t size)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if (file_read(path, name, size) < 0)
		snprintf(name, size, "?");
	name[strcspn(name, "\n")] = 0;
}

void conn_accept(int listen_fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	struct conn *k = NULL;
	struct epoll_event ev = { .events = EPOLLIN };
	size_t i;
	int fd;

	if (!conns_ready)
		conns_init();
	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	for (i = 0; i < HOLDER_CONNS_MAX && !k; i++)
		if (conns[i].fd < 0)
			k = &conns[i];
	if (!k || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != 0) {
		struct conn tmp = { .fd = fd };
		conn_fail(&tmp, k ? "permission denied: root only" : "busy: too many connections");
		return;
	}
	k->fd = fd;
	k->con = NULL;
	k->readonly = 0;
	k->pos = 0;
	k->in_len = k->out_len = k->out_off = 0;
	k->pid = cred.pid;
	k->uid = cred.uid;
	k->deadline = monotime_ms() + HOLDER_HELLO_TIMEOUT_MS;
	k->events = EPOLLIN;
	ev.data.u64 = TAG_CONN | (uint64_t)(k - conns);
	if (epoll_ctl(holder_epoll, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		k->fd = -1;
	}
}

static void hand_slave(struct conn *k, struct console *c, const struct console_hello *h)
{
	unsigned char buf[64];
	int slave = ioctl(c->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC), len;

	if (slave < 0) {
		conn_fail(k, "cannot open the pty slave");
		return;
	}
	len = console_msg_encode(buf, sizeof buf, CONSOLE_MSG_OK, "slave", 5);
	if (fdpass_sendmsg(k->fd, buf, (size_t)len, &slave, 1, MSG_DONTWAIT) < 0)
		log_warn("console %u: cannot pass the slave to pid %d: %s", c->ctid, (int)k->pid,
			 strerror(errno));
	else
		log_info("console %u: slave given to pid %d (%s)", c->ctid, (int)k->pid, h->who);
	close(slave);
	conn_close(k);
}

static void hello(struct conn *k, const struct console_msg *m)
{
	struct console_hello h;
	struct console *c;
	const char *err;
	char comm[32];

	err = console_hello_parse(m, &h);
	if (err) {
		conn_fail(k, err);
		return;
	}
	c = console_get(h.ctid);
	if (!c) {
		conn_fail(k, errno == ENOSPC ? "too many consoles" : "cannot create the console");
		return;
	}
	if (h.mode == CONSOLE_MODE_SLAVE) {
		hand_slave(k, c, &h);
		return;
	}
	if (c->viewers >= HOLDER_VIEWERS_MAX) {
		conn_fail(k, "too many viewers on this console");
		return;
	}
	peer_name(k->pid, comm, sizeof comm);
	log_info("console %u: attach %s by uid %u pid %d (%s) %s", h.ctid,
		 h.mode == CONSOLE_MODE_READONLY ? "read-only" : "read-write", (unsigned)k->uid,
		 (int)k->pid, comm, h.who);
	k->con = c;
	c->viewers++;
	k->readonly = h.mode == CONSOLE_MODE_READONLY;
	k->pos = console_ring_start(&c->ring);
	k->lost = 0;
	k->frame_left = 0;
	k->progress_ms = monotime_ms();
	k->out_len = (size_t)console_msg_encode(k->out, sizeof k->out, CONSOLE_MSG_OK, "attached", 8);
	k->out_off = 0;
	conn_flush_viewers(c);
}

static int viewer_message(struct conn *k, const struct console_msg *m)
{
	struct winsize ws = { 0 };
	const char *err;
	unsigned rows, cols;

	if (k->readonly && (m->type == CONSOLE_MSG_DATA || m->type == CONSOLE_MSG_WINSZ)) {
		conn_fail(k, "read-only viewer: input refused");
		return -1;
	}
	if (m->type == CONSOLE_MSG_DATA) {
		/* The container is not reading its console: keystrokes beyond the
		   pty's input buffer are dropped rather than held. */
		if (write(k->con->master, m->payload, m->len) < 0 && errno != EAGAIN)
			log_warn("console %u: input: %s", k->con->ctid, strerror(errno));
		return 0;
	}
	if (m->type == CONSOLE_MSG_WINSZ) {
		err = console_winsz_parse(m, &rows, &cols);
		if (err) {
			conn_fail(k, err);
			return -1;
		}
		ws.ws_row = (unsigned short)rows;
		ws.ws_col = (unsigned short)cols;
		ioctl(k->con->master, TIOCSWINSZ, &ws);
		return 0;
	}
	conn_fail(k, "unexpected message from a viewer");
	return -1;
}

static void conn_input(struct conn *k)
{
	struct console_msg m;
	const char *err;
	size_t used, off;
	ssize_t n;

	n = recv(k->fd, k->in + k->in_len, sizeof k->in - k->in_len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(k);
		return;
	}
	k->in_len += (size_t)n;
	for (off = 0; k->fd >= 0; off += used) {
		err = console_msg_decode(k->in + off, k->in_len - off, &m, &used);
		if (err) {
			conn_fail(k, err);
			return;
		}
		if (!used)
			break;
		if (!k->con) {
			if (m.type != CONSOLE_MSG_HELLO) {
				conn_fail(k, "expected a hello message");
				return;
			}
			hello(k, &m);
		} else if (viewer_message(k, &m) < 0) {
			return;
		}
	}
	if (k->fd >= 0) {
		memmove(k->in, k->in + off, k->in_len - off);
		k->in_len -= off;
	}
}

/* Control bytes first (OK, DROPPED, the tail of a header): 1 when all sent. */
static int viewer_send_control(struct conn *k)
{
	ssize_t n;

	while (k->out_off < k->out_len) {
		n = send(k->fd, k->out + k->out_off, k->out_len - k->out_off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		k->out_off += (size_t)n;
		k->progress_ms = monotime_ms();
	}
	k->out_off = k->out_len = 0;
	return 1;
}

/*
 * A viewer overtaken by the ring skips to its start; DROPPED comes between
 * frames, once the control bytes before it are out (a DROPPED still
 * waiting there is never overwritten: its count would be lost).
 */
static void viewer_catch_ring(struct conn *k)
{
	uint64_t start = console_ring_start(&k->con->ring);

	if (k->pos < start) {
		k->lost += start - k->pos;
		k->pos = start;
	}
	if (!k->frame_left && k->lost && !k->out_len) {
		k->out_len = (size_t)console_dropped_encode(k->out, sizeof k->out, k->lost);
		k->out_off = 0;
		k->lost = 0;
	}
}

#define VIEWER_IOV_MAX (2 + 3 * (HOLDER_SEND_MAX / CONSOLE_PAYLOAD_MAX))

struct viewer_batch {
	struct iovec iov[VIEWER_IOV_MAX];
	unsigned char hdr[HOLDER_SEND_MAX / CONSOLE_PAYLOAD_MAX][CONSOLE_HDR_LEN];
	size_t plen[HOLDER_SEND_MAX / CONSOLE_PAYLOAD_MAX];
	int niov, frames;
	size_t first;		/* payload finishing the frame under way */
};

/* DATA frames for the bytes from k->pos, pointing into the ring. */
static void viewer_batch_build(struct conn *k, struct viewer_batch *b)
{
	const struct console_ring *r = &k->con->ring;
	uint64_t p = k->pos, total = console_ring_total(r);
	size_t budget = HOLDER_SEND_MAX, len;

	b->niov = b->frames = 0;
	b->first = k->frame_left;
	if (b->first) {
		b->niov += console_ring_iov(r, p, b->first, b->iov);
		p += b->first;
		budget -= b->first;
	}
	while (p < total && budget >= CONSOLE_PAYLOAD_MAX &&
	       b->frames < (int)(HOLDER_SEND_MAX / CONSOLE_PAYLOAD_MAX)) {
		len = total - p < CONSOLE_PAYLOAD_MAX ? (size_t)(total - p) : CONSOLE_PAYLOAD_MAX;
		console_hdr_encode(b->hdr[b->frames], CONSOLE_MSG_DATA, len);
		b->plen[b->frames] = len;
		b->iov[b->niov].iov_base = b->hdr[b->frames];
		b->iov[b->niov++].iov_len = CONSOLE_HDR_LEN;
		b->niov += console_ring_iov(r, p, len, b->iov + b->niov);
		b->frames++;
		p += len;
		budget -= len;
	}
}

/* Moves k past the n bytes of b that went out; a header cut short goes to k->out. */
static void viewer_batch_sent(struct conn *k, const struct viewer_batch *b, size_t n)
{
	size_t take;
	int f;

	take = n < b->first ? n : b->first;
	k->pos += take;
	k->frame_left -= take;
	n -= take;
	for (f = 0; f < b->frames && n; f++) {
		if (n < CONSOLE_HDR_LEN) {
			memcpy(k->out, b->hdr[f] + n, CONSOLE_HDR_LEN - n);
			k->out_len = CONSOLE_HDR_LEN - n;
			k->out_off = 0;
			k->frame_left = b->plen[f];
			return;
		}
		n -= CONSOLE_HDR_LEN;
		take = n < b->plen[f] ? n : b->plen[f];
		k->pos += take;
		k->frame_left = b->plen[f] - take;
		n -= take;
	}
}

/*
 * Sends what the viewer has not seen, as DATA frames gathered straight
 * from the ring (no copy), up to HOLDER_SEND_MAX per sendmsg.
 */
static void viewer_flush(struct conn *k)
{
	struct viewer_batch b;
	struct msghdr msg = { .msg_iov = b.iov };
	ssize_t n;
	int r;

	for (;;) {
		viewer_catch_ring(k);
		r = viewer_send_control(k);
		if (r <= 0)
			goto blocked;
		if (k->lost && !k->frame_left)
			continue;
		if (!k->frame_left && k->pos >= console_ring_total(&k->con->ring)) {
			k->progress_ms = monotime_ms();
			conn_events(k, EPOLLIN);
			return;
		}
		viewer_batch_build(k, &b);
		msg.msg_iovlen = (size_t)b.niov;
		n = sendmsg(k->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = errno == EAGAIN ? 0 : -1;
			goto blocked;
		}
		k->progress_ms = monotime_ms();
		viewer_batch_sent(k, &b, (size_t)n);
	}
blocked:
	if (r < 0)
		conn_close(k);
	else
		conn_events(k, EPOLLIN | EPOLLOUT);
}

size_t conn_room(const struct console *c, int64_t now)
{
	size_t size = (size_t)c->ring.hdr->size, room = size, i;
	uint64_t behind;

	for (i = 0; i < HOLDER_CONNS_MAX; i++) {
		if (conns[i].fd < 0 || conns[i].con != c)
			continue;
		behind = console_ring_total(&c->ring) - conns[i].pos;
		if (behind && now - conns[i].progress_ms > HOLDER_STALL_MS)
			continue;
		if (behind >= size)
			return 0;
		if (size - (size_t)behind < room)
			room = size - (size_t)behind;
	}
	return room;
}

void conn_flush_viewers(struct console *c)
{
	size_t i;

	for (i = 0; i < HOLDER_CONNS_MAX; i++)
		if (conns[i].fd >= 0 && conns[i].con == c)
			viewer_flush(&conns[i]);
}

void conn_event(struct conn *k, uint32_t events)
{
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		conn_input(k);
	if (k->fd >= 0 && k->con && (events & EPOLLOUT))
		viewer_flush(k);
}

struct conn *conn_by_index(size_t i)
{
	return i < HOLDER_CONNS_MAX && conns[i].fd >= 0 ? &conns[i] : NULL;
}

void conn_expire(int64_t now)
{
	size_t i;

	for (i = 0; i < HOLDER_CONNS_MAX; i++)
		if (conns[i].fd >= 0 && !conns[i].con && now > conns[i].deadline)
			conn_fail(&conns[i], "no hello within 5 seconds");
}
