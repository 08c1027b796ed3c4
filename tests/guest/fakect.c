/*
 * fakect CTID CMD [ARG...]: a stand-in container for the console tests.
 * Gets CTID's console slave from vzconsoled with console_ct_slave(), as
 * the runtime's monitor does, makes it the controlling terminal and the
 * stdin/stdout/stderr of CMD in a new session, like a container's init.
 * Waits for CMD and exits with its status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console/client.h"

static void to_stderr(void *ctx, const char *msg)
{
	fprintf(stderr, "fakect: %s\n", msg);
}

int main(int argc, char **argv)
{
	struct report rep = { .fn = to_stderr };
	int slave, status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: fakect CTID CMD [ARG...]\n");
		return 100;
	}
	if (console_ct_slave((unsigned)strtoul(argv[1], NULL, 10), &slave, &rep) < 0)
		return 111;
	pid = fork();
	if (pid < 0) {
		perror("fakect: fork");
		return 111;
	}
	if (pid == 0) {
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0 || dup2(slave, 0) < 0 ||
		    dup2(slave, 1) < 0 || dup2(slave, 2) < 0) {
			perror("fakect: console setup");
			_exit(111);
		}
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	close(slave);
	if (waitpid(pid, &status, 0) < 0)
		return 111;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
