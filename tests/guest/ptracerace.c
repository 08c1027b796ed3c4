/*
 * ptracerace: the attack on a joining `vzctl exec` (tests/system/76-ct-escape.t,
 * issue 11 item 3), run as root inside a container. A process that enters
 * the container appears in its pid namespace as the newest pid, named as
 * the program that made it ("vzctl") until it execs the command. The
 * racer watches the newest pid, stops each new process with SIGSTOP (the
 * container's root may signal it) so that the window cannot close, then
 * tries what an attacker wants: ptrace it, read its memory.
 *
 *   ptracerace race SECS NAME   catch the first new process called NAME
 *                               within SECS; print one line:
 *                               "NAME pid P uid U: ptrace RESULT, mem RESULT"
 *   ptracerace bait MS          a child called "bait" lives MS ms (the
 *                               control: an ordinary process of the
 *                               container, which the racer can attach)
 *
 * Exit status (race): 0 when both were refused, 1 when either worked (an
 * escape, or the control's success), 2 when no process was caught.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The effective uid on the status file's Uid: line, as seen from here. */
static long status_uid(pid_t pid)
{
	char path[64], text[4096], *uid;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = 0;
	uid = strstr(text, "\nUid:");
	return uid ? strtol(uid + 5, NULL, 10) : -1;
}

/* The attack on a stopped process; 1 if anything worked. */
static int attack(pid_t pid, const char *name)
{
	char path[64], mem_result[64], ptrace_result[64];
	long uid = status_uid(pid);
	int fd, won = 0;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0) {
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		snprintf(ptrace_result, sizeof ptrace_result, "attached");
		won = 1;
	} else {
		snprintf(ptrace_result, sizeof ptrace_result, "%s", strerror(errno));
	}
	snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		snprintf(mem_result, sizeof mem_result, "opened");
		won = 1;
	} else {
		snprintf(mem_result, sizeof mem_result, "%s", strerror(errno));
	}
	printf("%s pid %d uid %ld: ptrace %s, mem %s\n", name, (int)pid, uid, ptrace_result,
	       mem_result);
	return won;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#define RACE_AHEAD 8	/* pids tried past the newest seen (short-lived ones leave gaps) */

static int race(double secs, const char *name)
{
	double end = now() + secs;
	long next = getpid() + 1, k;
	char path[64], comm[32];
	unsigned long spins = 0;
	int won;

	while ((++spins & 1023) || now() < end) {
		for (k = 0; k < RACE_AHEAD && kill((pid_t)(next + k), SIGSTOP) < 0; k++)
			;
		if (k == RACE_AHEAD)
			continue;
		next += k + 1;
		snprintf(path, sizeof path, "/proc/%ld/comm", next - 1);
		if (read_text(path, comm, sizeof comm) == 0 && !strcmp(comm, name)) {
			won = attack((pid_t)(next - 1), name);
			kill((pid_t)(next - 1), SIGCONT);
			fflush(stdout);
			return won;
		}
		kill((pid_t)(next - 1), SIGCONT);
	}
	printf("no process called %s caught in %.0f s\n", name, secs);
	return 2;
}

/* Named before the fork, so that the child is "bait" from its first moment. */
static int bait(long ms)
{
	pid_t pid;

	prctl(PR_SET_NAME, "bait", 0, 0, 0);
	pid = fork();
	if (pid == 0) {
		usleep((useconds_t)ms * 1000);
		_exit(0);
	}
	return pid < 0 || waitpid(pid, NULL, 0) < 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "race"))
		return race(atof(argv[2]), argv[3]);
	if (argc == 3 && !strcmp(argv[1], "bait"))
		return bait(atol(argv[2]));
	fprintf(stderr, "usage: ptracerace race SECS NAME | bait MS\n");
	return 111;
}
