/*
 * Client connections: admitted at accept (WEB_ALLOW_FROM, 16 per source,
 * 256 in all, 64 TLS handshakes in flight), driven by their state, timed
 * out by a sweep once a second, closed at once and freed after the round
 * of events that closed them.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>

#include "base/log.h"
#include "netd.h"
#include "tls/server.h"

#define ACCEPT_BATCH 32

static int source_allowed(const struct sockaddr *sa)
{
	unsigned i;

	if (!net.nallow)
		return 1;
	for (i = 0; i < net.nallow; i++)
		if (peer_net_match(&net.allow[i], sa))
			return 1;
	return 0;
}

static unsigned source_count(const unsigned char key[16])
{
	unsigned i, n = 0;

	for (i = 0; i < NET_CONNS_MAX; i++)
		if (net.conn[i] && !memcmp(net.conn[i]->source, key, 16))
			n++;
	return n;
}

/* The connection in state s that has been there longest, for eviction. */
static struct conn *conn_oldest(enum conn_state s, int idle_only)
{
	struct conn *best = NULL, *c;
	unsigned i;

	for (i = 0; i < NET_CONNS_MAX; i++) {
		c = net.conn[i];
		if (!c || c->state != s || (idle_only && (c->in_len || !conn_out_empty(c))))
			continue;
		if (!best || c->since < best->since)
			best = c;
	}
	return best;
}

/* Room for one more connection (and handshake): 0, or -1 to refuse it. */
static int conn_make_room(int tls_port)
{
	struct conn *old;

	if (net.nconns >= NET_CONNS_MAX) {
		old = conn_oldest(CS_HEAD, 1);
		if (!old)
			return -1;
		conn_close(old, NULL);
	}
	if (tls_port == 443 && net.handshakes >= NET_HANDSHAKES_MAX) {
		old = conn_oldest(CS_HANDSHAKE, 0);
		if (!old)
			return -1;
		conn_close(old, NULL);
	}
	return 0;
}

static struct conn *conn_new(int fd, const struct sockaddr *sa, int tls_port)
{
	struct conn *c;
	unsigned slot;
	int one = 1;

	for (slot = 0; slot < NET_CONNS_MAX && net.conn[slot]; slot++)
		;
	if (slot == NET_CONNS_MAX || !(c = calloc(1, sizeof *c)))
		return NULL;
	c->fd = fd;
	c->file_fd = c->pipe_fd = -1;
	c->tls_port = tls_port;
	c->out_tail = &c->out;
	c->since = c->out_progress = net.now;
	c->w_sock = (struct watch){ EV_CONN, c };
	c->w_aux = (struct watch){ EV_HOLDER, c };
	peer_key(sa, c->source);
	peer_format(sa, c->peer);
	if (tls_port == 443 && !(c->tls = tls_conn_new(net.tls, fd))) {
		free(c);
		return NULL;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->events = EPOLLIN;
	if (netloop_add(fd, c->events, &c->w_sock) < 0) {
		tls_conn_free(c->tls);
		free(c);
		return NULL;
	}
	do
		c->id = net.next_id++;
	while (c->id == 0);
	c->state = tls_port == 443 ? CS_HANDSHAKE : CS_HEAD;
	net.handshakes += c->state == CS_HANDSHAKE;
	net.conn[slot] = c;
	net.nconns++;
	return c;
}

void conn_accept(int lfd, int tls_port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned char key[16];
	struct conn *c;
	int i, fd;

	for (i = 0; i < ACCEPT_BATCH; i++) {
		len = sizeof ss;
		fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != ECONNABORTED && errno != EINTR)
				log_warn("accept: %m");
			if (errno != ECONNABORTED && errno != EINTR)
				return;
			continue;
		}
		peer_key((struct sockaddr *)&ss, key);
		if (!source_allowed((struct sockaddr *)&ss) ||
		    source_count(key) >= NET_CONNS_PER_SOURCE || conn_make_room(tls_port) < 0 ||
		    !(c = conn_new(fd, (struct sockaddr *)&ss, tls_port))) {
			close(fd);
			continue;
		}
		conn_run(c);
	}
}

struct conn *conn_find(uint32_t id)
{
	unsigned i;

	for (i = 0; i < NET_CONNS_MAX; i++)
		if (net.conn[i] && net.conn[i]->id == id)
			return net.conn[i];
	return NULL;
}

void conn_set_state(struct conn *c, enum conn_state s)
{
	if (c->state == CS_HANDSHAKE && s != CS_HANDSHAKE)
		net.handshakes--;
	c->state = s;
	c->since = net.now;
}

static void aux_close(struct conn *c)
{
	if (c->pipe_fd >= 0) {
		netloop_del(c->pipe_fd);
		close(c->pipe_fd);
		c->pipe_fd = -1;
	}
	if (c->file_fd >= 0) {
		close(c->file_fd);
		c->file_fd = -1;
	}
}

void conn_close(struct conn *c, const char *why)
{
	unsigned i;

	if (c->dead)
		return;
	if (why)
		log_info("connection %u from %s closed: %s", c->id, c->peer, why);
	if (c->priv_knows)
		priv_closed_conn(c);
	if (c->state == CS_HANDSHAKE)
		net.handshakes--;
	c->dead = 1;
	ws_free(c);
	aux_close(c);
	netloop_del(c->fd);
	close(c->fd);
	for (i = 0; i < NET_CONNS_MAX; i++)
		if (net.conn[i] == c)
			net.conn[i] = NULL;
	net.nconns--;
	c->next_dead = net.dead;
	net.dead = c;
}

