#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/exit.h"
#include "base/spawn.h"

void spawn_child_reset(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_exec(char *const argv[])
{
	char path[] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin";
	char *env[] = { path, NULL };
	int fd;

	spawn_child_reset();
	fd = open("/dev/null", O_RDONLY | O_NOCTTY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	execve(argv[0], argv, env);
	_exit(EXIT_EXEC);
}

int spawn_wait(char *const argv[], int *status)
{
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child_exec(argv);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}
