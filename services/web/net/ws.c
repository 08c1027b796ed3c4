/*
 * The console bridge: a WebSocket (RFC 6455, no extensions) on one side,
 * the console holder's socket that priv connected and handed over on the
 * other (lib/console/proto.h), priv out of the data path. Binary frames
 * carry bytes both ways; text frames carry JSON control messages: resize
 * and ack from the browser (ignored, like keys, on a read-only viewer),
 * attached and dropped to it. Console output the browser has not
 * acknowledged is bounded: past NET_CONSOLE_UNACKED_MAX the bridge stops
 * reading the holder, whose own rule then drops the viewer. Keys the
 * holder has not taken are bounded too: the client is then not read. A
 * ping goes out every 20 s; a client silent for 60 s is gone.
 *
 * Output takes as few copies and system calls as it can (each costs, and
 * a keystroke's echo waits for them): the holder is read up to 64 KiB at
 * a time into net.scratch, the DATA payloads of consecutive frames moved
 * together in place into binary messages of up to one TLS record, each
 * written at once (conn_send_now) unless output is already queued.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <mbedtls/base64.h>
#include <mbedtls/sha1.h>

#include "base/log.h"
#include "console/proto.h"
#include "../http/ws_control.h"
#include "netd.h"

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define WS_HOLDER_READ_MAX (64u << 10)	/* holder bytes taken per wakeup */
#define WS_CLIENT_OUT_MAX (256u << 10)	/* queued for the client before the holder waits */
#define WS_OUT_DATA_MAX (NET_TLS_RECORD - 4)	/* console bytes in one binary message */

struct console {
	int fd;
	int ro;
	uint32_t events;		/* epoll interest on fd */
	uint64_t unacked;		/* output bytes sent the browser has not acknowledged */
	size_t hin_len, hout_len, text_len;
	int text_over;			/* the text message under way is too long */
	unsigned char hin[CONSOLE_FRAME_MAX];	/* a holder frame cut at the end of a read */
	unsigned char hout[NET_HOLDER_OUT_MAX];
	char text[WS_CONTROL_TEXT_MAX];
};

int ws_accept_key(const struct http_str *key, char out[29])
{
	unsigned char buf[64 + sizeof WS_GUID], sha[20];
	size_t n;

	if (key->n != 24)
		return -1;
	memcpy(buf, key->p, key->n);
	memcpy(buf + key->n, WS_GUID, sizeof WS_GUID - 1);
	if (mbedtls_sha1_ret(buf, key->n + sizeof WS_GUID - 1, sha) ||
	    mbedtls_base64_encode((unsigned char *)out, 29, &n, sha, sizeof sha) || n != 28)
		return -1;
	return 0;
}

/* One frame to the client: 0, or -1 with the connection closed. */
static int ws_send(struct conn *c, unsigned opcode, const void *data, size_t len)
{
	unsigned char head[WS_HEAD_MAX];
	size_t hn = ws_frame_head(head, opcode, 1, len);

	if (conn_send(c, head, hn) < 0 || conn_send(c, data, len) < 0) {
		conn_close(c, "the WebSocket client fell behind");
		return -1;
	}
	return 0;
}

/* Console output as one binary message; its payload at p has room for the
   frame header before it. 0, or -1 with the connection closed. */
static int ws_send_output(struct conn *c, unsigned char *p, size_t len)
{
	unsigned char head[WS_HEAD_MAX];
	size_t hn = ws_frame_head(head, WS_BINARY, 1, len);

	c->console->unacked += len;
	memcpy(p - hn, head, hn);
	if (conn_send_now(c, p - hn, hn + len) < 0) {
		conn_close(c, errno == EPIPE ? NULL : "the WebSocket client fell behind");
		return -1;
	}
	return 0;
}

/* Holder bytes that may be read now, 0 if none: with the frame cut at the
   end of the last read, within the unacknowledged and queued bounds
   (headers count, so the payload stays within them). */
static size_t ws_holder_room(const struct conn *c)
{
	const struct console *k = c->console;
	size_t room = sizeof net.scratch, unacked = NET_CONSOLE_UNACKED_MAX, queued = WS_CLIENT_OUT_MAX;

	if (k->unacked >= unacked || c->out_bytes >= queued)
		return 0;
	unacked -= (size_t)k->unacked;
	queued -= c->out_bytes;
	room = room < unacked ? room : unacked;
	room = room < queued ? room : queued;
	return room > k->hin_len ? room - k->hin_len : 0;
}

