#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/proc.h"
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
static int state_file_write(unsigned ctid, const char *suffix, const char *text)
{
	char path[64], tmp[72];
	int fd, saved;
	size_t n = strlen(text);

	if (mkdir("/run/vzhost", 0755) < 0 && errno != EEXIST)
		return -1;
	if (mkdir(CT_RUN_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	state_path(ctid, suffix, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
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

static int state_file_read(unsigned ctid, const char *suffix, char *text, size_t size)
{
	char path[64];
	ssize_t n;

	state_path(ctid, suffix, path, sizeof path);
	n = file_read(path, text, size);
	if (n <= 0)
		return -1;
	text[n] = 0;
	return 0;
}

/*
 * CTID.SUFFIX holds the pid alone, as other tools read it
 * (/proc/$(cat 101.pid)); CTID.SUFFIX.start next to it the process's start
 * time (lib/ct/proc.h), written first: a reader that sees a new pid with
 * the old start time takes the process for gone, never an unrelated one
 * for the container's.
 */
int ct_state_write(unsigned ctid, const char *suffix, pid_t pid)
{
	unsigned long long start;
	char name[32], text[32];

	if (ct_proc_start_time(pid, &start) < 0)
		return -1;
	snprintf(name, sizeof name, "%s.start", suffix);
	snprintf(text, sizeof text, "%llu\n", start);
	if (state_file_write(ctid, name, text) < 0)
		return -1;
	snprintf(text, sizeof text, "%d\n", (int)pid);
	return state_file_write(ctid, suffix, text);
}

static int state_number(unsigned ctid, const char *suffix, unsigned long long max,
			unsigned long long *out)
{
	char text[32], *end;

	if (state_file_read(ctid, suffix, text, sizeof text) < 0)
		return -1;
	errno = 0;
	*out = strtoull(text, &end, 10);
	if (errno || end == text || (*end && *end != '\n') || *out > max)
		return -1;
	return 0;
}

int ct_state_pidfd(unsigned ctid, const char *suffix, pid_t *pid)
{
	unsigned long long v, start;
	char name[32];

	*pid = 0;
	snprintf(name, sizeof name, "%s.start", suffix);
	if (state_number(ctid, suffix, 4194304, &v) < 0 || v == 0 ||
	    state_number(ctid, name, UINT64_MAX, &start) < 0) {
		errno = ESRCH;
		return -1;
	}
	*pid = (pid_t)v;
	return ct_proc_pidfd(*pid, start);
}

pid_t ct_state_read(unsigned ctid, const char *suffix)
{
	pid_t pid;
	int fd = ct_state_pidfd(ctid, suffix, &pid);

	if (fd < 0)
		return 0;
	close(fd);
	return pid;
}

void ct_state_remove(unsigned ctid, const char *suffix)
{
	char path[64];

	state_path(ctid, suffix, path, sizeof path);
	unlink(path);
	snprintf(path + strlen(path), sizeof path - strlen(path), ".start");
	unlink(path);
}

uint64_t ct_generation(unsigned ctid)
{
	unsigned long long gen;

	return state_number(ctid, "gen", UINT64_MAX, &gen) < 0 ? 0 : gen;
}

int ct_generation_next(struct ct *ct, uint64_t *gen)
{
	char text[32];

	*gen = ct_generation(ct->ctid) + 1;
	snprintf(text, sizeof text, "%" PRIu64 "\n", *gen);
	if (state_file_write(ct->ctid, "gen", text) < 0)
		return ct_fail(ct, "%s/%u.gen: %s", CT_RUN_DIR, ct->ctid, strerror(errno));
	return 0;
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
