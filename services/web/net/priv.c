/*
 * net's side of the socket to priv: messages out (queued, bounded, while
 * priv's socket is full), messages in dispatched by type, the start-up
 * configuration (certificate chain, allowed sources), and the TLS
 * handshakes' signatures, which only priv can make.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "base/log.h"
#include "netd.h"
#include "tls/server.h"

#define PRIV_BATCH 64		/* messages taken per wakeup, so clients get their turn */

static unsigned char priv_in[WIRE_MSG_MAX];
static struct wire_out priv_msg;
static uint32_t sign_serial;

static void priv_want_out(int want)
{
	static struct watch w_priv = { EV_PRIV, NULL };

	netloop_mod(net.priv, EPOLLIN | (want ? EPOLLOUT : 0), &w_priv);
}

static int priv_queue(const struct wire_out *o)
{
	struct obuf *b;

	if (net.priv_out_bytes + o->len > NET_PRIV_OUT_MAX) {
		log_error("net: priv has not read %zu bytes of messages; giving up on it",
			  net.priv_out_bytes);
		net.priv_gone = 1;
		return (errno = ENOBUFS, -1);
	}
	if (!(b = malloc(sizeof *b + o->len)))
		return -1;
	b->next = NULL;
	b->len = o->len;
	b->off = 0;
	b->cap = o->len;
	memcpy(b->data, o->buf, o->len);
	*net.priv_out_tail = b;
	net.priv_out_tail = &b->next;
	net.priv_out_bytes += o->len;
	priv_want_out(1);
	return 0;
}

int priv_send(const struct wire_out *o, int fd)
{
	if (o->failed)
		return (errno = EMSGSIZE, -1);
	if (!net.priv_out && wire_send(net.priv, o, fd) == 0)
		return 0;
	if (!net.priv_out && errno != EAGAIN) {
		log_error("net: sending to priv: %m");
		net.priv_gone = 1;
		return -1;
	}
	return priv_queue(o);
}

static void priv_flush(void)
{
	struct obuf *b;

	while ((b = net.priv_out)) {
		memcpy(priv_msg.buf, b->data, b->len);
		priv_msg.len = b->len;
		priv_msg.failed = 0;
		if (wire_send(net.priv, &priv_msg, -1) < 0) {
			if (errno != EAGAIN) {
				log_error("net: sending to priv: %m");
				net.priv_gone = 1;
			}
			return;
		}
		net.priv_out = b->next;
		net.priv_out_bytes -= b->len;
		free(b);
	}
	net.priv_out_tail = &net.priv_out;
	priv_want_out(0);
}

void priv_closed_conn(struct conn *c)
{
	wire_begin(&priv_msg, WIRE_CLOSED, 0, c->id, 0);
	priv_send(&priv_msg, -1);
	c->priv_knows = 0;
}

/* tls_sign_start_fn: the handshake of the connection holding t needs a signature. */
static int priv_sign_start(void *ctx, struct tls_conn *t, unsigned md, const unsigned char *hash,
			   size_t hash_len)
{
	struct conn *c = NULL;
	unsigned i;

	for (i = 0; i < NET_CONNS_MAX && !c; i++)
		if (net.conn[i] && net.conn[i]->tls == t)
			c = net.conn[i];
	if (!c)
		return -1;
	c->sign_id = ++sign_serial;
	wire_begin(&priv_msg, WIRE_SIGN, 0, c->id, c->sign_id);
	wire_add_u32(&priv_msg, WF_MD, md);
	wire_add(&priv_msg, WF_HASH, hash, hash_len);
	return priv_send(&priv_msg, -1);
}

static void priv_signed(const struct wire_msg *m)
{
	const struct wire_field *sig = wire_get(m, WF_SIG);
	struct conn *c = conn_find(m->conn);

	if (!c || c->state != CS_HANDSHAKE || !c->want_sign || c->sign_id != m->id)
		return;		/* the connection went away meanwhile */
	if (!sig)
		log_warn("connection %u from %s: priv could not sign the handshake", c->id, c->peer);
	tls_conn_signed(c->tls, sig ? sig->val : NULL, sig ? sig->len : 0);
	c->want_sign = 0;
	conn_run(c);
}