void conn_free_dead(void)
{
	struct conn *c;

	while ((c = net.dead)) {
		net.dead = c->next_dead;
		tls_conn_free(c->tls);
		conn_out_free(c);
		free(c->in);
		free(c->req);
		free(c->body);
		free(c->rx);
		free(c);
	}
}

/* The TLS handshake: on to the first request when it is done. */
static void conn_handshake(struct conn *c)
{
	char why[128];
	int r = tls_conn_handshake(c->tls);

	c->want_write = r == TLS_WANT_WRITE;
	c->want_sign = r == TLS_WANT_SIGN;
	if (r == 0) {
		conn_set_state(c, CS_HEAD);
		http_run(c);
	} else if (r == TLS_ERROR) {
		tls_conn_error(c->tls, why, sizeof why);
		conn_close(c, NULL);
	}
}

void conn_update_events(struct conn *c)
{
	uint32_t ev = 0;

	if (c->dead)
		return;
	if (c->want_write || !conn_out_empty(c))
		ev |= EPOLLOUT;
	switch (c->state) {
	case CS_HANDSHAKE:
		if (!c->want_write && !c->want_sign)
			ev |= EPOLLIN;
		break;
	case CS_HEAD:
	case CS_BODY:
		if (c->out_bytes < NET_PIPELINE_OUT_MAX)
			ev |= EPOLLIN;
		break;
	case CS_RESPONSE:
		if (c->file_fd >= 0)
			ev |= EPOLLOUT;	/* room in the socket: more of the file */
		break;
	case CS_UPLOAD:
		if (!c->pipe_full)
			ev |= EPOLLIN;
		break;
	case CS_WS:
		if (ws_wants_input(c))
			ev |= EPOLLIN;
		break;
	case CS_SSE:
		ev |= EPOLLIN;
		break;
	default:
		break;
	}
	if (ev != c->events && netloop_mod(c->fd, ev, &c->w_sock) == 0)
		c->events = ev;
}

/* What the connection's state does with its socket now. */
static void conn_step(struct conn *c)
{
	switch (c->state) {
	case CS_HANDSHAKE:
		conn_handshake(c);
		break;
	case CS_HEAD:
	case CS_BODY:
		http_run(c);
		break;
	case CS_RESPONSE:
		static_more(c);
		break;
	case CS_UPLOAD:
		api_upload_run(c);
		break;
	case CS_WS:
		ws_run(c);
		break;
	case CS_SSE:
		sse_run(c);
		break;
	case CS_PRIV:
	case CS_CLOSING:
		break;
	}
}

void conn_run(struct conn *c)
{
	enum conn_state was;
	unsigned round;

	if (c->dead)
		return;
	if (conn_flush(c) < 0) {
		conn_close(c, NULL);
		return;
	}
	for (round = 0; round < 4 && !c->dead; round++) {
		was = c->state;
		conn_step(c);
		if (c->state == was || c->state == CS_CLOSING)
			break;
	}
	if (c->dead)
		return;
	if (conn_flush(c) < 0) {
		conn_close(c, NULL);
		return;
	}
	if (c->state == CS_CLOSING && conn_out_empty(c)) {
		if (c->tls)
			tls_conn_close_notify(c->tls);
		conn_close(c, NULL);
		return;
	}
	conn_update_events(c);
}

void conn_io(struct conn *c, uint32_t events)
{
	if ((events & EPOLLERR) || ((events & EPOLLHUP) && !(events & EPOLLIN))) {
		conn_close(c, NULL);
		return;
	}
	conn_run(c);
}

/*
 * A keep-alive connection between requests keeps its input buffer and
 * parsed request while requests follow each other (no allocation per
 * request); once it has been quiet for a sweep they go (16 KiB and 3 KiB
 * an idle connection need not hold).
 */
static void conn_idle_trim(struct conn *c)
{
	if (c->in_len || c->head_start || net.now - c->since < NET_TRIM_MS)
		return;
	conn_in_free_if_empty(c);
	free(c->req);
	c->req = NULL;
}

/* One connection's deadlines. */
static void conn_deadlines(struct conn *c)
{
	int64_t age = net.now - c->since;

	if (!conn_out_empty(c) && net.now - c->out_progress > NET_STALL_MS) {
		conn_close(c, "the client stopped reading");
		return;
	}
	switch (c->state) {
	case CS_HANDSHAKE:
		if (age > NET_HANDSHAKE_MS)
			conn_close(c, NULL);
		break;
	case CS_HEAD:
		conn_idle_trim(c);
		if (c->head_start && net.now - c->head_start > NET_HEAD_MS)
			http_timeout(c, "request head not received within 10 s");
		else if (!c->head_start && !c->in_len && age > NET_IDLE_MS && conn_out_empty(c))
			conn_close(c, NULL);
		break;
	case CS_BODY:
		if (age > NET_BODY_MS)
			http_timeout(c, "request body not received within 10 s");
		break;
	case CS_PRIV:
		if (age > NET_PRIV_MS)
			api_timeout(c);
		break;
	case CS_UPLOAD:
		api_upload_sweep(c);
		break;
	case CS_WS:
		ws_sweep(c);
		break;
	case CS_SSE:
		sse_sweep(c);
		break;
	default:
		break;
	}
}

void conn_sweep(void)
{
	struct conn *c;
	unsigned i;

	for (i = 0; i < NET_CONNS_MAX; i++) {
		if (!(c = net.conn[i]))
			continue;
		conn_deadlines(c);
		/* what the sweep queued (an error, a ping) goes out; a
		   connection it ended closes once that is sent */
		if (!c->dead && (c->state == CS_CLOSING || !conn_out_empty(c)))
			conn_run(c);
	}
}
