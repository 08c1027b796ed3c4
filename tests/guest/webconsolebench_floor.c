/*
 * What the WebSocket path costs at the least in this guest, beside the
 * bridge's own work: the cipher the client and vzwebd agree on
 * (AES-128-GCM, as mbedtls does it here, AES-NI where the CPU has it) and
 * a TCP loopback round trip, the hop a direct viewer of the holder does
 * not make. The bench prints them with its ratios.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/gcm.h>

#include "webconsolebench.h"

#define GCM_RECORD 16384	/* one TLS record's plaintext */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int floor_gcm(double secs)
{
	static unsigned char in[GCM_RECORD], out[GCM_RECORD];
	unsigned char key[16] = { 1 }, iv[12] = { 0 }, aad[13] = { 0 }, tag[16];
	mbedtls_gcm_context gcm;
	unsigned long records = 0;
	double t0;

	mbedtls_gcm_init(&gcm);
	if (mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 128))
		bench_die("AES-128-GCM: no key");
	for (t0 = now_s(); now_s() - t0 < secs; records++) {
		iv[11] = (unsigned char)records;
		if (mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, sizeof in, iv, sizeof iv, aad,
					      sizeof aad, in, out, sizeof tag, tag))
			bench_die("AES-128-GCM failed");
	}
	printf("%.1f\n", (double)records * GCM_RECORD / (1 << 20) / (now_s() - t0));
	mbedtls_gcm_free(&gcm);
	return 0;
}

static int tcp_pair(int *a, int *b)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof sa;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*a = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || *a < 0 || bind(l, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&sa, &len) < 0 ||
	    connect(*a, (struct sockaddr *)&sa, sizeof sa) < 0 ||
	    (*b = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0 ||
	    setsockopt(*a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
	    setsockopt(*b, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
		bench_die("a TCP loopback pair: %s", strerror(errno));
	close(l);
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

int floor_tcp(unsigned long rounds)
{
	double *rtt = calloc(rounds, sizeof *rtt), t0;
	unsigned long i;
	int a, b;
	pid_t pid;
	char c;

	if (!rtt)
		bench_die("out of memory");
	tcp_pair(&a, &b);
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(a);
		while (read(b, &c, 1) == 1 && write(b, &c, 1) == 1)
			;
		_exit(0);
	}
	close(b);
	for (i = 0; i < rounds; i++) {
		c = 'k';
		t0 = now_s();
		if (write(a, &c, 1) != 1 || read(a, &c, 1) != 1)
			bench_die("the TCP echo: %s", strerror(errno));
		rtt[i] = now_s() - t0;
	}
	close(a);
	waitpid(pid, NULL, 0);
	qsort(rtt, rounds, sizeof *rtt, cmp_double);
	printf("%.0f %.0f\n", rtt[rounds / 2] * 1e6, rtt[rounds * 99 / 100] * 1e6);
	free(rtt);
	return 0;
}