static int priv_config_allow(const struct wire_msg *m)
{
	char cidr[64];
	unsigned i, n = 0;

	for (i = 0; i < m->nfields; i++)
		n += m->field[i].tag == WF_ALLOW_FROM;
	if (n && !(net.allow = calloc(n, sizeof *net.allow)))
		return -1;
	for (i = 0; i < m->nfields; i++) {
		const struct wire_field *f = &m->field[i];

		if (f->tag != WF_ALLOW_FROM)
			continue;
		if (f->len >= sizeof cidr || memchr(f->val, 0, f->len)) {
			log_error("net: WEB_ALLOW_FROM from priv: an entry too long or not text");
			return -1;
		}
		memcpy(cidr, f->val, f->len);
		cidr[f->len] = '\0';
		if (peer_net_parse(cidr, &net.allow[net.nallow]) < 0) {
			log_error("net: WEB_ALLOW_FROM from priv: %s is no network", cidr);
			return -1;
		}
		net.nallow++;
	}
	return 0;
}

/* WIRE_CONFIG: the TLS server and the allowed sources, then the listeners. */
static void priv_config(const struct wire_msg *m)
{
	const struct wire_field *cert = wire_get(m, WF_CERT);
	const char *why = NULL;
	char *pem;

	if (net.configured)
		return;
	if (!cert || !cert->len || memchr(cert->val, 0, cert->len)) {
		log_error("net: the configuration from priv has no certificate chain");
		net.priv_gone = 1;
		return;
	}
	if (!(pem = malloc(cert->len + 1)))
		goto fail;
	memcpy(pem, cert->val, cert->len);
	pem[cert->len] = '\0';
	net.tls = tls_server_new(pem, cert->len + 1, priv_sign_start, NULL, &why);
	free(pem);
	if (!net.tls || priv_config_allow(m) < 0 || netloop_listen() < 0)
		goto fail;
	net.configured = 1;
	return;
fail:
	log_error("net: configuration: %s", why ? why : strerror(errno));
	net.priv_gone = 1;
}

static void priv_dispatch(const struct wire_msg *m, int fd)
{
	struct conn *c;

	switch (m->type) {
	case WIRE_CONFIG:
		priv_config(m);
		break;
	case WIRE_RESPONSE:
	case WIRE_BODY:
	case WIRE_CONSOLE:
	case WIRE_UPLOAD:
	case WIRE_EVENTS:
		api_message(m, fd);
		return;		/* it owns fd */
	case WIRE_EVENT:
		sse_event(m);
		break;
	case WIRE_SIGNED:
		priv_signed(m);
		break;
	case WIRE_CLOSE:
		if ((c = conn_find(m->conn)))
			conn_close(c, "its session ended");
		break;
	default:
		log_warn("net: priv sent a message of type %u, which only net sends; ignored",
			 m->type);
		break;
	}
	if (fd >= 0)
		close(fd);
}

void priv_ready(uint32_t events)
{
	struct wire_msg m;
	const char *why;
	unsigned i;
	long n;
	int fd;

	if (events & EPOLLOUT)
		priv_flush();
	for (i = 0; i < PRIV_BATCH && !net.priv_gone; i++) {
		n = wire_recv(net.priv, priv_in, &fd);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			if (n < 0)
				log_error("net: receiving from priv: %m");
			net.priv_gone = 1;
			return;
		}
		why = wire_parse(priv_in, (size_t)n, &m);
		if (why) {
			log_error("net: a message from priv refused: %s", why);
			if (fd >= 0)
				close(fd);
			continue;
		}
		priv_dispatch(&m, fd);
	}
}
