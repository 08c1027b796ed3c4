#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

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
	char cbuf[CMSG_SPACE(INITFD_FDS_MAX * sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)req, .iov_len = strlen(req) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t r;
	int fd = init_connect(), saved;

	if (fd < 0)
		return -1;
	if (n) {
		msg.msg_control = cbuf;
		msg.msg_controllen = CMSG_SPACE(n * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	}
	if (sendmsg(fd, &msg, MSG_NOSIGNAL) < 0)
		goto fail;
	iov = (struct iovec){ .iov_base = reply, .iov_len = size - 1 };
	msg = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			       .msg_controllen = sizeof cbuf };
	r = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	if (r <= 0) {
		if (!r)
			errno = ECONNRESET;
		goto fail;
	}
	reply[r] = 0;
	*ngot = 0;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			*ngot = (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			if (*ngot > INITFD_FDS_MAX)
				*ngot = INITFD_FDS_MAX;
			memcpy(got, CMSG_DATA(c), *ngot * sizeof(int));
		}
	}
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
