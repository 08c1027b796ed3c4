/*
 * webbench MODE PORT SECONDS: a TLS 1.2 client for the web service's
 * benchmark (tests/bench/web_tls.sh), against 127.0.0.1:PORT, with one
 * cipher suite (ECDHE-ECDSA-AES128-GCM-SHA256) and one curve (P-256) so
 * every server is measured doing the same work:
 *   hs   full handshakes a second (a new connection each, no resumption)
 *   req  GET / requests a second over one keep-alive connection (opened
 *        again when the server ends it)
 * Prints the rate and the count, or a reason on stderr and exit 1. And
 *   webbench idle PORT SECONDS N: N connections, each from its own
 *   loopback address (servers count connections per source), each with
 *   its handshake and one GET / done, held idle for SECONDS; prints
 *   "idle N" once they are all open.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>

#include "benchtls.h"

static unsigned port;
static unsigned source;		/* idle: the next connection's source, 127.2.X.Y */
static char buf[1 << 16];

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int bench_send(void *ctx, const unsigned char *p, size_t n)
{
	ssize_t r = send(*(int *)ctx, p, n, MSG_NOSIGNAL);

	return r < 0 ? MBEDTLS_ERR_NET_SEND_FAILED : (int)r;
}

static int bench_recv(void *ctx, unsigned char *p, size_t n)
{
	ssize_t r = recv(*(int *)ctx, p, n, 0);

	return r < 0 ? MBEDTLS_ERR_NET_RECV_FAILED : (int)r;
}

static int bench_connect(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	struct sockaddr_in src = { .sin_family = AF_INET };

	src.sin_addr.s_addr = htonl(0x7f020001u + ((source / 250) << 8) + source % 250);
	if (source && bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
		perror("webbench: bind");
		exit(1);
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		perror("webbench: connect");
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* A new connection with its full handshake done. */
static void bench_open(mbedtls_ssl_context *ssl, int *fd)
{
	int r;

	*fd = bench_connect();
	mbedtls_ssl_init(ssl);
	if (mbedtls_ssl_setup(ssl, benchtls_conf())) {
		fprintf(stderr, "webbench: ssl setup failed\n");
		exit(1);
	}
	mbedtls_ssl_set_bio(ssl, fd, bench_send, bench_recv, NULL);
	if ((r = mbedtls_ssl_handshake(ssl))) {
		fprintf(stderr, "webbench: handshake failed: -0x%x\n", (unsigned)-r);
		exit(1);
	}
}

static void bench_close(mbedtls_ssl_context *ssl, int fd)
{
	mbedtls_ssl_close_notify(ssl);
	mbedtls_ssl_free(ssl);
	close(fd);
}

/* One GET / and its whole response: 0, or -1 if the server had closed the
   connection (it ends one after so many requests) before answering. */
static int bench_get(mbedtls_ssl_context *ssl)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	size_t have = 0, head = 0, body = 0;
	char *end, *cl;
	int r;

	if (mbedtls_ssl_write(ssl, (const unsigned char *)req, sizeof req - 1) !=
	    (int)sizeof req - 1) {
		fprintf(stderr, "webbench: request not sent\n");
		exit(1);
	}
	for (;;) {
		r = mbedtls_ssl_read(ssl, (unsigned char *)buf + have, sizeof buf - 1 - have);
		if (!have && (r == 0 || r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY))
			return -1;
		if (r <= 0) {
			fprintf(stderr, "webbench: response cut short (%d)\n", r);
			exit(1);
		}
		have += (size_t)r;
		buf[have] = '\0';
		if (!head && (end = strstr(buf, "\r\n\r\n"))) {
			head = (size_t)(end - buf) + 4;
			cl = strstr(buf, "Content-Length: ");
			if (!cl || cl > end) {
				fprintf(stderr, "webbench: a response without Content-Length\n");
				exit(1);
			}
			body = strtoul(cl + 16, NULL, 10);
		}
		if (head && have >= head + body)
			return 0;
		if (have == sizeof buf - 1) {
			fprintf(stderr, "webbench: response over %zu bytes\n", sizeof buf);
			exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	mbedtls_ssl_context ssl;
	double t0, secs;
	unsigned long n = 0;
	static mbedtls_ssl_context idle[1000];
	static int idle_fd[1000];
	unsigned i, nidle = 0;
	int fd, hs;

	if (argc == 5 && !strcmp(argv[1], "idle"))
		nidle = (unsigned)atoi(argv[4]);
	if (argc != 4 + (nidle > 0) || nidle > 1000 ||
	    (strcmp(argv[1], "hs") && strcmp(argv[1], "req") && !nidle) ||
	    !(port = (unsigned)atoi(argv[2])) || (secs = atof(argv[3])) <= 0) {
		fprintf(stderr, "usage: webbench hs|req PORT SECONDS, webbench idle PORT SECONDS N\n");
		return 2;
	}
	hs = !strcmp(argv[1], "hs");
	if (!benchtls_conf()) {
		fprintf(stderr, "webbench: TLS setup failed\n");
		return 1;
	}
	if (nidle) {
		for (i = 0; i < nidle; i++) {
			source = i + 1;
			bench_open(&idle[i], &idle_fd[i]);
			bench_get(&idle[i]);
		}
		printf("idle %u\n", nidle);
		fflush(stdout);
		sleep((unsigned)secs);
		return 0;
	}
	if (!hs)
		bench_open(&ssl, &fd);
	t0 = now();
	while (now() - t0 < secs) {
		if (hs) {
			bench_open(&ssl, &fd);
			bench_close(&ssl, fd);
		} else if (bench_get(&ssl) < 0) {
			bench_close(&ssl, fd);
			bench_open(&ssl, &fd);
			continue;
		}
		n++;
	}
	secs = now() - t0;
	if (!hs)
		bench_close(&ssl, fd);
	printf("%.1f %lu\n", (double)n / secs, n);
	return 0;
}
