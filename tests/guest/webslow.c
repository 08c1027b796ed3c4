/*
 * webslow PORT N SECONDS [silent]: N slow HTTP clients on 127.0.0.1:PORT
 * for the web service's slow-client test (tests/system/91-web-limits.t).
 * Client i connects from its own loopback address (127.1.X.Y: the service
 * counts connections per source), sends a request line and then one byte
 * of an endless head every second (silent: nothing at all, a TLS handshake
 * that never starts); a connection the server closes is opened again.
 * Prints "open O reconnects R refused F" at the end: O connections open
 * then, R reopened after the server closed them, F connects refused.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SLOW_MAX 1000

static const char slow_line[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
static const char slow_field[] = "X-Slow: 1\r\n";

struct slow {
	int fd;
	size_t sent;		/* bytes of the head sent */
};

static unsigned long refused;
static int silent;

static int slow_open(unsigned i, unsigned port)
{
	struct sockaddr_in src = { .sin_family = AF_INET }, dst = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	src.sin_addr.s_addr = htonl(0x7f010001u + ((i / 250) << 8) + i % 250);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((unsigned short)port);
	if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0 ||
	    connect(fd, (struct sockaddr *)&dst, sizeof dst) < 0 ||
	    (!silent &&
	     write(fd, slow_line, sizeof slow_line - 1) != (ssize_t)(sizeof slow_line - 1))) {
		close(fd);
		refused++;
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* Whether the server closed fd (or answered, which it does only to end it). */
static int slow_ended(int fd)
{
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);

	return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

int main(int argc, char **argv)
{
	static struct slow s[SLOW_MAX];
	unsigned port, n, i, open_now = 0;
	unsigned long reconnects = 0;
	time_t end;

	silent = argc == 5 && !strcmp(argv[4], "silent");
	if ((argc != 4 && !silent) || (port = (unsigned)atoi(argv[1])) == 0 ||
	    (n = (unsigned)atoi(argv[2])) == 0 || n > SLOW_MAX) {
		fprintf(stderr, "usage: webslow PORT N SECONDS [silent] (N at most %d)\n", SLOW_MAX);
		return 2;
	}
	end = time(NULL) + atoi(argv[3]);
	for (i = 0; i < n; i++)
		s[i].fd = slow_open(i, port);
	printf("webslow: %u connections started\n", n);
	fflush(stdout);
	while (time(NULL) < end) {
		sleep(1);
		for (i = 0; i < n; i++) {
			if (s[i].fd >= 0 && slow_ended(s[i].fd)) {
				close(s[i].fd);
				s[i].fd = -1;
				reconnects++;
			}
			if (s[i].fd < 0) {
				s[i].fd = slow_open(i, port);
				s[i].sent = 0;
				continue;
			}
			if (!silent && write(s[i].fd, slow_field + s[i].sent % (sizeof slow_field - 1), 1) == 1)
				s[i].sent++;
		}
	}
	for (i = 0; i < n; i++)
		open_now += s[i].fd >= 0;
	printf("open %u reconnects %lu refused %lu\n", open_now, reconnects, refused);
	return 0;
}
