#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ct/lock.h"
#include "ct/proc.h"

#define RECORD_MAX 128
#define POLL_MAX_NS 50000000L	/* a waiter looks again at least every 50 ms */

void ct_lock_init(struct ct_lock *l)
{
	l->fd = -1;
}

void ct_lock_path(unsigned ctid, char *out, size_t size)
{
	snprintf(out, size, "%s/%u.lck", CT_LOCK_DIR, ctid);
}

/* "PID START COMMAND": this process as the holder. Best effort: a lock
   whose record could not be written is still held. */
static void holder_record(int fd)
{
	char cmd[CT_LOCK_CMD_MAX], text[RECORD_MAX];
	unsigned long long start = 0;
	int n;

	ct_proc_self_command(cmd, sizeof cmd);
	if (ct_proc_start_time(getpid(), &start) < 0)
		start = 0;
	n = snprintf(text, sizeof text, "%d %llu %s\n", (int)getpid(), start, cmd);
	if (n >= (int)sizeof text)
		n = (int)sizeof text - 1;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, text, (size_t)n, 0) != n)
		errno = 0;
}

/* The holder the file names, if that process is still there. */
static void holder_read(int fd, struct ct_lock_holder *h)
{
	char text[RECORD_MAX], *p;
	unsigned long long start;
	int pid, used = 0, alive;
	ssize_t n;

	memset(h, 0, sizeof *h);
	n = pread(fd, text, sizeof text - 1, 0);
	if (n <= 0)
		return;
	text[n] = 0;
	if (sscanf(text, "%d %llu %n", &pid, &start, &used) != 2 || used == 0)
		return;
	alive = ct_proc_pidfd(pid, start);
	if (alive < 0)
		return;
	close(alive);
	h->pid = pid;
	snprintf(h->command, sizeof h->command, "%.*s", (int)strcspn(text + used, "\n"),
		 text + used);
	for (p = h->command; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static long ns_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000000000L + (now.tv_nsec - t0->tv_nsec);
}

/* flock(LOCK_EX) with a deadline: flock itself has none, so a busy lock
   is tried again after 1 ms, 2 ms, ... at most 50 ms apart. */
static int lock_wait(int fd, unsigned wait)
{
	struct timespec t0, pause = { 0, 1000000L };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return -1;
		if (ns_since(&t0) >= (long)wait * 1000000000L) {
			errno = ETIMEDOUT;
			return -1;
		}
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < POLL_MAX_NS)
			pause.tv_nsec = pause.tv_nsec * 2 > POLL_MAX_NS ? POLL_MAX_NS
								  : pause.tv_nsec * 2;
	}
}

int ct_lock_take(struct ct_lock *l, unsigned ctid, unsigned wait, struct ct_lock_holder *holder)
{
	char path[64];
	int fd, saved;

	if (l->fd >= 0)
		return 0;
	if (mkdir(CT_LOCK_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	ct_lock_path(ctid, path, sizeof path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	if (lock_wait(fd, wait) < 0) {
		saved = errno;
		if (saved == ETIMEDOUT)
			holder_read(fd, holder);
		close(fd);
		errno = saved;
		return -1;
	}
	holder_record(fd);
	l->fd = fd;
	return 0;
}

void ct_lock_release(struct ct_lock *l)
{
	if (l->fd < 0)
		return;
	if (ftruncate(l->fd, 0) < 0)
		errno = 0;
	close(l->fd);
	l->fd = -1;
}
