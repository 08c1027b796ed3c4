#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/fdpass.h"
#include "node/ctlproto.h"
#include "node/initfd.h"

static int init_connect(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 5 };
	int fd;

	strcpy(addr.sun_path, CTL_SOCKET_PATH);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
	    connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends req with fds, receives the reply (and fds into got); the reply length or -1. */
static int init_request(const char *req, const int *fds, unsigned n, char *reply, size_t size,
			int *got, unsigned *ngot)
{
	ssize_t r;
	int fd = init_connect(), saved;

	if (fd < 0)
		return -1;
	if (fdpass_sendmsg(fd, req, strlen(req), fds, n, 0) < 0)
		goto fail;
	r = fdpass_recvmsg(fd, reply, size - 1, got, INITFD_FDS_MAX, ngot, 0);
	if (r <= 0) {
		if (!r)
			errno = ECONNRESET;
		goto fail;
	}
	reply[r] = 0;
	close(fd);
	if (strncmp(reply, "ok\n", 3)) {
		while (*ngot)
			close(got[--*ngot]);
		errno = strstr(reply, "No such") ? ENOENT : EPROTO;
		return -1;
	}
	return (int)r;
fail:
	saved = errno;
	while (*ngot)
		close(got[--*ngot]);
	close(fd);
	errno = saved;
	return -1;
}

int initfd_put(const char *name, const int *fds, unsigned n)
{
	char req[CTL_REQUEST_MAX], reply[256];
	int got[INITFD_FDS_MAX];
	unsigned ngot = 0;

	if (snprintf(req, sizeof req, "fdstore-put %s", name) >= (int)sizeof req) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return init_request(req, fds, n, reply, sizeof reply, got, &ngot) < 0 ? -1 : 0;
}

int initfd_get(const char *name, int fds[INITFD_FDS_MAX])
{
	char req[CTL_REQUEST_MAX], reply[256];
	unsigned n = 0;

	if (snprintf(req, sizeof req, "fdstore-get %s", name) >= (int)sizeof req) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (init_request(req, NULL, 0, reply, sizeof reply, fds, &n) < 0)
		return -1;
	return (int)n;
}

int initfd_list(char *buf, size_t size)
{
	int got[INITFD_FDS_MAX];
	unsigned n = 0;
	int r = init_request("fdstore-list", NULL, 0, buf, size, got, &n);

	while (n)
		close(got[--n]);
	if (r < 0)
		return -1;
	memmove(buf, buf + 3, (size_t)r - 2);
	return 0;
}
