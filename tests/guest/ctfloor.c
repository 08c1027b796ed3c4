/*
 * ctfloor: the floor a container start and stop is measured against
 * (tests/bench/ct_start.sh).
 *
 *   ctfloor floor      one round: a cgroup made under /sys/fs/cgroup/vz,
 *                      a child moved into it that unshares the namespaces
 *                      a container gets (user, pid, mount, uts, ipc, net,
 *                      cgroup) and forks /bin/true as the new pid 1, the
 *                      cgroup removed; prints start and stop microseconds
 *                      (start: until /bin/true is exec'd, stop: its exit
 *                      and the cgroup's removal)
 *   ctfloor floor3     the same, the child made by clone3 straight into
 *                      the cgroup (CLONE_INTO_CGROUP) rather than moved
 *                      there, as vzmon does: no migration to wait for
 *   ctfloor time CMD [ARG...]
 *                      runs CMD (its stdout to /dev/null), prints its wall
 *                      time in microseconds and exits with its status
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FLOOR_CGROUP "/sys/fs/cgroup/vz/ctfloor"
#define FLOOR_NS (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
		  CLONE_NEWNET | CLONE_NEWCGROUP)

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static int die(const char *what)
{
	fprintf(stderr, "ctfloor: %s: %s\n", what, strerror(errno));
	return 111;
}

static int write_pid(const char *path, pid_t pid)
{
	char buf[24];
	int fd = open(path, O_WRONLY | O_CLOEXEC), n, rc;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof buf, "%d", (int)pid);
	rc = write(fd, buf, (size_t)n) == n ? 0 : -1;
	close(fd);
	return rc;
}

/* The child: into the cgroup, new namespaces, /bin/true as their pid 1;
   tells the parent (ready pipe) when true is about to exec. */
static void floor_child(int ready, int moved)
{
	static char true_path[] = "/bin/true";
	char *const argv[] = { true_path, NULL };
	int status;
	pid_t pid;

	if ((moved && write_pid(FLOOR_CGROUP "/cgroup.procs", getpid()) < 0) || unshare(FLOOR_NS) < 0)
		_exit(111);
	pid = fork();
	if (pid == 0) {
		if (write(ready, "r", 1) != 1)
			_exit(111);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		_exit(111);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 111);
}

/* A child in the floor's cgroup from birth (clone3), like vzmon's. */
static pid_t fork_into_cgroup(void)
{
	struct clone_args a;
	int cg = open(FLOOR_CGROUP, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	pid_t pid;

	if (cg < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.flags = CLONE_INTO_CGROUP;
	a.exit_signal = SIGCHLD;
	a.cgroup = (unsigned)cg;
	pid = (pid_t)syscall(SYS_clone3, &a, sizeof a);
	if (pid != 0)
		close(cg);
	return pid;
}

static int floor_round(int clone3)
{
	long long t0, t1, t2;
	int p[2], status;
	char c;
	pid_t pid;

	t0 = now_us();
	if (mkdir(FLOOR_CGROUP, 0755) < 0)
		return die("mkdir " FLOOR_CGROUP);
	if (pipe2(p, O_CLOEXEC) < 0)
		return die("pipe");
	pid = clone3 ? fork_into_cgroup() : fork();
	if (pid < 0)
		return die(clone3 ? "clone3 into " FLOOR_CGROUP : "fork");
	if (pid == 0) {
		close(p[0]);
		floor_child(p[1], !clone3);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		fprintf(stderr, "ctfloor: the child failed before exec\n");
		return 111;
	}
	close(p[0]);
	t1 = now_us();
	if (waitpid(pid, &status, 0) < 0)
		return die("waitpid");
	while (rmdir(FLOOR_CGROUP) < 0)
		if (errno != EBUSY)
			return die("rmdir " FLOOR_CGROUP);
	t2 = now_us();
	printf("%lld %lld\n", t1 - t0, t2 - t1);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static int time_cmd(char **argv)
{
	long long t0 = now_us();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 1) < 0)
			_exit(111);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return die("waitpid");
	printf("%lld\n", now_us() - t0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "floor"))
		return floor_round(0);
	if (argc == 2 && !strcmp(argv[1], "floor3"))
		return floor_round(1);
	if (argc >= 3 && !strcmp(argv[1], "time"))
		return time_cmd(argv + 2);
	fprintf(stderr, "usage: ctfloor floor | ctfloor floor3 | ctfloor time CMD [ARG...]\n");
	return 100;
}
