#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "ct/ct.h"

/* sethostname(name) in a child that joins init's user and UTS namespaces
   at once, through the init's pidfd (never an unrelated process that got
   its pid). */
static int uts_set(struct ct *ct, const char *name)
{
	pid_t init, pid;
	int pidfd = ct_state_pidfd(ct->ctid, "pid", &init), status;

	if (pidfd < 0)
		return ct_fail(ct, "cannot set the hostname: the container's init is gone");
	pid = fork();
	if (pid == 0)
		_exit(setns(pidfd, CLONE_NEWUSER | CLONE_NEWUTS) < 0 ||
		      sethostname(name, strlen(name)) < 0);
	close(pidfd);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return ct_fail(ct, "cannot set the hostname in the running container");
	return 0;
}

/* A container without /etc has no hostname file to keep in step. */
static int file_set(struct ct *ct, const char *name)
{
	char text[256];
	int n = snprintf(text, sizeof text, "%s\n", name), root, r, e;

	if (n < 0 || (size_t)n >= sizeof text)
		return ct_fail(ct, "HOSTNAME is too long");
	root = rootfile_dir_open(ct->root);
	if (root < 0)
		return ct_fail(ct, "%s: %s", ct->root, rootfile_why(errno));
	r = rootfile_write(root, "etc/hostname", text, (size_t)n, 0644, ROOTFILE_IN_ROOT);
	e = errno;
	close(root);
	if (r < 0 && e != ENOENT)
		return ct_fail(ct, "%s/etc/hostname: %s", ct->root, rootfile_why(e));
	return 0;
}

int ct_hostname_apply(struct ct *ct)
{
	const char *h = ct_get(ct, "HOSTNAME");

	if (!h)
		return 0;
	return uts_set(ct, h) < 0 ? -1 : file_set(ct, h);
}
