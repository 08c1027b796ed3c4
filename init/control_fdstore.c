#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control_fdstore.h"
#include "control_reply.h"
#include "fdstore.h"
#include "base/fdpass.h"
#include "base/log.h"

static void send_fds(int fd, const int *fds, unsigned n)
{
	if (fdpass_sendmsg(fd, "ok\n", 3, fds, n, MSG_DONTWAIT) < 0)
		log_warn("control: fdstore: cannot send fds: %s", strerror(errno));
}

static void close_all(int *fds, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

void control_fdstore(int fd, enum ctl_op op, const char *name, int *fds, unsigned n)
{
	char buf[CTL_REPLY_MAX];
	int got[FDSTORE_FDS_MAX], k;

	if (op != CTL_FDSTORE_PUT)
		close_all(fds, n);
	switch (op) {
	case CTL_FDSTORE_PUT:
		if (!n) {
			control_send(fd, "error fdstore-put: no file descriptor attached\n");
		} else if (fdstore_put(name, fds, n) < 0) {
			close_all(fds, n);
			snprintf(buf, sizeof buf, "error fdstore-put %s: %s\n", name, strerror(errno));
			control_send(fd, buf);
		} else {
			control_send(fd, "ok\n");
		}
		return;
	case CTL_FDSTORE_GET:
		k = fdstore_get(name, got);
		if (k > 0) {
			send_fds(fd, got, (unsigned)k);
			return;
		}
		snprintf(buf, sizeof buf, "error fdstore-get %s: %s\n", name, strerror(errno));
		control_send(fd, buf);
		return;
	case CTL_FDSTORE_DEL:
		if (fdstore_del(name) < 0) {
			snprintf(buf, sizeof buf, "error fdstore-del %s: %s\n", name, strerror(errno));
			control_send(fd, buf);
		} else {
			control_send(fd, "ok\n");
		}
		return;
	default:
		memcpy(buf, "ok\n", 3);
		fdstore_list(buf + 3, sizeof buf - 3);
		control_send(fd, buf);
		return;
	}
}
