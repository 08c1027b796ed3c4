/*
 * The WebSocket viewer: vzwebd's console (docs/api.md, GET
 * /api/v1/containers/{ct}/console) over TLS 1.2 on 127.0.0.1:443 with a
 * Bearer token, doing what the page does (services/web/ui/js/console/
 * link.js): binary frames are console bytes, text frames JSON control
 * messages; output is acknowledged per 16 KiB consumed, or after 100 ms
 * without more; pings are answered. The client offers one cipher suite
 * (ECDHE-ECDSA-AES128-GCM-SHA256) and one curve (P-256), as
 * tests/guest/webbench.c does.
 *
 * Every input is bounded: the response head at 4 KiB, server frames
 * unmasked and unfragmented, binary frames at 64 KiB (vzwebd sends one
 * per TLS record, at most 16380 bytes), text frames at 256 bytes, control
 * frames at 125.
 * Binary payloads are handed over in place as they arrive, in pieces. The
 * socket is read ahead, up to 32 KiB at a time, as a browser's TLS does
 * (mbedtls on its own asks for a record's header and then its body).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <mbedtls/base64.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>

#include "benchtls.h"
#include "webconsolebench.h"

#define WS_PORT 443
#define HEAD_MAX 4096
#define TOKEN_MAX 128
#define BINARY_MAX 65536
#define TEXT_MAX 256
#define CONTROL_MAX 125		/* RFC 6455 5.5 */
#define ACK_EVERY 16384		/* as the page: link.js ACK_EVERY */
#define ACK_IDLE_MS 100		/* and ACK_IDLE_MS */

enum { OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE = 8, OP_PING, OP_PONG };

struct ws_viewer {
	int fd;
	mbedtls_ssl_context ssl;
	unsigned char ahead[32768];	/* read ahead of TLS: ahead[ahead_off, ahead_len) */
	size_t ahead_off, ahead_len;
	int attached;
	uint64_t unacked;		/* output consumed and not acknowledged yet */
	int acks_off;			/* a page that stopped acknowledging */
	unsigned idle_ms;		/* since output last came (ACK_IDLE_MS) */
	/* the frame under way */
	unsigned char head[14];
	size_t head_len;		/* its header bytes so far */
	int in_payload;			/* the header is in, payload bytes follow */
	unsigned opcode;
	uint64_t left;			/* its payload bytes still to come */
	unsigned char text[TEXT_MAX];	/* a text or control frame's payload */
	size_t text_len;
	size_t off, have;		/* unparsed bytes: buf[off, have) */
	unsigned char buf[16384];
};

static int sock_send(void *ctx, const unsigned char *p, size_t n)
{
	ssize_t r = send(((struct ws_viewer *)ctx)->fd, p, n, MSG_NOSIGNAL);

	if (r < 0 && errno == EINTR)
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	return r < 0 ? MBEDTLS_ERR_NET_SEND_FAILED : (int)r;
}

/* What was read ahead, else a receive, which waits at most
   VIEWER_TICK_MS (SO_RCVTIMEO): then WANT_READ. */
static int sock_recv(void *ctx, unsigned char *p, size_t n)
{
	struct ws_viewer *w = ctx;
	ssize_t r;

	if (w->ahead_off == w->ahead_len) {
		r = recv(w->fd, w->ahead, sizeof w->ahead, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return MBEDTLS_ERR_SSL_WANT_READ;
		if (r <= 0)
			return r < 0 ? MBEDTLS_ERR_NET_RECV_FAILED : 0;
		w->ahead_off = 0;
		w->ahead_len = (size_t)r;
	}
	if (n > w->ahead_len - w->ahead_off)
		n = w->ahead_len - w->ahead_off;
	memcpy(p, w->ahead + w->ahead_off, n);
	w->ahead_off += n;
	return (int)n;
}

static int tcp_connect(unsigned source)
{
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	struct timeval tick = { 0, VIEWER_TICK_MS * 1000 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		bench_die("socket: %s", strerror(errno));
	src.sin_addr.s_addr = htonl(0x7f030001u + ((source / 250) << 8) + source % 250);
	if (source && bind(fd, (struct sockaddr *)&src, sizeof src) < 0)
		bench_die("bind 127.3.%u.%u: %s", source / 250, source % 250 + 1, strerror(errno));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons(WS_PORT);
	if (connect(fd, (struct sockaddr *)&dst, sizeof dst) < 0)
		bench_die("connect 127.0.0.1:%d: %s", WS_PORT, strerror(errno));
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick) < 0)
		bench_die("setsockopt: %s", strerror(errno));
	return fd;
}

