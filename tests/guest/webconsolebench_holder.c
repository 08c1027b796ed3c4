/*
 * The direct viewer: the console holder's socket (lib/console/proto.h),
 * frames decoded in place in a buffer of 16 frames, compacted only when
 * a frame is cut at its end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "console/client.h"
#include "console/proto.h"
#include "webconsolebench.h"

struct holder_viewer {
	int fd;
	size_t off, have;	/* undecoded bytes: buf[off, have) */
	unsigned char buf[16 * CONSOLE_FRAME_MAX];
};

static void report_die(void *ctx, const char *msg)
{
	(void)ctx;
	bench_die("%s", msg);
}

/* More bytes from the holder after what is in buf; waits at most VIEWER_STALL_MS. */
static void holder_fill(struct viewer *v, struct holder_viewer *h)
{
	unsigned waited = 0;
	ssize_t n;

	memmove(h->buf, h->buf + h->off, h->have - h->off);
	h->have -= h->off;
	h->off = 0;
	for (;;) {
		n = read(h->fd, h->buf + h->have, sizeof h->buf - h->have);
		v->reads++;
		if (n > 0)
			break;
		if (n == 0)
			bench_die("the console holder closed the connection");
		if (errno != EAGAIN && errno != EINTR)
			bench_die("read from the console holder: %s", strerror(errno));
		if ((waited += VIEWER_TICK_MS) >= VIEWER_STALL_MS)
			bench_die("no output from the console holder for %d s", VIEWER_STALL_MS / 1000);
	}
	h->have += (size_t)n;
}

/* The next frame from the holder. */
static void holder_next(struct viewer *v, struct holder_viewer *h, struct console_msg *m)
{
	const char *err;
	size_t used;

	for (;;) {
		err = console_msg_decode(h->buf + h->off, h->have - h->off, m, &used);
		if (err)
			bench_die("a bad frame from the console holder: %s", err);
		if (used) {
			h->off += used;
			return;
		}
		holder_fill(v, h);
	}
}

static size_t holder_read(struct viewer *v, const unsigned char **out)
{
	struct holder_viewer *h = v->impl;
	struct console_msg m;
	uint64_t lost;

	holder_next(v, h, &m);
	switch (m.type) {
	case CONSOLE_MSG_DATA:
		*out = m.payload;
		return m.len;
	case CONSOLE_MSG_DROPPED:
		if (console_dropped_parse(&m, &lost))
			bench_die("a bad DROPPED frame from the console holder");
		v->dropped += lost;
		return 0;
	case CONSOLE_MSG_ERROR:
		bench_die("the console holder: %.*s", (int)m.len, (const char *)m.payload);
	default:
		return 0;
	}
}

static void holder_key(struct viewer *v, unsigned char c)
{
	struct holder_viewer *h = v->impl;
	unsigned char frame[CONSOLE_HDR_LEN + 1];
	int n = console_msg_encode(frame, sizeof frame, CONSOLE_MSG_DATA, &c, 1);

	if (n < 0 || write(h->fd, frame, (size_t)n) != n)
		bench_die("a keystroke to the console holder: %s", strerror(errno));
}

void holder_viewer_open(struct viewer *v, unsigned ctid, int ro)
{
	struct report rep = { .fn = report_die };
	struct timeval tick = { 0, VIEWER_TICK_MS * 1000 };
	struct holder_viewer *h = calloc(1, sizeof *h);
	struct console_msg m;

	if (!h)
		bench_die("out of memory");
	memset(v, 0, sizeof *v);
	v->impl = h;
	v->read = holder_read;
	v->key = holder_key;
	h->fd = console_connect(ctid, ro ? CONSOLE_MODE_READONLY : CONSOLE_MODE_ATTACH,
				"webconsolebench", &rep);
	if (setsockopt(h->fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick) < 0)
		bench_die("console %u: SO_RCVTIMEO: %s", ctid, strerror(errno));
	holder_next(v, h, &m);
	if (m.type != CONSOLE_MSG_OK)
		bench_die("console %u: the holder did not attach the viewer: %.*s", ctid,
			  (int)m.len, (const char *)m.payload);
}
