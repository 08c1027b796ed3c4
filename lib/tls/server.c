/*
 * The TLS server of vzwebd's net process (server.h). mbedtls drives the
 * handshake; its asynchronous private key hooks turn the signature into a
 * request to the key holder, so no private key is ever loaded here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/error.h>
#include <mbedtls/md.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ticket.h>
#include <mbedtls/x509_crt.h>

#include "tls/server.h"

#define TICKET_LIFETIME 3600	/* seconds; the ticket key rotates as often */

struct tls_server {
	mbedtls_ssl_config conf;
	mbedtls_x509_crt chain;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_ssl_ticket_context ticket;
	tls_sign_start_fn *sign_start;
	void *ctx;
};

/* The signature a handshake waits for. */
struct tls_sig {
	int done;		/* the answer came */
	size_t len;		/* 0: signing failed */
	unsigned char buf[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
};

struct tls_conn {
	mbedtls_ssl_context ssl;	/* first: the hooks get &ssl */
	struct tls_server *server;
	int fd;
	int last_error;
	struct tls_sig *sig;		/* while a signature is under way */
};

static const int suites[] = {
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	0
};

static const mbedtls_ecp_group_id curves[] = {
	MBEDTLS_ECP_DP_CURVE25519, MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_SECP384R1,
	MBEDTLS_ECP_DP_NONE
};

static const int sig_hashes[] = { MBEDTLS_MD_SHA256, MBEDTLS_MD_SHA384, MBEDTLS_MD_SHA512,
				  MBEDTLS_MD_NONE };

static struct tls_conn *conn_of(mbedtls_ssl_context *ssl)
{
	return (struct tls_conn *)ssl;
}

static int async_sign(mbedtls_ssl_context *ssl, mbedtls_x509_crt *cert, mbedtls_md_type_t md,
		      const unsigned char *hash, size_t hash_len)
{
	struct tls_conn *c = conn_of(ssl);

	(void)cert;
	if (c->sig || !(c->sig = calloc(1, sizeof *c->sig)))
		return MBEDTLS_ERR_SSL_ALLOC_FAILED;
	if (c->server->sign_start(c->server->ctx, c, (unsigned)md, hash, hash_len) < 0) {
		free(c->sig);
		c->sig = NULL;
		return MBEDTLS_ERR_SSL_HW_ACCEL_FAILED;
	}
	return MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS;
}

static int async_resume(mbedtls_ssl_context *ssl, unsigned char *out, size_t *out_len,
			size_t out_size)
{
	struct tls_conn *c = conn_of(ssl);
	struct tls_sig *sig = c->sig;
	int r = 0;

	if (!sig)
		return MBEDTLS_ERR_SSL_INTERNAL_ERROR;
	if (!sig->done)
		return MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS;
	if (sig->len == 0 || sig->len > out_size) {
		r = MBEDTLS_ERR_SSL_HW_ACCEL_FAILED;
	} else {
		memcpy(out, sig->buf, sig->len);
		*out_len = sig->len;
	}
	free(sig);
	c->sig = NULL;
	return r;
}

static void async_cancel(mbedtls_ssl_context *ssl)
{
	struct tls_conn *c = conn_of(ssl);

	free(c->sig);
	c->sig = NULL;
}

static int bio_send(void *ctx, const unsigned char *buf, size_t n)
{
	struct tls_conn *c = ctx;
	ssize_t r;

	do
		r = send(c->fd, buf, n, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r >= 0)
		return (int)r;
	return errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t n)
{
	struct tls_conn *c = ctx;
	ssize_t r;

	do
		r = recv(c->fd, buf, n, 0);
	while (r < 0 && errno == EINTR);
	if (r >= 0)
		return (int)r;
	return errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
}

/*
 * The random generator's seed and reseeds straight from getrandom(2): the
 * server runs chrooted without /dev/urandom, and mbedtls's own platform
 * source uses getrandom only with glibc.
 */
static int server_entropy(void *ctx, unsigned char *buf, size_t n)
{
	ssize_t r;

	while (n) {
		r = getrandom(buf, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
		buf += r;
		n -= (size_t)r;
	}
	return 0;
}

static int server_config(struct tls_server *s, const char **why)
{
	if (mbedtls_ctr_drbg_seed(&s->drbg, server_entropy, NULL,
				  (const unsigned char *)"vzwebd", 6))
		return (*why = "seeding the random generator failed", -1);
	if (mbedtls_ssl_config_defaults(&s->conf, MBEDTLS_SSL_IS_SERVER,
					MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT))
		return (*why = "TLS configuration failed", -1);
	mbedtls_ssl_conf_min_version(&s->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
				     MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_max_version(&s->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
				     MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_ciphersuites(&s->conf, suites);
	mbedtls_ssl_conf_curves(&s->conf, curves);
	mbedtls_ssl_conf_sig_hashes(&s->conf, sig_hashes);
	mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &s->drbg);
	mbedtls_ssl_conf_authmode(&s->conf, MBEDTLS_SSL_VERIFY_NONE);
	/* the chain's own public key stands in for the private key, which
	   only the async hooks use */
	if (mbedtls_ssl_conf_own_cert(&s->conf, &s->chain, &s->chain.pk))
		return (*why = "certificate not usable", -1);
	mbedtls_ssl_conf_async_private_cb(&s->conf, async_sign, NULL, async_resume, async_cancel,
					  s);
	if (mbedtls_ssl_ticket_setup(&s->ticket, mbedtls_ctr_drbg_random, &s->drbg,
				     MBEDTLS_CIPHER_AES_256_GCM, TICKET_LIFETIME))
		return (*why = "session ticket key setup failed", -1);
	mbedtls_ssl_conf_session_tickets_cb(&s->conf, mbedtls_ssl_ticket_write,
					    mbedtls_ssl_ticket_parse, &s->ticket);
	return 0;
}

struct tls_server *tls_server_new(const char *cert, size_t len, tls_sign_start_fn *sign_start,
				  void *ctx, const char **why)
{
	struct tls_server *s = calloc(1, sizeof *s);

	if (!s) {
		*why = "out of memory";
		return NULL;
	}
	mbedtls_ssl_config_init(&s->conf);
	mbedtls_x509_crt_init(&s->chain);
	mbedtls_ctr_drbg_init(&s->drbg);
	mbedtls_ssl_ticket_init(&s->ticket);
	s->sign_start = sign_start;
	s->ctx = ctx;
	if (mbedtls_x509_crt_parse(&s->chain, (const unsigned char *)cert, len)) {
		*why = "certificate chain not valid PEM X.509";
		tls_server_free(s);
		errno = EINVAL;
		return NULL;
	}
	if (server_config(s, why) < 0) {
		tls_server_free(s);
		errno = EINVAL;
		return NULL;
	}
	return s;
}

void tls_server_free(struct tls_server *s)
{
	if (!s)
		return;
	mbedtls_ssl_ticket_free(&s->ticket);
	mbedtls_ssl_config_free(&s->conf);
	mbedtls_x509_crt_free(&s->chain);
	mbedtls_ctr_drbg_free(&s->drbg);
	free(s);
}

struct tls_conn *tls_conn_new(struct tls_server *s, int fd)
{
	struct tls_conn *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	mbedtls_ssl_init(&c->ssl);
	c->server = s;
	c->fd = fd;
	if (mbedtls_ssl_setup(&c->ssl, &s->conf)) {
		mbedtls_ssl_free(&c->ssl);
		free(c);
		errno = ENOMEM;
		return NULL;
	}
	mbedtls_ssl_set_bio(&c->ssl, c, bio_send, bio_recv, NULL);
	return c;
}

void tls_conn_free(struct tls_conn *c)
{
	if (!c)
		return;
	mbedtls_ssl_free(&c->ssl);
	free(c->sig);
	free(c);
}

/* mbedtls's answer as ours. */
static long conn_result(struct tls_conn *c, int r)
{
	switch (r) {
	case MBEDTLS_ERR_SSL_CONN_EOF:
	case MBEDTLS_ERR_SSL_WANT_READ:
		return TLS_WANT_READ;
	case MBEDTLS_ERR_SSL_WANT_WRITE:
		return TLS_WANT_WRITE;
	case MBEDTLS_ERR_SSL_ASYNC_IN_PROGRESS:
		return TLS_WANT_SIGN;
	case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY:
		return 0;
	default:
		if (r >= 0)
			return r;
		c->last_error = r;
		return TLS_ERROR;
	}
}

int tls_conn_handshake(struct tls_conn *c)
{
	int r = mbedtls_ssl_handshake(&c->ssl);

	if (r == MBEDTLS_ERR_SSL_CONN_EOF || r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
		return TLS_ERROR;
	return (int)conn_result(c, r);
}

void tls_conn_signed(struct tls_conn *c, const void *sig, size_t len)
{
	if (!c->sig)
		return;
	c->sig->done = 1;
	if (len <= sizeof c->sig->buf) {
		memcpy(c->sig->buf, sig, len);
		c->sig->len = len;
	}
}

long tls_conn_read(struct tls_conn *c, void *buf, size_t n)
{
	return conn_result(c, mbedtls_ssl_read(&c->ssl, buf, n));
}

long tls_conn_write(struct tls_conn *c, const void *buf, size_t n)
{
	long r = conn_result(c, mbedtls_ssl_write(&c->ssl, buf, n));

	return r == 0 && n ? TLS_ERROR : r;
}

size_t tls_conn_pending(struct tls_conn *c)
{
	return mbedtls_ssl_get_bytes_avail(&c->ssl);
}

void tls_conn_close_notify(struct tls_conn *c)
{
	mbedtls_ssl_close_notify(&c->ssl);
}

void tls_conn_error(const struct tls_conn *c, char *out, size_t size)
{
	mbedtls_strerror(c->last_error, out, size);
}
