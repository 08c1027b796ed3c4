/*
 * Console output from the pty into the ring and on to the viewers, at the
 * pace of the viewers that keep up (backpressure) and batched during a
 * flood. Above both the consoles (holder_console.c) and the connections
 * (holder_conn.c).
 */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "holder.h"
#include "base/monotime.h"

static unsigned consoles_paused;

/* Stops or restarts reading c's pty. */
static void console_pause(struct console *c, int paused)
{
	struct epoll_event ev = { .events = paused ? 0 : EPOLLIN, .data.u64 = console_tag(c) };

	if (c->paused == paused || epoll_ctl(holder_epoll, EPOLL_CTL_MOD, c->master, &ev) < 0)
		return;
	c->paused = paused;
	if (paused)
		consoles_paused++;
	else
		consoles_paused--;
}

/* At most this much per event, so one flooding console cannot starve the others. */
#define DRAIN_MAX (256u * 1024)

static unsigned consoles_held;

static void console_flush(struct console *c)
{
	if (c->flush_due) {
		c->flush_due = 0;
		consoles_held--;
	}
	c->unsent_from = console_ring_total(&c->ring);
	conn_flush_viewers(c);
}

/*
 * After a drain: flood output waits for more (HOLDER_FLUSH_DELAY_MS at
 * most); with no viewer there is nothing to wait for, and no timer.
 */
static void console_flush_or_hold(struct console *c, int flood, int64_t now)
{
	if (!flood || !c->viewers ||
	    console_ring_total(&c->ring) - c->unsent_from >= HOLDER_SEND_MAX) {
		console_flush(c);
		return;
	}
	if (!c->flush_due) {
		c->flush_due = now + HOLDER_FLUSH_DELAY_MS;
		consoles_held++;
	}
}

/*
 * Reads the pty straight into the ring, never more than conn_room allows:
 * when a viewer that keeps up is a whole ring behind, the pty is left
 * unread (paused) and the container waits, at most HOLDER_STALL_MS per
 * viewer that stops taking output.
 */
void console_drain(struct console *c)
{
	int64_t now = monotime_ms();
	size_t room, len, done = 0;
	unsigned char *at;
	int flood = 0;
	ssize_t n;

	while (done < DRAIN_MAX) {
		room = conn_room(c, now);
		if (!room) {
			console_flush(c);
			room = conn_room(c, now);
			if (!room) {
				console_pause(c, 1);
				return;
			}
		}
		len = console_ring_space(&c->ring, &at);
		if (len > room)
			len = room;
		n = read(c->master, at, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		console_ring_commit(&c->ring, (size_t)n);
		done += (size_t)n;
		flood |= n >= HOLDER_FLOOD_READ;
		/* A few bytes (an echo, a prompt): out now, not after a read that finds none. */
		if (!flood && (size_t)n < len)
			break;
		if (console_ring_total(&c->ring) - c->unsent_from >= HOLDER_SEND_MAX)
			console_flush(c);
	}
	console_flush_or_hold(c, flood, now);
	console_pause(c, 0);
}

int console_flush_due(int64_t now)
{
	struct console *c;
	int64_t next = -1;
	size_t i;

	for (i = 0; consoles_held && i < HOLDER_CONSOLES_MAX; i++) {
		c = console_by_index(i);
		if (!c->flush_due)
			continue;
		if (c->flush_due <= now)
			console_flush(c);
		else if (next < 0 || c->flush_due - now < next)
			next = c->flush_due - now;
	}
	return consoles_held ? (int)(next < 0 ? 0 : next) : -1;
}

int console_resume(void)
{
	struct console *c;
	int64_t now;
	size_t i;

	if (!consoles_paused)
		return 0;
	now = monotime_ms();
	for (i = 0; i < HOLDER_CONSOLES_MAX; i++) {
		c = console_by_index(i);
		if (c->ctid && c->paused && conn_room(c, now))
			console_drain(c);
	}
	return consoles_paused > 0;
}
