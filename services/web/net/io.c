/*
 * A connection's bytes: input into a buffer that exists only while it
 * holds something or requests follow each other (a keep-alive connection
 * idle for a second costs no buffer: conn_idle_trim), output
 * as a queue of chunks written through TLS one record at a time, small
 * chunks gathered so a response head and body leave in one record; or,
 * with nothing queued, a record written at once (conn_send_now: the
 * console bridge's output, no copy into the queue).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "netd.h"
#include "tls/server.h"

#define OBUF_MIN 4096
#define TLS_RECORD NET_TLS_RECORD
#define WRITEV_MAX 16

int conn_in_alloc(struct conn *c)
{
	if (!c->in && !(c->in = malloc(NET_IN_CAP)))
		return -1;
	return 0;
}

/* Removes in[off..off+n). */
void conn_in_cut(struct conn *c, size_t off, size_t n)
{
	memmove(c->in + off, c->in + off + n, c->in_len - off - n);
	c->in_len -= n;
}

void conn_in_consume(struct conn *c, size_t n)
{
	conn_in_cut(c, 0, n);
	conn_in_free_if_empty(c);
}

void conn_in_free_if_empty(struct conn *c)
{
	if (c->in && c->in_len == 0) {
		free(c->in);
		c->in = NULL;
	}
}

/* Whether TLS holds decrypted bytes epoll cannot see. */
int conn_pending_input(struct conn *c)
{
	return c->tls && tls_conn_pending(c->tls) > 0;
}

long conn_read(struct conn *c, void *buf, size_t n)
{
	long r;

	c->want_write = 0;
	if (c->tls) {
		r = tls_conn_read(c->tls, buf, n);
		if (r == TLS_WANT_WRITE)
			c->want_write = 1;
		return r == TLS_WANT_READ || r == TLS_WANT_WRITE ? NET_AGAIN : r < 0 ? -1 : r;
	}
	do
		r = recv(c->fd, buf, n, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0 && errno == EAGAIN)
		return NET_AGAIN;
	return r;
}

int conn_send(struct conn *c, const void *data, size_t len)
{
	struct obuf *t = c->out ? (struct obuf *)((char *)c->out_tail -
						   offsetof(struct obuf, next)) : NULL;
	size_t room, cap;

	if (c->out_bytes + len > NET_OUT_MAX)
		return (errno = ENOBUFS, -1);
	if (t && (room = t->cap - t->len) > 0) {
		room = room < len ? room : len;
		memcpy(t->data + t->len, data, room);
		t->len += room;
		c->out_bytes += room;
		data = (const char *)data + room;
		len -= room;
	}
	if (!len)
		return 0;
	cap = len < OBUF_MIN ? OBUF_MIN : len;
	t = malloc(sizeof *t + cap);
	if (!t)
		return -1;
	t->next = NULL;
	t->len = len;
	t->off = 0;
	t->cap = cap;
	memcpy(t->data, data, len);
	*c->out_tail = t;
	c->out_tail = &t->next;
	c->out_bytes += len;
	return 0;
}

/*
 * With nothing queued, one TLS record of data is made and written now; the
 * part the socket does not take stays in TLS and goes out first on the
 * next flush (a repeat of a made record reads no data: flush_tls). Else
 * the data is queued behind what is there.
 */
int conn_send_now(struct conn *c, const void *data, size_t len)
{
	long r;

	if (!c->tls || !conn_out_empty(c) || len > TLS_RECORD)
		return conn_send(c, data, len);
	r = tls_conn_write(c->tls, data, len);
	if (r == TLS_WANT_WRITE || r == TLS_WANT_READ) {
		c->tls_retry = len;
		c->tls_retry_direct = 1;
		c->want_write = r == TLS_WANT_WRITE;
		c->out_progress = net.now;	/* output waits from now on */
		return 0;
	}
	if (r < 0)
		return (errno = EPIPE, -1);
	c->out_progress = net.now;
	return (size_t)r < len ? conn_send(c, (const char *)data + r, len - (size_t)r) : 0;
}

/* n bytes of the queue were written. */
static void out_consume(struct conn *c, size_t n)
{
	struct obuf *b;

	c->out_bytes -= n;
	while (n && (b = c->out)) {
		size_t take = b->len - b->off < n ? b->len - b->off : n;

		b->off += take;
		n -= take;
		if (b->off < b->len)
			break;
		c->out = b->next;
		free(b);
	}
	if (!c->out)
		c->out_tail = &c->out;
	c->out_progress = net.now;
}

void conn_out_free(struct conn *c)
{
	struct obuf *b;

	while ((b = c->out)) {
		c->out = b->next;
		free(b);
	}
	c->out_tail = &c->out;
	c->out_bytes = 0;
}

/* Up to one record of the queue, contiguous: in place or gathered in scratch. */
static const unsigned char *out_record(struct conn *c, size_t *n)
{
	struct obuf *b = c->out;
	size_t len = b->len - b->off;

	if (len >= TLS_RECORD || !b->next) {
		*n = len < TLS_RECORD ? len : TLS_RECORD;
		return b->data + b->off;
	}
	*n = 0;
	for (; b && *n < TLS_RECORD; b = b->next) {
		len = b->len - b->off;
		if (len > TLS_RECORD - *n)
			len = TLS_RECORD - *n;
		memcpy(net.scratch + *n, b->data + b->off, len);
		*n += len;
	}
	return net.scratch;
}

static int flush_tls(struct conn *c)
{
	const unsigned char *p;
	size_t n;
	long r;

	while (c->tls_retry || c->out) {
		if (c->tls_retry) {
			n = c->tls_retry;
			p = net.scratch;	/* not read again: the record is made */
		} else {
			p = out_record(c, &n);
		}
		r = tls_conn_write(c->tls, p, n);
		if (r == TLS_WANT_WRITE || r == TLS_WANT_READ) {
			c->tls_retry = n;
			c->want_write = r == TLS_WANT_WRITE;
			return 0;
		}
		if (r < 0)
			return -1;
		c->tls_retry = 0;
		if (c->tls_retry_direct) {	/* a record of conn_send_now, not of the queue */
			c->tls_retry_direct = 0;
			c->out_progress = net.now;
			continue;
		}
		out_consume(c, (size_t)r);
	}
	return 0;
}

static int flush_plain(struct conn *c)
{
	struct iovec iov[WRITEV_MAX];
	struct obuf *b;
	ssize_t r;
	int n;

	while (c->out) {
		for (n = 0, b = c->out; b && n < WRITEV_MAX; b = b->next, n++) {
			iov[n].iov_base = b->data + b->off;
			iov[n].iov_len = b->len - b->off;
		}
		do
			r = writev(c->fd, iov, n);
		while (r < 0 && errno == EINTR);
		if (r < 0 && errno == EAGAIN) {
			c->want_write = 1;
			return 0;
		}
		if (r < 0)
			return -1;
		out_consume(c, (size_t)r);
	}
	return 0;
}

int conn_flush(struct conn *c)
{
	c->want_write = 0;
	if (!c->out && !c->tls_retry)
		return 0;
	return c->tls ? flush_tls(c) : flush_plain(c);
}

int conn_out_empty(const struct conn *c)
{
	return !c->out && !c->tls_retry;
}
