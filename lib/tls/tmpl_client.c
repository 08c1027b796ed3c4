/*
 * https for tmpl_http_get through mbedtls: TLS 1.2 or later, the server's
 * certificate chain verified against a CA bundle and its name against the
 * host we asked for. There is no way to skip verification.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "tmpl/http.h"

struct tls {
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_x509_crt ca;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

static int tls_send(void *ctx, const unsigned char *buf, size_t n)
{
	struct tmpl_conn *c = ctx;
	ssize_t r;

	do
		r = write(c->fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r >= 0)
		return (int)r;
	return errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int tls_recv(void *ctx, unsigned char *buf, size_t n)
{
	struct tmpl_conn *c = ctx;
	ssize_t r;

	do
		r = read(c->fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r >= 0)
		return (int)r;
	return errno == EAGAIN ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
}

/* Waits for the socket after WANT_READ/WANT_WRITE: 0, or -1 ETIMEDOUT. */
static int tls_wait(struct tmpl_conn *c, int want)
{
	struct pollfd p = { .fd = c->fd,
			    .events = want == MBEDTLS_ERR_SSL_WANT_WRITE ? POLLOUT : POLLIN };
	int r;

	do
		r = poll(&p, 1, c->timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return (errno = ETIMEDOUT, -1);
	return r < 0 ? -1 : 0;
}

static void tls_free(struct tls *t)
{
	mbedtls_ssl_free(&t->ssl);
	mbedtls_ssl_config_free(&t->conf);
	mbedtls_x509_crt_free(&t->ca);
	mbedtls_ctr_drbg_free(&t->drbg);
	mbedtls_entropy_free(&t->entropy);
	free(t);
}

static int tls_fail(struct tls *t, const char *host, const char *what, int err,
		    const struct report *rep)
{
	char msg[128];

	mbedtls_strerror(err, msg, sizeof msg);
	report_msg(rep, "https://%s: %s: %s", host, what, msg);
	tls_free(t);
	return (errno = EPROTO, -1);
}

static int tls_setup(struct tls *t, struct tmpl_conn *c, const char *host, const char *ca_file,
		     const struct report *rep)
{
	int r;

	if ((r = mbedtls_ctr_drbg_seed(&t->drbg, mbedtls_entropy_func, &t->entropy,
				       (const unsigned char *)"vztmpl-dl", 9)))
		return tls_fail(t, host, "seeding the random generator", r, rep);
	if ((r = mbedtls_x509_crt_parse_file(&t->ca, ca_file)) < 0)
		return tls_fail(t, host, ca_file, r, rep);
	if ((r = mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT,
					     MBEDTLS_SSL_TRANSPORT_STREAM,
					     MBEDTLS_SSL_PRESET_DEFAULT)))
		return tls_fail(t, host, "TLS configuration", r, rep);
	mbedtls_ssl_conf_authmode(&t->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&t->conf, &t->ca, NULL);
	mbedtls_ssl_conf_rng(&t->conf, mbedtls_ctr_drbg_random, &t->drbg);
	mbedtls_ssl_conf_min_version(&t->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
				     MBEDTLS_SSL_MINOR_VERSION_3);
	if ((r = mbedtls_ssl_setup(&t->ssl, &t->conf)) ||
	    (r = mbedtls_ssl_set_hostname(&t->ssl, host)))
		return tls_fail(t, host, "TLS setup", r, rep);
	mbedtls_ssl_set_bio(&t->ssl, c, tls_send, tls_recv, NULL);
	return 0;
}

static int tls_start(struct tmpl_conn *c, const char *host, const char *ca_file,
		     const struct report *rep)
{
	struct tls *t = calloc(1, sizeof *t);
	int r;

	if (!t) {
		report_msg(rep, "https://%s: %s", host, strerror(errno));
		return -1;
	}
	mbedtls_ssl_init(&t->ssl);
	mbedtls_ssl_config_init(&t->conf);
	mbedtls_x509_crt_init(&t->ca);
	mbedtls_ctr_drbg_init(&t->drbg);
	mbedtls_entropy_init(&t->entropy);
	if (!ca_file || !*ca_file) {
		report_msg(rep, "https://%s: no CA bundle (set TEMPLATE_REPO_CA in vz.conf)", host);
		tls_free(t);
		return (errno = ENOENT, -1);
	}
	if (tls_setup(t, c, host, ca_file, rep) < 0)
		return -1;
	while ((r = mbedtls_ssl_handshake(&t->ssl))) {
		uint32_t flags;

		if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE) {
			if (tls_wait(c, r) == 0)
				continue;
			report_msg(rep, "https://%s: TLS handshake: %s", host, strerror(errno));
			tls_free(t);
			return -1;
		}
		flags = mbedtls_ssl_get_verify_result(&t->ssl);
		if (flags && flags != (uint32_t)-1) {
			char why[256];

			mbedtls_x509_crt_verify_info(why, sizeof why, "", flags);
			why[strcspn(why, "\n")] = '\0';
			report_msg(rep, "https://%s: server certificate not trusted: %s", host, why);
			tls_free(t);
			return (errno = EPERM, -1);
		}
		return tls_fail(t, host, "TLS handshake", r, rep);
	}
	c->tls = t;
	return 0;
}

static ssize_t tls_read(struct tmpl_conn *c, void *buf, size_t n)
{
	struct tls *t = c->tls;

	for (;;) {
		int r = mbedtls_ssl_read(&t->ssl, buf, n);

		if (r >= 0)
			return r;
		if (r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
			return 0;
		if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE)
			return (errno = EPROTO, -1);
		if (tls_wait(c, r) < 0)
			return -1;
	}
}

static ssize_t tls_write(struct tmpl_conn *c, const void *buf, size_t n)
{
	struct tls *t = c->tls;

	for (;;) {
		int r = mbedtls_ssl_write(&t->ssl, buf, n);

		if (r >= 0)
			return r;
		if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE)
			return (errno = EPROTO, -1);
		if (tls_wait(c, r) < 0)
			return -1;
	}
}

static void tls_end(struct tmpl_conn *c)
{
	if (c->tls)
		tls_free(c->tls);
	c->tls = NULL;
}

const struct tmpl_tls_ops tmpl_tls_mbedtls = { tls_start, tls_read, tls_write, tls_end };
