#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emergency.h"
#include "base/exit.h"
#include "base/log.h"
#include "base/spawn.h"

static void __attribute__((noreturn)) emergency_child(void)
{
	static char sh[] = "/bin/sh";
	char *argv[] = { sh, NULL };
	int fd;

	spawn_child_reset();
	setsid();
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		ioctl(fd, TIOCSCTTY, 1);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	execv(argv[0], argv);
	_exit(EXIT_EXEC);
}

void emergency_shell(const char *why)
{
	struct timespec second = { 1, 0 };
	pid_t shell, pid;

	for (;;) {
		log_error("*** EMERGENCY: %s ***", why);
		log_error("*** starting /bin/sh on the console; fix the node and reboot -f ***");
		shell = fork();
		if (shell == 0)
			emergency_child();
		while (shell > 0) {
			pid = waitpid(-1, NULL, 0);
			if (pid == shell || (pid < 0 && errno == ECHILD))
				break;
		}
		nanosleep(&second, NULL);
	}
}