static void ws_holder_events(struct conn *c)
{
	struct console *k = c->console;
	uint32_t ev = 0;

	if (!k)
		return;
	if (ws_holder_room(c))
		ev |= EPOLLIN;
	if (k->hout_len)
		ev |= EPOLLOUT;
	if (ev != k->events && netloop_mod(k->fd, ev, &c->w_aux) == 0)
		k->events = ev;
}

static void ws_holder_drop(struct conn *c)
{
	struct console *k = c->console;

	if (!k)
		return;
	netloop_del(k->fd);
	close(k->fd);
	free(k);
	c->console = NULL;
}

void ws_free(struct conn *c)
{
	ws_holder_drop(c);
}

/* Sends a close frame and ends the bridge; the connection closes once sent. */
static void ws_close(struct conn *c, unsigned code, const char *why)
{
	unsigned char p[WS_CONTROL_MAX];
	size_t n = 0;

	if (code != WS_CLOSE_NO_STATUS) {
		p[0] = (unsigned char)(code >> 8);
		p[1] = (unsigned char)code;
		n = strlen(why) < WS_CONTROL_MAX - 2 ? strlen(why) : WS_CONTROL_MAX - 2;
		memcpy(p + 2, why, n);
		n += 2;
	}
	ws_holder_drop(c);
	if (ws_send(c, WS_CLOSE, p, n) == 0)
		conn_set_state(c, CS_CLOSING);
}

static void ws_holder_put(struct conn *c, unsigned type, const void *p, size_t len)
{
	struct console *k = c->console;
	int n;

	n = console_msg_encode(k->hout + k->hout_len, sizeof k->hout - k->hout_len, type, p, len);
	if (n > 0)
		k->hout_len += (size_t)n;
}

static void ws_holder_flush(struct conn *c)
{
	struct console *k = c->console;
	ssize_t n;

	if (!k || !k->hout_len)
		return;
	n = write(k->fd, k->hout, k->hout_len);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n <= 0) {
		ws_close(c, WS_CLOSE_GOING_AWAY, "the console went away");
		return;
	}
	memmove(k->hout, k->hout + n, k->hout_len - (size_t)n);
	k->hout_len -= (size_t)n;
}

static void ws_control(struct conn *c)
{
	struct console *k = c->console;
	struct ws_control m;
	const char *why;
	int n;

	if (ws_control_parse(k->text, k->text_len, &m, &why) < 0) {
		ws_close(c, WS_CLOSE_POLICY, why);
		return;
	}
	if (m.type == WS_CONTROL_ACK) {
		k->unacked -= m.bytes < k->unacked ? m.bytes : k->unacked;
		return;
	}
	if (k->ro)
		return;
	n = console_winsz_encode(k->hout + k->hout_len, sizeof k->hout - k->hout_len, m.rows,
				 m.cols);
	if (n > 0)
		k->hout_len += (size_t)n;
}

static void ws_data(struct conn *c, const struct ws_event *ev)
{
	struct console *k = c->console;
	size_t off, n;

	if (ev->opcode == WS_BINARY) {
		for (off = 0; !k->ro && off < ev->len; off += n) {
			n = ev->len - off < CONSOLE_PAYLOAD_MAX ? ev->len - off : CONSOLE_PAYLOAD_MAX;
			ws_holder_put(c, CONSOLE_MSG_DATA, ev->data + off, n);
		}
		return;
	}
	if (k->text_len + ev->len > sizeof k->text)
		k->text_over = 1;
	else
		memcpy(k->text + k->text_len, ev->data, ev->len);
	k->text_len += ev->len;
	if (!ev->final)
		return;
	if (k->text_over)
		ws_close(c, WS_CLOSE_TOO_BIG, "a control message is at most 256 bytes");
	else
		ws_control(c);
	k->text_len = 0;
	k->text_over = 0;
}

