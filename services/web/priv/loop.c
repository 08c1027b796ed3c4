#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/log.h"
#include "loop.h"

#define LOOP_WATCHES_MAX 512
#define LOOP_BATCH 32

struct loop_watch {
	int fd;			/* -1: free */
	loop_fn *fn;
	void *arg;
	unsigned gen;		/* moves on when the slot is reused */
};

static int loop_fd = -1, loop_running;
static struct loop_watch watches[LOOP_WATCHES_MAX];

int loop_init(void)
{
	unsigned i;

	for (i = 0; i < LOOP_WATCHES_MAX; i++)
		watches[i].fd = -1;
	loop_fd = epoll_create1(EPOLL_CLOEXEC);
	return loop_fd < 0 ? -1 : 0;
}

static struct loop_watch *watch_of(int fd)
{
	unsigned i;

	for (i = 0; i < LOOP_WATCHES_MAX; i++)
		if (watches[i].fd == fd)
			return &watches[i];
	return NULL;
}

/* The event's data: the slot in the low 32 bits, its generation above. */
static uint64_t watch_key(const struct loop_watch *w)
{
	return (uint64_t)w->gen << 32 | (uint64_t)(w - watches);
}

int loop_add(int fd, uint32_t events, loop_fn *fn, void *arg)
{
	struct loop_watch *w = watch_of(-1);
	struct epoll_event ev = { .events = events };

	if (!w) {
		errno = ENFILE;
		return -1;
	}
	w->gen++;
	ev.data.u64 = watch_key(w);
	if (epoll_ctl(loop_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	w->fd = fd;
	w->fn = fn;
	w->arg = arg;
	return 0;
}

int loop_mod(int fd, uint32_t events)
{
	struct loop_watch *w = watch_of(fd);
	struct epoll_event ev = { .events = events };

	if (!w) {
		errno = ENOENT;
		return -1;
	}
	ev.data.u64 = watch_key(w);
	return epoll_ctl(loop_fd, EPOLL_CTL_MOD, fd, &ev);
}

void loop_del(int fd)
{
	struct loop_watch *w = watch_of(fd);

	if (!w || fd < 0)
		return;
	epoll_ctl(loop_fd, EPOLL_CTL_DEL, fd, NULL);
	w->fd = -1;
	w->gen++;
}

void loop_stop(void)
{
	loop_running = 0;
}

void loop_run(void (*fn_tick)(void))
{
	struct epoll_event ev[LOOP_BATCH];
	struct loop_watch *w;
	int n, i;

	loop_running = 1;
	while (loop_running) {
		n = epoll_wait(loop_fd, ev, LOOP_BATCH, -1);
		if (n < 0 && errno != EINTR) {
			log_error("epoll_wait: %s", strerror(errno));
			exit(111);
		}
		for (i = 0; i < n; i++) {
			w = &watches[(uint32_t)ev[i].data.u64];
			if (w->fd >= 0 && w->gen == (unsigned)(ev[i].data.u64 >> 32))
				w->fn(w->arg, ev[i].events);
		}
		if (fn_tick)
			fn_tick();
	}
}
