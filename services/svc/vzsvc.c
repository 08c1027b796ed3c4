/*
 * vzsvc: list and control the services init supervises.
 *
 *   vzsvc list                    table of all services
 *   vzsvc status NAME             one service
 *   vzsvc start|stop|restart NAME
 *
 * Exit status: 0 ok, 1 unknown service or the operation failed,
 * 100 usage, 111 system error (init not reachable).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/exit.h"
#include "node/ctlproto.h"

#define VZSVC_TIMEOUT_S 10

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: vzsvc list | status NAME | start NAME | stop NAME | restart NAME\n");
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn)) die_sys(const char *what)
{
	fprintf(stderr, "vzsvc: %s: %s\n", what, strerror(errno));
	exit(EXIT_ERROR);
}

static ssize_t ctl_call(const char *req, size_t len, char *reply, size_t size)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval tv = { VZSVC_TIMEOUT_S, 0 };
	ssize_t n;
	int fd;

	strcpy(addr.sun_path, CTL_SOCKET_PATH);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_sys("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0)
		die_sys("setsockopt");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
		die_sys(CTL_SOCKET_PATH);
	if (send(fd, req, len, MSG_NOSIGNAL) < 0)
		die_sys("send request to init");
	n = recv(fd, reply, size - 1, 0);
	if (n < 0)
		die_sys("receive reply from init");
	if (n == 0) {
		fprintf(stderr, "vzsvc: init closed the connection without a reply\n");
		exit(EXIT_ERROR);
	}
	close(fd);
	reply[n] = 0;
	return n;
}

static void uptime_format(const char *secs, char *out, size_t size)
{
	unsigned long s;

	if (!strcmp(secs, "-")) {
		snprintf(out, size, "-");
		return;
	}
	s = strtoul(secs, NULL, 10);
	if (s >= 86400)
		snprintf(out, size, "%lud%02luh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out, size, "%luh%02lum", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, size, "%lum%02lus", s / 60, s % 60);
	else
		snprintf(out, size, "%lus", s);
}

static void table_print(char *body)
{
	char name[64], state[32], pid[16], restarts[16], secs[24], uptime[24], *line, *save;

	printf("%-16s %-9s %7s %8s %s\n", "NAME", "STATE", "PID", "RESTARTS", "UPTIME");
	for (line = strtok_r(body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%63s %31s %15s %15s %23s", name, state, pid, restarts, secs) != 5)
			continue;
		uptime_format(secs, uptime, sizeof uptime);
		printf("%-16s %-9s %7s %8s %s\n", name, state, pid, restarts, uptime);
	}
}

int main(int argc, char **argv)
{
	char req[CTL_REQUEST_MAX], reply[CTL_REPLY_MAX + 1];
	enum ctl_op op;
	int len;

	if (argc < 2 || ctl_op_parse(argv[1], &op))
		usage();
	if ((op == CTL_LIST) != (argc == 2) || argc > 3 || (argc == 3 && svcdef_name_check(argv[2])))
		usage();
	len = ctl_request_format(req, sizeof req, op, argc == 3 ? argv[2] : "");
	if (len < 0)
		usage();
	ctl_call(req, (size_t)len, reply, sizeof reply);
	if (!strncmp(reply, "error ", 6)) {
		fprintf(stderr, "vzsvc: %s", reply + 6);
		return EXIT_FAILED;
	}
	if (strncmp(reply, "ok\n", 3)) {
		fprintf(stderr, "vzsvc: unexpected reply from init\n");
		return EXIT_ERROR;
	}
	table_print(reply + 3);
	return EXIT_OK;
}
