/*
 * netfilter CALL: installs the web service's net process filter (the same
 * code: services/web/net/seccomp.c) on itself and then makes CALL, so
 * tests/system/91-web-limits.t sees what the kernel does with each:
 *   getpid, open-read      allowed: exit 0
 *   open-write             refused with EACCES: prints "EACCES", exit 0
 *   socket, connect, execve, fork, kill, ptrace
 *                          not allowed: the kernel kills the process
 *                          (SIGSYS; the shell says 159)
 * Exit 1 when the call was made and returned (a hole in the filter),
 * 2 for a usage error, 3 when the filter could not be installed. Output
 * goes out with write(2) alone: stdio's first use of stdout asks the
 * terminal for its size (ioctl), which the filter does not allow.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../services/web/net/netd.h"

static int call_forbidden(const char *call)
{
	static char path[] = "/bin/true";
	char *const argv[] = { path, NULL };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(443),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	if (!strcmp(call, "socket"))
		return (int)syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (!strcmp(call, "connect"))
		return (int)syscall(SYS_connect, 0, &to, sizeof to);
	if (!strcmp(call, "execve"))
		return (int)syscall(SYS_execve, argv[0], argv, NULL);
	if (!strcmp(call, "fork"))
		return (int)syscall(SYS_fork);
	if (!strcmp(call, "kill"))
		return (int)syscall(SYS_kill, 1, 0);
	if (!strcmp(call, "ptrace"))
		return (int)syscall(SYS_ptrace, PTRACE_ATTACH, 1, 0, 0);
	return -2;
}

int main(int argc, char **argv)
{
	char err[128];
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: netfilter CALL\n");
		return 2;
	}
	if (seccomp_install(err, sizeof err) < 0) {
		fprintf(stderr, "netfilter: %s\n", err);
		return 3;
	}
	if (!strcmp(argv[1], "getpid"))
		return syscall(SYS_getpid) > 0 ? 0 : 1;
	if (!strcmp(argv[1], "open-read") || !strcmp(argv[1], "open-write")) {
		fd = open("/proc/self/stat", argv[1][5] == 'r' ? O_RDONLY : O_WRONLY);
		if (fd >= 0)
			return argv[1][5] == 'r' ? 0 : 1;
		if (errno != EACCES)
			return 1;
		return write(1, "EACCES\n", 7) == 7 ? 0 : 1;
	}
	if (call_forbidden(argv[1]) == -2) {
		fprintf(stderr, "netfilter: unknown call %s\n", argv[1]);
		return 2;
	}
	return 1;
}
