/*
 * tlsrelay CERT KEY PORT BACKEND_PORT: an https front for a plain http
 * server on loopback, so the guest tests can exercise vztmpl-dl's and
 * vzctl create's https path (tests/system/75-templates.t). Listens on
 * 127.0.0.1:PORT, terminates TLS (mbedtls, TLS 1.2) with the PEM
 * certificate chain CERT and key KEY, and relays each connection's bytes
 * to 127.0.0.1:BACKEND_PORT (busybox httpd). Goes to the background once
 * it listens. Bounded: 16 connections at once, 30 s without progress
 * ends a connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#define CONN_MAX 16
#define IDLE_MS 30000
#define BUF_SIZE 16384

struct relay {
	mbedtls_ssl_config conf;
	mbedtls_x509_crt cert;
	mbedtls_pk_context key;
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

static void die_tls(const char *what, int err)
{
	char msg[160];

	mbedtls_strerror(err, msg, sizeof msg);
	fprintf(stderr, "tlsrelay: %s: %s\n", what, msg);
	exit(111);
}

static unsigned port_parse(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end || v == 0 || v > 65535) {
		fprintf(stderr, "tlsrelay: %s: not a port number\n", s);
		exit(100);
	}
	return (unsigned)v;
}

static void relay_load(struct relay *r, const char *cert, const char *key)
{
	int e;

	mbedtls_ssl_config_init(&r->conf);
	mbedtls_x509_crt_init(&r->cert);
	mbedtls_pk_init(&r->key);
	mbedtls_entropy_init(&r->entropy);
	mbedtls_ctr_drbg_init(&r->drbg);
	if ((e = mbedtls_x509_crt_parse_file(&r->cert, cert)) != 0)
		die_tls(cert, e);
	if ((e = mbedtls_pk_parse_keyfile(&r->key, key, NULL)) != 0)
		die_tls(key, e);
	if ((e = mbedtls_ssl_config_defaults(&r->conf, MBEDTLS_SSL_IS_SERVER,
					     MBEDTLS_SSL_TRANSPORT_STREAM,
					     MBEDTLS_SSL_PRESET_DEFAULT)) != 0)
		die_tls("TLS configuration", e);
	mbedtls_ssl_conf_min_version(&r->conf, MBEDTLS_SSL_MAJOR_VERSION_3,
				     MBEDTLS_SSL_MINOR_VERSION_3);
	if ((e = mbedtls_ssl_conf_own_cert(&r->conf, &r->cert, &r->key)) != 0)
		die_tls("certificate and key", e);
}

static int listen_loopback(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, CONN_MAX) < 0) {
		fprintf(stderr, "tlsrelay: listen on 127.0.0.1:%u: %s\n", port, strerror(errno));
		exit(111);
	}
	return fd;
}

static int connect_loopback(unsigned port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		fprintf(stderr, "tlsrelay: connect to 127.0.0.1:%u: %s\n", port, strerror(errno));
		return -1;
	}
	return fd;
}

/* Waits up to IDLE_MS for fd; 0 ready, -1 timed out or failed. */
static int wait_fd(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&p, 1, IDLE_MS);
	while (r < 0 && errno == EINTR);
	return r > 0 ? 0 : -1;
}

static int tls_write_all(mbedtls_ssl_context *ssl, int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		int r = mbedtls_ssl_write(ssl, p, n);

		if (r == MBEDTLS_ERR_SSL_WANT_WRITE || r == MBEDTLS_ERR_SSL_WANT_READ) {
			if (wait_fd(fd, r == MBEDTLS_ERR_SSL_WANT_WRITE ? POLLOUT : POLLIN) < 0)
				return -1;
			continue;
		}
		if (r < 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int plain_write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Bytes both ways until either side closes or IDLE_MS pass without any. */
static void relay_bytes(mbedtls_ssl_context *ssl, int client, int backend)
{
	static unsigned char buf[BUF_SIZE];
	struct pollfd p[2] = { { .fd = client, .events = POLLIN },
			       { .fd = backend, .events = POLLIN } };

	for (;;) {
		int r;

		/* TLS may hold decrypted bytes the socket no longer shows */
		if (mbedtls_ssl_get_bytes_avail(ssl) == 0) {
			r = poll(p, 2, IDLE_MS);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return;
		} else {
			p[0].revents = POLLIN;
			p[1].revents = 0;
		}
		if (p[0].revents) {
			r = mbedtls_ssl_read(ssl, buf, sizeof buf);
			if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
				continue;
			if (r <= 0 || plain_write_all(backend, buf, (size_t)r) < 0)
				return;
		}
		if (p[1].revents) {
			ssize_t n = read(backend, buf, sizeof buf);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || tls_write_all(ssl, client, buf, (size_t)n) < 0)
				return;
		}
	}
}

static int serve_one(struct relay *r, int client, unsigned backend_port)
{
	mbedtls_ssl_context ssl;
	mbedtls_net_context net = { client };
	char seed[32];
	int e, backend;

	snprintf(seed, sizeof seed, "tlsrelay %d", (int)getpid());
	if ((e = mbedtls_ctr_drbg_seed(&r->drbg, mbedtls_entropy_func, &r->entropy,
				       (const unsigned char *)seed, strlen(seed))) != 0)
		die_tls("seeding the random generator", e);
	mbedtls_ssl_conf_rng(&r->conf, mbedtls_ctr_drbg_random, &r->drbg);
	mbedtls_ssl_init(&ssl);
	if ((e = mbedtls_ssl_setup(&ssl, &r->conf)) != 0)
		die_tls("TLS setup", e);
	mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, NULL);
	while ((e = mbedtls_ssl_handshake(&ssl)) != 0) {
		if (e != MBEDTLS_ERR_SSL_WANT_READ && e != MBEDTLS_ERR_SSL_WANT_WRITE)
			die_tls("handshake", e);	/* a refusing client ends here */
		if (wait_fd(client, e == MBEDTLS_ERR_SSL_WANT_WRITE ? POLLOUT : POLLIN) < 0)
			return 1;
	}
	backend = connect_loopback(backend_port);
	if (backend < 0)
		return 111;
	relay_bytes(&ssl, client, backend);
	mbedtls_ssl_close_notify(&ssl);
	return 0;
}

/* Reaps finished children; with block, waits for one first. */
static void children_reap(int *live, int block)
{
	while (*live > 0 && waitpid(-1, NULL, block ? 0 : WNOHANG) > 0) {
		(*live)--;
		block = 0;
	}
}

int main(int argc, char **argv)
{
	static struct relay r;
	unsigned port, backend_port;
	int lfd, live = 0;
	pid_t pid;

	if (argc != 5) {
		fprintf(stderr, "usage: tlsrelay CERT KEY PORT BACKEND_PORT\n");
		return 100;
	}
	port = port_parse(argv[3]);
	backend_port = port_parse(argv[4]);
	relay_load(&r, argv[1], argv[2]);
	lfd = listen_loopback(port);
	pid = fork();
	if (pid < 0) {
		perror("tlsrelay: fork");
		return 111;
	}
	if (pid > 0)
		return 0;	/* listening: the caller may connect now */
	setsid();
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("tlsrelay: accept");
			return 111;
		}
		children_reap(&live, live >= CONN_MAX);
		pid = fork();
		if (pid == 0) {
			close(lfd);
			_exit(serve_one(&r, c, backend_port));
		}
		if (pid > 0)
			live++;
		close(c);
	}
}
