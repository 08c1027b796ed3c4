#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ct/ct.h"
#include "base/file.h"

/*
 * vzctl start --wait (docs/containers.md, "When is a container up"):
 * systemd is up when `systemctl is-system-running` inside says running or
 * degraded; any other init (busybox, sysvinit) when, twice 100 ms apart,
 * no process in the container runs a sysinit or wait command of its
 * /etc/inittab or is a child of the init not yet exec'd, and the init got
 * past them (one of them was seen, it has a child, or 2 s passed).
 */

#define WAIT_TICK_NS 100000000L
#define WAIT_BOOT_CMDS 8
#define WAIT_CMD_MAX 128
#define INITTAB_MAX 8192

/* Retries while the manager's socket is not up yet; %u: seconds. */
static const char systemd_up[] =
	"i=0; while [ $i -lt %u ]; do s=$(systemctl is-system-running --wait 2>/dev/null); "
	"case $s in running|degraded) exit 0;; starting|initializing|offline|'') sleep 1;; "
	"*) echo \"systemd: $s\" >&2; exit 1;; esac; i=$((i+1)); done; "
	"echo \"systemd: still $s\" >&2; exit 1";

struct boot_cmds {
	char cmd[WAIT_BOOT_CMDS][WAIT_CMD_MAX];
	int n;
};

/* The first word of every sysinit and wait line of the container's inittab
   (read without following a symlink out of the container). */
static void inittab_boot_cmds(struct ct *ct, struct boot_cmds *b)
{
	char path[CT_PATH_MAX + 16], buf[INITTAB_MAX], *line, *save, *f[4];
	ssize_t n = -1;
	int fd, i;

	b->n = 0;
	snprintf(path, sizeof path, "%s/etc/inittab", ct->root);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
	}
	if (n <= 0)
		return;
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line && b->n < WAIT_BOOT_CMDS;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		for (i = 0; i < 3; i++) {
			f[i] = line;
			line = strchr(line, ':');
			if (!line)
				break;
			*line++ = 0;
		}
		if (i < 3 || (strcmp(f[2], "sysinit") && strcmp(f[2], "wait")))
			continue;
		line += strspn(line, " \t-");
		snprintf(b->cmd[b->n], WAIT_CMD_MAX, "%.*s", (int)strcspn(line, " \t"), line);
		if (b->cmd[b->n][0])
			b->n++;
	}
}

/* pid's argv (NUL-separated) into buf; its length, or -1. */
static ssize_t proc_cmdline(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	n = file_read(path, buf, size - 1);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return n;
}

/*
 * 1 if pid is booting: its argv[0] or argv[1] is one of the boot commands,
 * or it is a child the init forked that has not exec'd yet (the init's own
 * command line): what it will run is not known yet.
 */
static int boot_proc(pid_t pid, pid_t init, const char *init_argv, const struct boot_cmds *b)
{
	char argv[512];
	ssize_t n = proc_cmdline(pid, argv, sizeof argv);
	size_t a0;
	int i;

	if (n < 0 || pid == init)
		return 0;
	if (!strcmp(argv, init_argv))
		return 1;
	a0 = strlen(argv);
	for (i = 0; i < b->n; i++)
		if (!strcmp(argv, b->cmd[i]) || ((ssize_t)a0 + 1 < n && !strcmp(argv + a0 + 1, b->cmd[i])))
			return 1;
	return 0;
}

/* 1 while some process of the container is booting. */
static int booting(struct ct *ct, pid_t init, const struct boot_cmds *b)
{
	char path[128], procs[8192], init_argv[512], *p, *end;
	ssize_t n;

	if (proc_cmdline(init, init_argv, sizeof init_argv) < 0 ||
	    ct_cgroup_path(ct->ctid, "cgroup.procs", path, sizeof path) < 0)
		return 0;
	n = file_read(path, procs, sizeof procs - 1);
	if (n <= 0)
		return 0;
	procs[n] = 0;
	for (p = procs; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (boot_proc((pid_t)pid, init, init_argv, b))
			return 1;
		end += strspn(end, "\n");
	}
	return 0;
}

/* Up after two quiet samples in a row (the init forks the next boot
   command right after reaping the last). */
static int wait_inittab(struct ct *ct, unsigned timeout)
{
	unsigned long ticks = timeout * (1000000000UL / WAIT_TICK_NS), t;
	struct boot_cmds b;
	int seen = 0, quiet = 0;

	inittab_boot_cmds(ct, &b);
	for (t = 0; t < ticks; t++) {
		struct ct_status st;

		ct_status(ct, &st);
		if (!st.running)
			return ct_fail(ct, "the init ended while booting");
		if (booting(ct, st.init_pid, &b)) {
			seen = 1;
			quiet = 0;
		} else if (++quiet >= 2 &&
			   (seen || ct_nproc(ct->ctid) > 1 || t >= 2000000000UL / WAIT_TICK_NS)) {
			return 0;
		}
		nanosleep(&(struct timespec){ 0, WAIT_TICK_NS }, NULL);
	}
	return ct_fail(ct, "still booting after %us", timeout);
}

int ct_wait_up(struct ct *ct, pid_t init, unsigned timeout)
{
	char cmd[sizeof systemd_up + 16];
	char *const argv[] = { cmd, NULL };
	int rc;

	if (!ct_init_is_systemd(init))
		return wait_inittab(ct, timeout);
	snprintf(cmd, sizeof cmd, systemd_up, timeout);
	rc = ct_exec(ct, argv, CT_EXEC_SHELL);
	if (rc == 0)
		return 0;
	return rc < 0 ? -1 : ct_fail(ct, "systemd did not come up (see the message above)");
}
