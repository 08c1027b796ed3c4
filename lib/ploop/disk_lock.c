#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/file.h"
#include "base/monotime.h"
#include "base/rootfile.h"
#include "ploop/disk_impl.h"

#define HOLDER_MAX 128			/* "PID COMMAND LINE" kept in the lock file */
#define POLL_FIRST_MS 10
#define POLL_MAX_MS 500

/* "PID ARGV..." of this process, NUL-terminated, at most HOLDER_MAX - 1 bytes. */
static void holder_self(char *out, size_t len)
{
	char cmd[HOLDER_MAX];
	ssize_t n = file_read("/proc/self/cmdline", cmd, sizeof cmd);
	ssize_t i;

	if (n < 0) {		/* longer than we keep, or no /proc: the pid alone */
		n = 0;
		cmd[0] = 0;
	}
	for (i = 0; i + 1 < n; i++)
		if (!cmd[i])
			cmd[i] = ' ';
	snprintf(out, len, "%d %s\n", (int)getpid(), cmd);
}

static void holder_record(int fd)
{
	char text[HOLDER_MAX + 16];

	holder_self(text, sizeof text);
	if (ftruncate(fd, 0) == 0)
		fd_pwrite_full(fd, text, strlen(text), 0);
}

/* What the holder recorded, printable, as "pid N (COMMAND)". */
static void holder_describe(int fd, char *out, size_t len)
{
	char text[HOLDER_MAX], *cmd;
	ssize_t n = fd_pread_upto(fd, text, sizeof text - 1, 0), i;
	long pid;

	if (n < 0)
		n = 0;
	text[n] = 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] > 0x7e)
			text[i] = text[i] == '\n' ? 0 : '?';
	pid = strtol(text, &cmd, 10);
	if (pid <= 0 || cmd == text || *cmd != ' ')
		snprintf(out, len, "another process (none recorded)");
	else
		snprintf(out, len, "pid %ld (%s)", pid, cmd + 1);
}

/* 1 while the lock file's name still names the file fd has open. */
static int lock_still_named(int dfd, int fd)
{
	struct stat a, b;

	return !fstat(fd, &a) && !fstatat(dfd, PLOOP_LOCK_NAME, &b, AT_SYMLINK_NOFOLLOW) &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Waits for the flock on fd until deadline: 0, -EWOULDBLOCK at the deadline, or -errno. */
static int flock_until(int fd, int64_t deadline)
{
	unsigned delay = POLL_FIRST_MS;

	for (;;) {
		if (!flock(fd, LOCK_EX | LOCK_NB))
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (monotime_ms() >= deadline)
			return -EWOULDBLOCK;
		sleep_ms(delay);
		delay = delay * 2 > POLL_MAX_MS ? POLL_MAX_MS : delay * 2;
	}
}

static int lock_fail(struct ploop_disk_ctx *ctx, int err, const char *dir, int fd,
		     unsigned timeout_ms)
{
	char path[PLOOP_DISK_PATH_MAX], who[HOLDER_MAX + 32];

	if (ploop_disk_path(path, sizeof path, dir, PLOOP_LOCK_NAME))
		snprintf(path, sizeof path, "%s", dir);
	if (err != -EWOULDBLOCK)
		return ploop_disk_fail(ctx, err, path, "cannot lock: %s", rootfile_why(-err));
	holder_describe(fd, who, sizeof who);
	return ploop_disk_fail(ctx, -EBUSY, dir, "in use: locked by %s; gave up after %u s",
			       who, (timeout_ms + 999) / 1000);
}

int ploop_disk_lock(const char *dir, unsigned timeout_ms, struct ploop_disk_lock *l,
		    struct ploop_disk_ctx *ctx)
{
	int64_t deadline = monotime_ms() + timeout_ms;
	int dfd, fd = -1, r;

	l->fd = -1;
	dfd = rootfile_dir_open(dir);
	if (dfd < 0)
		return ploop_disk_dir_fail(ctx, -errno, dir);
	for (;;) {
		fd = rootfile_open(dfd, PLOOP_LOCK_NAME, O_RDWR | O_CREAT, 0644, ROOTFILE_BENEATH);
		r = fd < 0 ? -errno : flock_until(fd, deadline);
		if (r || lock_still_named(dfd, fd))
			break;
		close(fd);	/* deleted and made anew while we waited: lock the new one */
	}
	if (r) {
		r = lock_fail(ctx, r, dir, fd, timeout_ms);
		if (fd >= 0)
			close(fd);
	} else {
		holder_record(fd);
		l->fd = fd;
	}
	close(dfd);
	return r;
}

/*
 * Best effort: a tool that locks without recording itself (OpenVZ's ploop,
 * flock(1)) is then reported as "none recorded" rather than as us.
 */
static void holder_clear(int fd)
{
	if (ftruncate(fd, 0) < 0)
		return;
}

void ploop_disk_unlock(struct ploop_disk_lock *l)
{
	if (l->fd < 0)
		return;
	holder_clear(l->fd);
	close(l->fd);
	l->fd = -1;
}
