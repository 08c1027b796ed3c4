#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "control_fdstore.h"
#include "control_reply.h"
#include "fdstore.h"
#include "base/fdpass.h"
#include "base/log.h"

void control_open(struct control *c)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	unsigned i;
	int fd;

	for (i = 0; i < CONTROL_CONN_MAX; i++)
		c->conn[i].fd = -1;
	c->listen_fd = -1;
	strcpy(addr.sun_path, CTL_SOCKET_PATH);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	unlink(CTL_SOCKET_PATH);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
	    chmod(CTL_SOCKET_PATH, 0600) < 0 || listen(fd, 8) < 0) {
		close(fd);
		goto fail;
	}
	c->listen_fd = fd;
	return;
fail:
	log_error("control: %s: %s; vzsvc will not work", CTL_SOCKET_PATH, strerror(errno));
}

unsigned control_pollfds(const struct control *c, struct pollfd *pfd)
{
	unsigned i, n = 0;

	if (c->listen_fd >= 0)
		pfd[n++] = (struct pollfd){ .fd = c->listen_fd, .events = POLLIN };
	for (i = 0; i < CONTROL_CONN_MAX; i++)
		if (c->conn[i].fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = c->conn[i].fd, .events = POLLIN };
	return n;
}

static int peer_is_root(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == 0;
}

static void control_accept(struct control *c, int64_t now)
{
	unsigned i;
	int fd;

	fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	if (!peer_is_root(fd)) {
		control_send(fd, "error permission denied: root only\n");
		close(fd);
		return;
	}
	for (i = 0; i < CONTROL_CONN_MAX; i++) {
		if (c->conn[i].fd < 0) {
			c->conn[i].fd = fd;
			c->conn[i].deadline = now + CONTROL_TIMEOUT_MS;
			return;
		}
	}
	control_send(fd, "error busy: too many control connections\n");
	close(fd);
}

static int is_fdstore_op(enum ctl_op op)
{
	return op == CTL_FDSTORE_PUT || op == CTL_FDSTORE_GET || op == CTL_FDSTORE_DEL ||
	       op == CTL_FDSTORE_LIST;
}

/* 0 if the request has not arrived yet, 1 when the connection is done. */
static int control_serve(int fd, struct services *s, int64_t now)
{
	char req[CTL_REQUEST_MAX], name[SVC_NAME_MAX];
	int fds[FDSTORE_FDS_MAX];
	enum ctl_op op;
	unsigned nfds;
	size_t len;
	ssize_t n;

	n = fdpass_recvmsg(fd, req, sizeof req, fds, FDSTORE_FDS_MAX, &nfds, MSG_DONTWAIT | MSG_TRUNC);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		goto done;
	len = (size_t)n > sizeof req ? sizeof req : (size_t)n;
	if (!ctl_request_parse(req, len, &op, name) && is_fdstore_op(op)) {
		control_fdstore(fd, op, name, fds, nfds);
		return 1;
	}
	control_reply(fd, req, len, s, now);
done:
	while (nfds)
		close(fds[--nfds]);
	return 1;
}

static int pfd_ready(const struct pollfd *pfd, unsigned n, int fd)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (pfd[i].fd == fd)
			return pfd[i].revents != 0;
	return 0;
}

void control_handle(struct control *c, const struct pollfd *pfd, unsigned n, struct services *s,
		    int64_t now)
{
	unsigned i;

	for (i = 0; i < CONTROL_CONN_MAX; i++) {
		if (c->conn[i].fd < 0)
			continue;
		if (pfd_ready(pfd, n, c->conn[i].fd)) {
			if (!control_serve(c->conn[i].fd, s, now))
				continue;
		} else if (now < c->conn[i].deadline) {
			continue;
		}
		close(c->conn[i].fd);
		c->conn[i].fd = -1;
	}
	if (c->listen_fd >= 0 && pfd_ready(pfd, n, c->listen_fd))
		control_accept(c, now);
}

int64_t control_next_deadline(const struct control *c)
{
	int64_t next = -1;
	unsigned i;

	for (i = 0; i < CONTROL_CONN_MAX; i++)
		if (c->conn[i].fd >= 0 && (next < 0 || c->conn[i].deadline < next))
			next = c->conn[i].deadline;
	return next;
}
