#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"
#include "base/file.h"

static void state_path(unsigned ctid, const char *suffix, char *out, size_t size)
{
	snprintf(out, size, "%s/%u.%s", CT_RUN_DIR, ctid, suffix);
}

/*
 * Written whole under a temporary name and renamed, so a reader sees the
 * old state or the new one. Not synced: /run is a tmpfs, gone at the next
 * boot with the processes the files name.
 */
int ct_state_write(unsigned ctid, const char *suffix, pid_t pid)
{
	char path[64], tmp[72], text[24];
	int fd, n, saved;

	if (mkdir("/run/vzhost", 0755) < 0 && errno != EEXIST)
		return -1;
	if (mkdir(CT_RUN_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	state_path(ctid, suffix, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	n = snprintf(text, sizeof text, "%d\n", (int)pid);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text, (size_t)n) != n) {
		saved = errno ? errno : EIO;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

pid_t ct_state_read(unsigned ctid, const char *suffix)
{
	char path[64], text[24], *end;
	ssize_t n;
	long v;

	state_path(ctid, suffix, path, sizeof path);
	n = file_read(path, text, sizeof text - 1);
	if (n <= 0)
		return 0;
	text[n] = 0;
	v = strtol(text, &end, 10);
	if (v <= 0 || v > 4194304 || (*end && *end != '\n'))
		return 0;
	if (kill((pid_t)v, 0) < 0 && errno == ESRCH)
		return 0;
	return (pid_t)v;
}

void ct_state_remove(unsigned ctid, const char *suffix)
{
	char path[64];

	state_path(ctid, suffix, path, sizeof path);
	unlink(path);
}

/* 1 if path is a mount point: its device differs from its parent's, or
   /proc/self/mountinfo lists it (bind mounts on the same device). */
int ct_is_mounted(const char *path)
{
	char line[1024], mp[CT_PATH_MAX + 8];
	int found = 0;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f))
		if (sscanf(line, "%*s %*s %*s %*s %519s", mp) == 1 && strcmp(mp, path) == 0)
			found = 1;
	fclose(f);
	return found;
}

int ct_status(struct ct *ct, struct ct_status *st)
{
	memset(st, 0, sizeof *st);
	st->exists = ct->exists;
	st->monitor_pid = ct_state_read(ct->ctid, "mon");
	st->init_pid = st->monitor_pid ? ct_state_read(ct->ctid, "pid") : 0;
	st->running = st->init_pid > 0;
	st->mounted = ct_is_mounted(ct->root);
	return 0;
}
