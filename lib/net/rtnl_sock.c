#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/exit.h"
#include "net/rtnl.h"

int rtnl_open(struct rtnl *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };
	int one = 1, saved;

	r->seq = 0;
	r->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (r->fd < 0)
		return -1;
	/* Extended acks stay off: we only read the errno. A stalled kernel
	   answer must not hang a container monitor forever. */
	if (setsockopt(r->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one) < 0 ||
	    setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
	    bind(r->fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		goto fail;
	return 0;
fail:
	saved = errno;
	close(r->fd);
	r->fd = -1;
	errno = saved;
	return -1;
}

/* The container's namespace is entered through a pidfd of pid, not a /proc path. */
int rtnl_open_ns(struct rtnl *r, pid_t pid)
{
	int self, target, rc = -1, saved;

	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -1;
	target = (int)syscall(SYS_pidfd_open, pid, 0);
	if (target < 0)
		goto done;
	if (setns(target, CLONE_NEWNET) < 0)
		goto done;
	rc = rtnl_open(r);
	saved = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		/* Staying in the container's namespace would be worse than dying. */
		perror("rtnl: cannot return to the original network namespace");
		_exit(EXIT_ERROR);
	}
	errno = saved;
done:
	saved = errno;
	if (target >= 0)
		close(target);
	close(self);
	errno = saved;
	return rc;
}

void rtnl_close(struct rtnl *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* Reads the replies to request r->seq into buf, each to fn: 0, or -1 with errno. */
static int rtnl_replies(struct rtnl *r, unsigned char *buf, rtnl_msg_fn *fn, void *ctx)
{
	ssize_t n;
	int rc;

	for (;;) {
		n = recv(r->fd, buf, RTNL_REPLY_MAX, MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if ((size_t)n > RTNL_REPLY_MAX) {
			errno = EMSGSIZE;
			return -1;
		}
		rc = rtnl_reply_walk(buf, (size_t)n, r->seq, fn, ctx);
		if (rc < 0) {
			errno = -rc;
			return -1;
		}
		if (rc == 1)
			return 0;
	}
}

int rtnl_talk(struct rtnl *r, struct rtnl_msg *m, rtnl_msg_fn *fn, void *ctx)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	unsigned char *buf;
	ssize_t n;
	int rc, saved;

	if (m->overflow) {
		errno = ENOSPC;
		return -1;
	}
	m->u.h.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	m->u.h.nlmsg_seq = ++r->seq;
	do
		n = sendto(r->fd, m->u.buf, m->u.h.nlmsg_len, 0, (struct sockaddr *)&kernel,
			   sizeof kernel);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	buf = malloc(RTNL_REPLY_MAX);
	if (!buf)
		return -1;
	rc = rtnl_replies(r, buf, fn, ctx);
	saved = errno;
	free(buf);
	errno = saved;
	return rc;
}
