/*
 * The net process's one loop: epoll over every descriptor, a sweep of the
 * connections' deadlines once a second, and connections closed during a
 * round of events freed only after it (a later event of the same round
 * may still name them).
 */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/log.h"
#include "base/monotime.h"
#include "netd.h"

#define EVENTS_MAX 64
#define SWEEP_MS 1000

static struct watch w_listen443 = { EV_LISTEN443, NULL }, w_listen80 = { EV_LISTEN80, NULL },
		    w_priv = { EV_PRIV, NULL };

int netloop_add(int fd, uint32_t events, struct watch *w)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(net.epfd, EPOLL_CTL_ADD, fd, &ev);
}

int netloop_mod(int fd, uint32_t events, struct watch *w)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	return epoll_ctl(net.epfd, EPOLL_CTL_MOD, fd, &ev);
}

void netloop_del(int fd)
{
	epoll_ctl(net.epfd, EPOLL_CTL_DEL, fd, NULL);
}

/* The listeners join the loop once priv has sent the configuration. */
int netloop_listen(void)
{
	if (netloop_add(net.listen443, EPOLLIN, &w_listen443) < 0)
		return -1;
	if (net.listen80 >= 0 && netloop_add(net.listen80, EPOLLIN, &w_listen80) < 0)
		return -1;
	return 0;
}

static void loop_event(struct watch *w, uint32_t events)
{
	if (w->c && w->c->dead)
		return;
	switch (w->kind) {
	case EV_LISTEN443:
		conn_accept(net.listen443, 443);
		break;
	case EV_LISTEN80:
		conn_accept(net.listen80, 80);
		break;
	case EV_PRIV:
		priv_ready(events);
		break;
	case EV_CONN:
		conn_io(w->c, events);
		break;
	case EV_HOLDER:
		ws_holder_ready(w->c, events);
		break;
	case EV_PIPE:
		api_upload_run(w->c);
		break;
	}
}

int net_run(void)
{
	struct epoll_event ev[EVENTS_MAX];
	int n, i, timeout;

	if (netloop_add(net.priv, EPOLLIN, &w_priv) < 0) {
		log_error("epoll: %m");
		return 111;
	}
	net.now = net.last_sweep = monotime_ms();
	while (!net.priv_gone) {
		timeout = (int)(net.last_sweep + SWEEP_MS - net.now);
		n = epoll_wait(net.epfd, ev, EVENTS_MAX, timeout < 0 ? 0 : timeout);
		if (n < 0 && errno != EINTR) {
			log_error("epoll_wait: %m");
			return 111;
		}
		net.now = monotime_ms();
		for (i = 0; i < n; i++)
			loop_event(ev[i].data.ptr, ev[i].events);
		if (net.now - net.last_sweep >= SWEEP_MS) {
			net.last_sweep = net.now;
			conn_sweep();
		}
		conn_free_dead();
	}
	return 0;
}
