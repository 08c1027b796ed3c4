/*
 * ttyinject: tries to push a byte into a terminal's input with TIOCSTI,
 * the ioctl a container process must not have (tests/system/72-ct-isolation.t).
 *
 *   ttyinject         opens a new pty, makes it its controlling terminal
 *                     (where the kernel allows TIOCSTI to anyone) and
 *                     prints "TIOCSTI: ok" or "TIOCSTI: <error>"
 *
 * Exit status: 0 when the ioctl worked, 1 when it was refused, 111 when
 * the pty could not be set up.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static int inject(void)
{
	char c = 'x';
	int master, slave;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		fprintf(stderr, "ttyinject: /dev/ptmx: %s\n", strerror(errno));
		return 111;
	}
	if (setsid() < 0) {
		fprintf(stderr, "ttyinject: setsid: %s\n", strerror(errno));
		return 111;
	}
	slave = open(ptsname(master), O_RDWR);
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		fprintf(stderr, "ttyinject: %s: %s\n", ptsname(master), strerror(errno));
		return 111;
	}
	if (ioctl(slave, TIOCSTI, &c) < 0) {
		printf("TIOCSTI: %s\n", strerror(errno));
		return 1;
	}
	printf("TIOCSTI: ok\n");
	return 0;
}

/* In a child, which is never a process group leader, so setsid works. */
int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		exit(inject());
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "ttyinject: fork: %s\n", strerror(errno));
		return 111;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 111;
}
