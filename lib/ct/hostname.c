#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/rootfile.h"
#include "ct/ct.h"

/* sethostname(name) in a child that joins init's user and UTS namespaces at once. */
static int uts_set(struct ct *ct, pid_t init, const char *name)
{
	int pidfd = (int)syscall(SYS_pidfd_open, init, 0), status;
	pid_t pid;

	if (pidfd < 0)
		return ct_fail(ct, "init %d: %s", (int)init, strerror(errno));
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

int ct_hostname_apply(struct ct *ct, pid_t init)
{
	const char *h = ct_get(ct, "HOSTNAME");

	if (!h)
		return 0;
	return uts_set(ct, init, h) < 0 ? -1 : file_set(ct, h);
}
