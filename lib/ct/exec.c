#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/exec_io.h"
#include "ct/proc.h"
#include "ct/proc_cgroup.h"
#include "base/file.h"

/*
 * vzctl exec/enter: join the running container's cgroup and namespaces
 * (user first: that gives the capabilities to join the rest), become its
 * root, fork (a pid namespace applies to children), and run the command
 * in a session of its own with the container's capability bounding set
 * and seccomp filter. The command's standard fds never include the
 * caller's terminal (lib/ct/exec_io.c: a pty of the container's, or
 * pipes, relayed here), and it has no controlling terminal of the node's.
 *
 * The joining process is not dumpable from before it joins (as runc's):
 * while it still holds the node's uid 0, and until the command's exec,
 * the container's root can neither ptrace it nor open its /proc files.
 * Its ids are the container's before the fork, so the only process of
 * the container's pid namespace this makes never had the node's.
 */

static const struct {
	const char *name;
	int type;
} ct_namespaces[] = {
	{ "user", CLONE_NEWUSER }, { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
	{ "uts", CLONE_NEWUTS }, { "net", CLONE_NEWNET }, { "pid", CLONE_NEWPID },
	{ "mnt", CLONE_NEWNS },
};
#define CT_NS_COUNT (sizeof ct_namespaces / sizeof ct_namespaces[0])

static int ns_open_all(struct ct *ct, pid_t init, int fds[CT_NS_COUNT])
{
	char path[64];
	size_t i;

	for (i = 0; i < CT_NS_COUNT; i++) {
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)init, ct_namespaces[i].name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			while (i--)
				close(fds[i]);
			return ct_fail(ct, "%s: %s", path, strerror(errno));
		}
	}
	return 0;
}

/*
 * The namespaces of the container's init, never of a process that took
 * its pid: a pidfd checked against the recorded start time before the
 * opens, and still alive after them (while it lives its pid is its own).
 */
static int ns_open_init(struct ct *ct, pid_t *init, int fds[CT_NS_COUNT])
{
	int pidfd = ct_state_pidfd(ct->ctid, "pid", init), gone;
	size_t i;

	if (pidfd < 0)
		return ct_fail_as(ct, CT_ERR_NOT_RUNNING, "not running");
	if (ns_open_all(ct, *init, fds) < 0) {
		close(pidfd);
		return -1;
	}
	gone = ct_proc_exited_within(pidfd, 0);
	close(pidfd);
	if (!gone)
		return 0;
	for (i = 0; i < CT_NS_COUNT; i++)
		close(fds[i]);
	return ct_fail_as(ct, CT_ERR_NOT_RUNNING, "not running (its init exited)");
}

/* Every namespace, then the container's root ids (still in the pid
   namespace of the node: that one applies to the children). */
static void ns_join_all(int fds[CT_NS_COUNT])
{
	size_t i;

	for (i = 0; i < CT_NS_COUNT; i++) {
		if (setns(fds[i], ct_namespaces[i].type) < 0) {
			fprintf(stderr, "setns %s: %s\n", ct_namespaces[i].name, strerror(errno));
			_exit(126);
		}
		close(fds[i]);
	}
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 || setgroups(0, NULL) < 0 ||
	    chdir("/") < 0) {
		fprintf(stderr, "become the container's root: %s\n", strerror(errno));
		_exit(126);
	}
}