static void tls_write_all(struct ws_viewer *w, const unsigned char *p, size_t len)
{
	int r;

	while (len) {
		r = mbedtls_ssl_write(&w->ssl, p, len);
		if (r == MBEDTLS_ERR_SSL_WANT_WRITE || r == MBEDTLS_ERR_SSL_WANT_READ)
			continue;
		if (r <= 0)
			bench_die("TLS write: -0x%x", (unsigned)-r);
		p += r;
		len -= (size_t)r;
	}
}

/* One masked frame (a client's frames are, RFC 6455 5.3) of at most TEXT_MAX bytes. */
static void frame_send(struct ws_viewer *w, unsigned opcode, const void *data, size_t len)
{
	unsigned char f[8 + TEXT_MAX], *mask;
	const unsigned char *d = data;
	size_t n = 2, i;

	if (len > TEXT_MAX)
		bench_die("a frame of %zu bytes to send", len);
	f[0] = (unsigned char)(0x80 | opcode);
	if (len < 126) {
		f[1] = (unsigned char)(0x80 | len);
	} else {
		f[1] = 0x80 | 126;
		f[2] = (unsigned char)(len >> 8);
		f[3] = (unsigned char)len;
		n = 4;
	}
	mask = f + n;
	if (benchtls_random(mask, 4))
		bench_die("no random mask");
	n += 4;
	for (i = 0; i < len; i++)
		f[n + i] = d[i] ^ mask[i % 4];
	tls_write_all(w, f, n + len);
}

static void ack_send(struct ws_viewer *w)
{
	char text[64];
	int n = snprintf(text, sizeof text, "{\"type\":\"ack\",\"bytes\":%" PRIu64 "}", w->unacked);

	frame_send(w, OP_TEXT, text, (size_t)n);
	w->unacked = 0;
}

/* More bytes into buf (it is empty): 0, or -1 after VIEWER_TICK_MS without any. */
static int ws_fill(struct viewer *v, struct ws_viewer *w)
{
	int r = mbedtls_ssl_read(&w->ssl, w->buf, sizeof w->buf);

	v->reads++;
	if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) {
		w->idle_ms += VIEWER_TICK_MS;
		if (w->unacked && w->idle_ms >= ACK_IDLE_MS && !w->acks_off)
			ack_send(w);
		return -1;
	}
	if (r == 0 || r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
		bench_die("vzwebd closed the console WebSocket");
	if (r < 0)
		bench_die("TLS read: -0x%x", (unsigned)-r);
	w->idle_ms = 0;
	w->off = 0;
	w->have = (size_t)r;
	return 0;
}

/* A frame's header is complete: checks it, sets opcode and left. */
static void head_parse(struct ws_viewer *w)
{
	const unsigned char *h = w->head;
	uint64_t len = h[1] & 0x7f;
	size_t i;

	if (h[0] & 0x70)
		bench_die("a server frame with reserved bits 0x%02x", h[0]);
	if (!(h[0] & 0x80))
		bench_die("a fragmented server frame (vzwebd sends whole messages)");
	if (len == 126)
		len = (uint64_t)h[2] << 8 | h[3];
	else if (len == 127)
		for (len = 0, i = 2; i < 10; i++)
			len = len << 8 | h[i];
	w->opcode = h[0] & 0x0f;
	if (w->opcode == OP_BINARY ? len > BINARY_MAX : w->opcode == OP_TEXT ? len > TEXT_MAX :
	    w->opcode >= OP_CLOSE && w->opcode <= OP_PONG ? len > CONTROL_MAX : 1)
		bench_die("a server frame of opcode %u and %" PRIu64 " bytes", w->opcode, len);
	w->left = len;
	w->text_len = 0;
}

/* A frame header's length, from its second byte. */
static size_t head_size(unsigned char b)
{
	return 2 + ((b & 0x7f) == 126 ? 2 : (b & 0x7f) == 127 ? 8 : 0);
}

/* Header bytes from buf: 1 once the header is complete (and parsed). */
static int head_take(struct ws_viewer *w)
{
	size_t want, n;

	for (;;) {
		want = w->head_len < 2 ? 2 : head_size(w->head[1]);
		if (w->head_len == want)
			break;
		if (w->off == w->have)
			return 0;
		n = want - w->head_len < w->have - w->off ? want - w->head_len : w->have - w->off;
		memcpy(w->head + w->head_len, w->buf + w->off, n);
		w->head_len += n;
		w->off += n;
	}
	if (w->head[1] & 0x80)
		bench_die("a masked server frame");
	head_parse(w);
	w->head_len = 0;
	return 1;
}

