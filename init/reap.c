#include <errno.h>
#include <sys/wait.h>

#include "reap.h"
#include "supervise.h"

int reap_all(struct services *s, int64_t now)
{
	pid_t pid;
	int status;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			services_child_exited(s, pid, status, now);
			continue;
		}
		if (pid < 0 && errno == EINTR)
			continue;
		return !(pid < 0 && errno == ECHILD);
	}
}