static void exec_child(struct exec_io *io, char *const argv[], int use_shell)
{
	static char path[] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	static char home[] = "HOME=/root", user[] = "USER=root", logname[] = "LOGNAME=root";
	static char shell[] = "/bin/sh", login[] = "-l", dash_c[] = "-c";
	char *const env[] = { path, home, user, logname, NULL };
	char err[256], *sh[] = { shell, login, NULL };
	char *shc[] = { shell, dash_c, NULL, NULL };
	char *term = getenv("TERM"), termenv[64];
	char *envp[8];
	size_t i, n = 0;

	if (exec_io_stdio(io) < 0) {
		fprintf(stderr, "the command's session and terminal: %s\n", strerror(errno));
		_exit(126);
	}
	if (ct_caps_drop(err, sizeof err) < 0 || ct_seccomp_install(err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		_exit(126);
	}
	for (i = 0; env[i]; i++)
		envp[n++] = env[i];
	if (term && strlen(term) < 32) {
		snprintf(termenv, sizeof termenv, "TERM=%s", term);
		envp[n++] = termenv;
	}
	envp[n] = NULL;
	if (!argv || !argv[0]) {
		execve(sh[0], sh, envp);
	} else if (use_shell) {
		shc[2] = argv[0];
		execve(shc[0], shc, envp);
	} else {
		execvpe(argv[0], argv, envp);
	}
	fprintf(stderr, "exec %s: %s\n", argv && argv[0] && !use_shell ? argv[0] : "/bin/sh",
		strerror(errno));
	_exit(127);
}

/* The joining process waits for the command in the container. */
static int exec_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/*
 * The container's cgroup; when its init has enabled controllers below it
 * (systemd does), a process may only join a leaf: the init's own cgroup,
 * as /proc/INIT/cgroup names it from the node's cgroup namespace.
 */
static int exec_join_cgroup(struct ct *ct, pid_t init)
{
	char path[PROC_CGROUP_MAX + 64], text[PROC_CGROUP_MAX], cg[PROC_CGROUP_MAX], within[32];
	char self[24];
	const char *why;
	ssize_t n;

	snprintf(self, sizeof self, "%d", (int)getpid());
	ct_cgroup_path(ct->ctid, "cgroup.procs", path, sizeof path);
	if (file_write_string(path, self) == 0)
		return 0;
	if (errno != EBUSY)
		return ct_fail(ct, "%s: %s", path, strerror(errno));
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)init);
	n = file_read(path, text, sizeof text);
	snprintf(within, sizeof within, CT_CGROUP_VZ "/%u", ct->ctid);
	if (n < 0)
		return ct_fail(ct, "%s: %s", path, strerror(errno));
	if (proc_cgroup_parse(text, (size_t)n, within, cg, sizeof cg, &why) < 0)
		return ct_fail(ct, "%s: %s", path, why);
	snprintf(path, sizeof path, CT_CGROUP_ROOT "%s/cgroup.procs", cg);
	if (file_write_string(path, self) < 0)
		return ct_fail(ct, "%s: %s", path, strerror(errno));
	return 0;
}

int ct_exec(struct ct *ct, char *const argv[], unsigned flags)
{
	int fds[CT_NS_COUNT], status;
	struct ct_status st;
	struct exec_io io;
	char err[128];
	pid_t pid;
	size_t i;

	ct_status(ct, &st);
	if (!st.running)
		return ct_fail_as(ct, CT_ERR_NOT_RUNNING, "not running");
	if (ns_open_init(ct, &st.init_pid, fds) < 0)
		return -1;
	if (exec_io_setup(&io, !!(flags & CT_EXEC_PTY), err, sizeof err) < 0) {
		for (i = 0; i < CT_NS_COUNT; i++)
			close(fds[i]);
		return ct_fail(ct, "%s", err);
	}
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ||
		    prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0) < 0) {
			perror("prctl");
			_exit(126);
		}
		if (exec_join_cgroup(ct, st.init_pid) < 0) {
			fprintf(stderr, "%s\n", ct->error);
			_exit(126);
		}
		ns_join_all(fds);
		if (exec_io_join(&io, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			_exit(126);
		}
		pid = fork();	/* setns into a pid namespace applies to children */
		if (pid == 0)
			exec_child(&io, argv, !!(flags & CT_EXEC_SHELL));
		exec_io_close(&io);
		_exit(pid < 0 ? 126 : exec_wait(pid));
	}
	for (i = 0; i < CT_NS_COUNT; i++)
		close(fds[i]);
	if (pid < 0) {
		exec_io_close(&io);
		return ct_fail(ct, "fork: %s", strerror(errno));
	}
	if (exec_io_relay(&io, pid, &status) < 0)
		return ct_fail(ct, "waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