/* One event of the client's frames: 0, or -1 when the bridge ended. */
static int ws_event(struct conn *c, const struct ws_event *ev)
{
	unsigned code;

	switch (ev->type) {
	case WS_EV_MORE:
	case WS_EV_PONG:
		break;
	case WS_EV_DATA:
		ws_data(c, ev);
		break;
	case WS_EV_PING:
		ws_send(c, WS_PONG, ev->data, ev->len);
		break;
	case WS_EV_CLOSE:
		code = ev->code == WS_CLOSE_NO_STATUS ? WS_CLOSE_NORMAL : ev->code;
		ws_close(c, code, "");
		break;
	case WS_EV_ERROR:
		log_info("connection %u from %s: WebSocket closed: %s", c->id, c->peer, ev->why);
		ws_close(c, ev->code, ev->why);
		break;
	}
	return c->dead || c->state != CS_WS ? -1 : 0;
}

/* Client bytes that may be fed now: all, or what the holder's queue has room for. */
static size_t ws_take(const struct conn *c)
{
	const struct console *k = c->console;
	size_t room = sizeof k->hout - k->hout_len;

	if (k->ro)
		return c->in_len;
	room = room > 64 ? (room - 64) / (CONSOLE_PAYLOAD_MAX + CONSOLE_HDR_LEN) *
				   CONSOLE_PAYLOAD_MAX : 0;
	return c->in_len < room ? c->in_len : room;
}

int ws_wants_input(const struct conn *c)
{
	return c->console && !c->in_len;
}

void ws_run(struct conn *c)
{
	struct ws_event ev;
	size_t take, used;

	while (c->state == CS_WS && c->console) {
		if (!c->in_len) {
			if (http_fill(c) <= 0)
				break;
			c->last_rx = net.now;
		}
		if (!(take = ws_take(c)))
			break;
		used = ws_rx_feed(c->rx, c->in, take, &ev);
		if (ws_event(c, &ev) < 0)
			return;
		conn_in_cut(c, 0, used);	/* kept for the next message; ws_sweep frees it */
	}
	if (c->dead || c->state != CS_WS)
		return;
	ws_holder_flush(c);
	ws_holder_events(c);
}

/* A holder message for the browser: 0, or -1 when the bridge ended. */
static int ws_holder_msg(struct conn *c, const struct console_msg *m)
{
	char text[64];
	uint64_t bytes;
	int n;

	switch (m->type) {
	case CONSOLE_MSG_DROPPED:
		if (console_dropped_parse(m, &bytes))
			return 0;
		n = snprintf(text, sizeof text, "{\"type\":\"dropped\",\"bytes\":%" PRIu64 "}", bytes);
		return ws_send(c, WS_TEXT, text, (size_t)n);
	case CONSOLE_MSG_ERROR:
		n = m->len < 100 ? (int)m->len : 100;
		snprintf(text, sizeof text, "%.*s", n, (const char *)m->payload);
		ws_close(c, WS_CLOSE_GOING_AWAY, text);
		return -1;
	default:
		return 0;
	}
}

/*
 * The holder frames in buf[0, len): consecutive DATA payloads moved
 * together into binary messages, each sent with its header where the
 * holder's header of its first frame was; other frames in their turn. A
 * frame cut at the end waits in hin. 0, or -1 when the bridge ended.
 */
static int ws_holder_frames(struct conn *c, unsigned char *buf, size_t len)
{
	struct console_msg m;
	size_t off = 0, used, msg = 0, mlen = 0;
	const char *why;

	for (;; off += used) {
		why = console_msg_decode(buf + off, len - off, &m, &used);
		if (why) {
			ws_close(c, WS_CLOSE_GOING_AWAY, why);
			return -1;
		}
		if (!used)
			break;
		if (m.type == CONSOLE_MSG_DATA && mlen && mlen + m.len <= WS_OUT_DATA_MAX) {
			memmove(buf + msg + mlen, m.payload, m.len);
			mlen += m.len;
			continue;
		}
		if (mlen && ws_send_output(c, buf + msg, mlen) < 0)
			return -1;
		mlen = 0;
		if (m.type == CONSOLE_MSG_DATA) {
			msg = (size_t)(m.payload - buf);
			mlen = m.len;
		} else if (ws_holder_msg(c, &m) < 0) {
			return -1;
		}
	}
	if (mlen && ws_send_output(c, buf + msg, mlen) < 0)
		return -1;
	memcpy(c->console->hin, buf + off, len - off);
	c->console->hin_len = len - off;
	return 0;
}

