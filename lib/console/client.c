#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/fdpass.h"
#include "console/client.h"
#include "console/proto.h"

int console_connect(unsigned ctid, unsigned mode, const char *who, struct report *rep)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct console_hello h = { .ctid = ctid, .mode = mode };
	unsigned char buf[128];
	int fd, n;

	strncpy(h.who, who ? who : "", sizeof h.who - 1);
	strcpy(addr.sun_path, CONSOLE_SOCKET_PATH);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		report_msg(rep, "console %u: %s: %s (is vzconsoled running?)", ctid,
			   CONSOLE_SOCKET_PATH, strerror(errno));
		goto fail;
	}
	n = console_hello_encode(buf, sizeof buf, &h);
	if (n < 0 || send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
		report_msg(rep, "console %u: send hello: %s", ctid, strerror(errno));
		goto fail;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The holder's OK (with the fd it carries) or its ERROR text. */
static int reply_read(int sock, unsigned ctid, int *fd, struct report *rep)
{
	unsigned char buf[CONSOLE_HDR_LEN + 256];
	struct console_msg m;
	unsigned nfd;
	size_t used;
	ssize_t n;

	n = fdpass_recvmsg(sock, buf, sizeof buf, fd, 1, &nfd, 0);
	if (!nfd)
		*fd = -1;
	if (n <= 0 || console_msg_decode(buf, (size_t)n, &m, &used) || !used) {
		report_msg(rep, "console %u: no valid reply from vzconsoled", ctid);
		goto fail;
	}
	if (m.type == CONSOLE_MSG_ERROR) {
		report_msg(rep, "console %u: %.*s", ctid, (int)m.len, (const char *)m.payload);
		goto fail;
	}
	if (m.type != CONSOLE_MSG_OK || *fd < 0) {
		report_msg(rep, "console %u: vzconsoled sent no pty slave", ctid);
		goto fail;
	}
	return 0;
fail:
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return -1;
}

int console_ct_slave(unsigned ctid, int *slave_fd, struct report *rep)
{
	int sock = console_connect(ctid, CONSOLE_MODE_SLAVE, "container start", rep), r;

	if (sock < 0)
		return -1;
	r = reply_read(sock, ctid, slave_fd, rep);
	close(sock);
	return r;
}
