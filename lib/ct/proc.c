#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ct/proc.h"

/* Field 22 of a /proc/PID/stat line: the fields after "(comm)" (which may
   hold blanks and parentheses itself) start with field 3. */
static int stat_start_time(const char *line, unsigned long long *start)
{
	const char *p = strrchr(line, ')');
	char *end;
	int field;

	if (!p)
		return -1;
	p++;
	for (field = 3; field <= 22; field++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return -1;
		if (field == 22)
			break;
		p += strcspn(p, " ");
	}
	errno = 0;
	*start = strtoull(p, &end, 10);
	return errno || end == p || (*end != ' ' && *end != '\n' && *end) ? -1 : 0;
}

int ct_proc_start_time(pid_t pid, unsigned long long *start)
{
	char path[32], line[1024];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errno = ESRCH;
		return -1;
	}
	n = read(fd, line, sizeof line - 1);
	close(fd);
	if (n <= 0) {
		errno = ESRCH;
		return -1;
	}
	line[n] = 0;
	if (stat_start_time(line, start) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int ct_proc_exited_within(int pidfd, int ms)
{
	struct pollfd p = { pidfd, POLLIN, 0 };
	int n;

	do
		n = poll(&p, 1, ms);
	while (n < 0 && errno == EINTR);
	return n > 0;
}

/*
 * The pidfd first, the start time second, then the pidfd once more: if
 * the process it names is still there after the start time was read, the
 * number was its own all along, so the start time read was its own too.
 */
int ct_proc_pidfd(pid_t pid, unsigned long long start)
{
	unsigned long long now;
	int fd;

	if (pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0) {
		errno = ESRCH;
		return -1;
	}
	if (ct_proc_start_time(pid, &now) < 0 || now != start || ct_proc_exited_within(fd, 0)) {
		close(fd);
		errno = ESRCH;
		return -1;
	}
	return fd;
}

int ct_proc_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

void ct_proc_self_command(char *out, size_t size)
{
	char buf[256], *arg0, *arg1, *slash;
	ssize_t n = -1;
	int fd;

	fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
	}
	if (n <= 0) {
		snprintf(out, size, "?");
		return;
	}
	buf[n] = 0;
	arg0 = buf;
	slash = strrchr(arg0, '/');
	if (slash)
		arg0 = slash + 1;
	arg1 = buf + strlen(buf) + 1;
	if (arg1 >= buf + n)
		arg1 = buf + n;	/* the NUL that ends what was read */
	snprintf(out, size, "%s%s%s", arg0, *arg1 ? " " : "", arg1);
}