static void ws_holder_read(struct conn *c)
{
	struct console *k;
	size_t total = 0, room;
	ssize_t n;

	while ((k = c->console) && total < WS_HOLDER_READ_MAX && (room = ws_holder_room(c))) {
		memcpy(net.scratch, k->hin, k->hin_len);
		n = read(k->fd, net.scratch + k->hin_len, room);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			ws_close(c, WS_CLOSE_GOING_AWAY, "the console closed");
			return;
		}
		total += (size_t)n;
		if (ws_holder_frames(c, net.scratch, k->hin_len + (size_t)n) < 0 || (size_t)n < room)
			return;	/* ended, or the holder had no more: no read to find EAGAIN */
	}
}

/*
 * The client is read again only when keys were waiting for room towards
 * the holder (or the bridge ended): after output alone, the output goes
 * out and the client's socket is left to epoll. A holder gone while its
 * output waits for acknowledgements ends the bridge (epoll would report
 * the hangup again and again).
 */
void ws_holder_ready(struct conn *c, uint32_t events)
{
	if (events & EPOLLOUT)
		ws_holder_flush(c);
	if (c->console && (events & (EPOLLHUP | EPOLLERR)) && !ws_holder_room(c))
		ws_close(c, WS_CLOSE_GOING_AWAY, "the console closed");
	else if (c->console && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		ws_holder_read(c);
	if (c->dead)
		return;
	if ((events & EPOLLOUT) || c->in_len || c->state != CS_WS)
		conn_run(c);
	else if (conn_flush(c) < 0)
		conn_close(c, NULL);
	else
		conn_update_events(c);
	if (!c->dead && c->state == CS_WS)
		ws_holder_events(c);
}

void ws_start(struct conn *c, int holder_fd, int readonly)
{
	const struct http_req *r = c->req;
	char accept[29], line[64], attached[40];
	const char *hdr[3] = { "Upgrade: websocket", "Connection: Upgrade", line };
	struct console *k;
	int fl = fcntl(holder_fd, F_GETFL);

	if (!http_str_is(r->ws_version, "13") || ws_accept_key(&r->ws_key, accept) < 0) {
		close(holder_fd);
		http_fail(c, 400, "a WebSocket upgrade needs Sec-WebSocket-Version 13 and a key");
		return;
	}
	k = calloc(1, sizeof *k);
	c->rx = c->rx ? c->rx : malloc(sizeof *c->rx);
	if (!k || !c->rx || fl < 0 || fcntl(holder_fd, F_SETFL, fl | O_NONBLOCK) < 0) {
		free(k);
		close(holder_fd);
		http_fail(c, 503, "out of memory");
		return;
	}
	k->fd = holder_fd;
	k->ro = readonly;
	k->events = EPOLLIN;
	c->w_aux = (struct watch){ EV_HOLDER, c };
	if (netloop_add(holder_fd, k->events, &c->w_aux) < 0) {
		free(k);
		close(holder_fd);
		http_fail(c, 503, "the console cannot be watched");
		return;
	}
	c->console = k;
	ws_rx_init(c->rx);
	snprintf(line, sizeof line, "Sec-WebSocket-Accept: %s", accept);
	resp_head(c, 101, hdr, 3, RESP_UNFRAMED, 0);
	conn_in_cut(c, 0, c->head_len);
	c->head_len = 0;
	c->last_rx = c->last_ping = net.now;
	conn_set_state(c, CS_WS);
	snprintf(attached, sizeof attached, "{\"type\":\"attached\",\"mode\":\"%s\"}",
		 readonly ? "ro" : "rw");
	if (ws_send(c, WS_TEXT, attached, strlen(attached)) == 0)
		conn_run(c);
}

void ws_sweep(struct conn *c)
{
	if (net.now - c->last_rx > NET_WS_DEAD_MS) {
		conn_close(c, "its WebSocket was silent for 60 s");
		return;
	}
	if (net.now - c->last_rx >= NET_TRIM_MS)
		conn_in_free_if_empty(c);	/* a quiet viewer holds no input buffer */
	if (net.now - c->last_ping >= NET_WS_PING_MS) {
		c->last_ping = net.now;
		ws_send(c, WS_PING, "", 0);
	}
}
