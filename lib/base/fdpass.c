#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "base/fdpass.h"

ssize_t fdpass_sendmsg(int sock, const void *buf, size_t len, const int *fds, unsigned n,
		       int flags)
{
	char cbuf[CMSG_SPACE(FDPASS_FDS_MAX * sizeof(int))];
	struct iovec iov = { (void *)buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	ssize_t r;

	if (n > FDPASS_FDS_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (n) {
		memset(cbuf, 0, sizeof cbuf);
		m.msg_control = cbuf;
		m.msg_controllen = CMSG_SPACE(n * sizeof(int));
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	}
	do
		r = sendmsg(sock, &m, flags | MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r;
}

/* Keeps up to max of the fds cm carries, closes the rest. */
static void fds_take(const struct cmsghdr *cm, int *fds, unsigned max, unsigned *n)
{
	size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int), i;
	int fd;

	for (i = 0; i < k; i++) {
		memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
		if (*n < max)
			fds[(*n)++] = fd;
		else
			close(fd);
	}
}

ssize_t fdpass_recvmsg(int sock, void *buf, size_t size, int *fds, unsigned max, unsigned *n,
		       int flags)
{
	char cbuf[CMSG_SPACE(FDPASS_FDS_MAX * sizeof(int))];
	struct iovec iov = { buf, size };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf };
	struct cmsghdr *cm;
	ssize_t r;

	*n = 0;
	do
		r = recvmsg(sock, &m, flags | MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			fds_take(cm, fds, max, n);
	return r;
}

int fdpass_send(int sock, char tag, int fd)
{
	return fdpass_sendmsg(sock, &tag, 1, &fd, fd >= 0, 0) == 1 ? 0 : -1;
}

int fdpass_recv(int sock, char *tag, int *fd)
{
	unsigned n;
	ssize_t r = fdpass_recvmsg(sock, tag, 1, fd, 1, &n, 0);

	if (r <= 0) {
		if (r == 0)
			errno = 0;
		if (n)
			close(*fd);
		*fd = -1;
		return -1;
	}
	if (!n)
		*fd = -1;
	return 0;
}