/* A whole text or control frame. */
static void text_done(struct viewer *v, struct ws_viewer *w)
{
	const char *t = (const char *)w->text, *p;
	unsigned long long lost;

	switch (w->opcode) {
	case OP_PING:
		frame_send(w, OP_PONG, w->text, w->text_len);
		return;
	case OP_CLOSE:
		bench_die("vzwebd closed the console: %u %.*s",
			  w->text_len >= 2 ? (unsigned)w->text[0] << 8 | w->text[1] : 0,
			  w->text_len >= 2 ? (int)w->text_len - 2 : 0, t + 2);
	case OP_TEXT:
		if (w->text_len == sizeof w->text)
			bench_die("a control message too long to read");
		w->text[w->text_len] = '\0';
		if (strstr(t, "\"type\":\"attached\""))
			w->attached = 1;
		else if (strstr(t, "\"type\":\"dropped\"") && (p = strstr(t, "\"bytes\":")) &&
			 sscanf(p + 8, "%llu", &lost) == 1)
			v->dropped += lost;
		return;
	default:
		return;
	}
}

/* Output in place, or 0 after a control message or a wait that brought none. */
static size_t ws_take(struct viewer *v, struct ws_viewer *w, const unsigned char **out)
{
	size_t n;

	for (;;) {
		if (!w->in_payload) {
			if (w->off == w->have && ws_fill(v, w) < 0)
				return 0;
			if (!head_take(w))
				continue;
			w->in_payload = 1;
		}
		if (w->left && w->off == w->have && ws_fill(v, w) < 0)
			return 0;
		n = w->left < w->have - w->off ? (size_t)w->left : w->have - w->off;
		w->left -= n;
		w->in_payload = w->left > 0;
		if (w->opcode == OP_BINARY) {
			*out = w->buf + w->off;
			w->off += n;
			w->unacked += n;
			if (w->unacked >= ACK_EVERY && !w->acks_off)
				ack_send(w);
			if (n)
				return n;
			continue;
		}
		memcpy(w->text + w->text_len, w->buf + w->off, n);
		w->text_len += n;
		w->off += n;
		if (w->in_payload)
			continue;
		text_done(v, w);
		return 0;
	}
}

static size_t ws_read(struct viewer *v, const unsigned char **out)
{
	struct ws_viewer *w = v->impl;
	size_t n = ws_take(v, w, out);

	if (!n && w->idle_ms >= VIEWER_STALL_MS)
		bench_die("no output from the console WebSocket for %d s", VIEWER_STALL_MS / 1000);
	return n;
}

static void ws_key(struct viewer *v, unsigned char c)
{
	frame_send(v->impl, OP_BINARY, &c, 1);
}

size_t ws_viewer_service(struct viewer *v)
{
	struct ws_viewer *w = v->impl;
	const unsigned char *out;
	size_t total = 0;

	do
		total += ws_take(v, w, &out);
	while (w->off < w->have || mbedtls_ssl_get_bytes_avail(&w->ssl) ||
	       w->ahead_off < w->ahead_len);
	return total;
}

void ws_viewer_stop_acks(struct viewer *v)
{
	struct ws_viewer *w = v->impl;

	if (w->unacked)
		ack_send(w);
	w->acks_off = 1;
}

int ws_viewer_fd(const struct viewer *v)
{
	return ((const struct ws_viewer *)v->impl)->fd;
}

static const char *token_get(void)
{
	const char *t = getenv("WEB_TOKEN");
	size_t n = t ? strlen(t) : 0;

	if (!n || n > TOKEN_MAX || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789-._~+/=") != n)
		bench_die("WEB_TOKEN: an API token (1 to %d token characters) is needed", TOKEN_MAX);
	return t;
}

static void tls_handshake(struct ws_viewer *w)
{
	unsigned waited = 0;
	int r;

	while ((r = mbedtls_ssl_handshake(&w->ssl))) {
		if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE)
			bench_die("TLS handshake with 127.0.0.1:%d: -0x%x", WS_PORT, (unsigned)-r);
		if ((waited += VIEWER_TICK_MS) >= VIEWER_STALL_MS)
			bench_die("TLS handshake with 127.0.0.1:%d: no answer", WS_PORT);
	}
}

/* The answer's head, at most HEAD_MAX bytes, with status line "HTTP/1.1
   STATUS " (what names the request); the bytes after it stay in buf. */
