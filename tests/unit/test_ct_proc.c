/*
 * lib/ct/proc.c: a pid is taken for a process only with its start time;
 * the start time is read past a command name holding blanks and
 * parentheses; a process that has exited (a zombie) or another start
 * time gives no pidfd; signals go through the pidfd.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ct/proc.h"

/* A child named "a) b (c" that reports its own start time and waits. */
static pid_t child_start(unsigned long long *start)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		unsigned long long t = 0;

		prctl(PR_SET_NAME, "a) b (c", 0, 0, 0);
		ct_proc_start_time(getpid(), &t);
		if (write(p[1], &t, sizeof t) != sizeof t)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], start, sizeof *start) != sizeof *start)
		pid = -1;
	close(p[0]);
	return pid;
}

int main(void)
{
	unsigned long long mine, theirs = 0, seen = 0;
	char cmd[64];
	int fd, status;
	pid_t pid;

	ok(ct_proc_start_time(getpid(), &mine) == 0 && mine > 0, "this process's start time");
	pid = child_start(&theirs);
	ok(pid > 0 && theirs >= mine, "a child named \"a) b (c\" reads its own");
	ok(ct_proc_start_time(pid, &seen) == 0 && seen == theirs,
	   "the parent reads the same past the name's blanks and parentheses");
	fd = ct_proc_pidfd(pid, theirs);
	ok(fd >= 0, "its pid with its start time: a pidfd");
	ok(ct_proc_exited_within(fd, 0) == 0, "it has not exited");
	errno = 0;
	ok(ct_proc_pidfd(pid, theirs + 1) < 0 && errno == ESRCH,
	   "its pid with another start time: none (ESRCH)");
	ok(ct_proc_signal(fd, SIGTERM) == 0, "a signal through the pidfd");
	ok(ct_proc_exited_within(fd, 5000) == 1, "the pidfd says when it has exited");
	errno = 0;
	ok(ct_proc_pidfd(pid, theirs) < 0 && errno == ESRCH, "an exited child (a zombie): none");
	ok(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	   "it was the child that got the signal");
	errno = 0;
	ok(ct_proc_signal(fd, SIGTERM) < 0 && errno == ESRCH,
	   "a signal to a reaped process fails, whatever now has its pid");
	close(fd);
	ok(ct_proc_pidfd(pid, theirs) < 0, "a reaped child: none");
	ct_proc_self_command(cmd, sizeof cmd);
	is_str(cmd, "test_ct_proc", "this process's command");
	return done_testing();
}