static void head_answer(struct ws_viewer *w, const char *what, const char *status)
{
	unsigned waited = 0;
	char *end = NULL;
	size_t head;
	int r;

	while (!end) {
		if (w->have == HEAD_MAX)
			bench_die("%s: an answer head over %d bytes", what, HEAD_MAX);
		r = mbedtls_ssl_read(&w->ssl, w->buf + w->have, HEAD_MAX - w->have);
		if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) {
			if ((waited += VIEWER_TICK_MS) >= VIEWER_STALL_MS)
				bench_die("%s: no answer", what);
			continue;
		}
		if (r <= 0)
			bench_die("%s: the answer was cut short (-0x%x)", what, (unsigned)-r);
		w->have += (size_t)r;
		w->buf[w->have] = '\0';
		end = strstr((char *)w->buf, "\r\n\r\n");
	}
	if (strncmp((char *)w->buf, "HTTP/1.1 ", 9) || strncmp((char *)w->buf + 9, status, 3) ||
	    w->buf[12] != ' ')
		bench_die("%s: %.*s", what, (int)(end - (char *)w->buf), (char *)w->buf);
	head = (size_t)(end - (char *)w->buf) + 4;
	memmove(w->buf, w->buf + head, w->have - head);
	w->have -= head;
	w->off = 0;
}

static void upgrade(struct ws_viewer *w, unsigned ctid, int ro)
{
	unsigned char nonce[16];
	char req[512 + TOKEN_MAX], key[32], what[32];
	size_t klen;
	int n;

	if (benchtls_random(nonce, sizeof nonce) ||
	    mbedtls_base64_encode((unsigned char *)key, sizeof key, &klen, nonce, sizeof nonce))
		bench_die("no WebSocket key");
	n = snprintf(req, sizeof req,
		     "GET /api/v1/containers/%u/console%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		     "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
		     "Sec-WebSocket-Key: %s\r\nAuthorization: Bearer %s\r\n\r\n",
		     ctid, ro ? "?mode=ro" : "", key, token_get());
	tls_write_all(w, (const unsigned char *)req, (size_t)n);
	snprintf(what, sizeof what, "console %u", ctid);
	head_answer(w, what, "101");
}

/* A TLS connection to vzwebd from source (tcp_connect), handshake done. */
static struct ws_viewer *tls_open(struct viewer *v, unsigned source)
{
	struct ws_viewer *w = calloc(1, sizeof *w);

	if (!w)
		bench_die("out of memory");
	memset(v, 0, sizeof *v);
	v->impl = w;
	v->read = ws_read;
	v->key = ws_key;
	w->fd = tcp_connect(source);
	mbedtls_ssl_init(&w->ssl);
	if (!benchtls_conf() || mbedtls_ssl_setup(&w->ssl, benchtls_conf()))
		bench_die("TLS setup failed");
	mbedtls_ssl_set_bio(&w->ssl, w, sock_send, sock_recv, NULL);
	tls_handshake(w);
	return w;
}

void ws_viewer_open(struct viewer *v, unsigned ctid, int ro, unsigned source)
{
	struct ws_viewer *w = tls_open(v, source);
	const unsigned char *out;

	upgrade(w, ctid, ro);
	while (!w->attached) {
		if (ws_take(v, w, &out))
			bench_die("console %u: output before the \"attached\" message", ctid);
		if (w->idle_ms >= VIEWER_STALL_MS)
			bench_die("console %u: no \"attached\" message", ctid);
	}
}

void events_stream_open(struct viewer *v, unsigned source)
{
	struct ws_viewer *w = tls_open(v, source);
	char req[256 + TOKEN_MAX];
	int n;

	n = snprintf(req, sizeof req,
		     "GET /api/v1/events?types=ct HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		     "Accept: text/event-stream\r\nAuthorization: Bearer %s\r\n\r\n", token_get());
	tls_write_all(w, (const unsigned char *)req, (size_t)n);
	head_answer(w, "event stream", "200");
}

size_t events_stream_service(struct viewer *v)
{
	struct ws_viewer *w = v->impl;
	size_t total = w->have - w->off;
	int r;

	w->off = w->have = 0;
	do {
		r = mbedtls_ssl_read(&w->ssl, w->buf, sizeof w->buf);
		if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
			break;
		if (r == 0 || r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
			bench_die("vzwebd closed an event stream");
		if (r < 0)
			bench_die("TLS read: -0x%x", (unsigned)-r);
		total += (size_t)r;
	} while (mbedtls_ssl_get_bytes_avail(&w->ssl) || w->ahead_off < w->ahead_len);
	return total;
}
