#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ct.h"
#include "file.h"

/*
 * vzctl start --wait (docs/containers.md, "When is a container up"):
 * systemd is up when `systemctl is-system-running` inside says running or
 * degraded; any other init (busybox, sysvinit) when no process in the
 * container runs a sysinit or wait command of its /etc/inittab any more
 * and the init got past them (it has a child, one of them was seen, or
 * 2 s passed without one).
 */

#define WAIT_TICK_NS 100000000L
#define WAIT_BOOT_CMDS 8
#define WAIT_CMD_MAX 128
#define INITTAB_MAX 8192

static const char systemd_up[] =
	"i=0; while [ $i -lt 300 ]; do s=$(systemctl is-system-running --wait 2>/dev/null); "
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

/* 1 if pid's argv[0] or argv[1] is one of the boot commands. */
static int runs_boot_cmd(pid_t pid, const struct boot_cmds *b)
{
	char path[64], argv[512];
	ssize_t n;
	size_t a0;
	int i;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	n = file_read(path, argv, sizeof argv - 1);
	if (n <= 0)
		return 0;
	argv[n] = 0;
	a0 = strlen(argv);
	for (i = 0; i < b->n; i++)
		if (!strcmp(argv, b->cmd[i]) || ((ssize_t)a0 + 1 < n && !strcmp(argv + a0 + 1, b->cmd[i])))
			return 1;
	return 0;
}

/* 1 while some process of the container runs a boot command. */
static int booting(struct ct *ct, const struct boot_cmds *b)
{
	char path[128], procs[8192], *p, *end;
	ssize_t n;

	if (ct_cgroup_path(ct->ctid, "cgroup.procs", path, sizeof path) < 0)
		return 0;
	n = file_read(path, procs, sizeof procs - 1);
	if (n <= 0)
		return 0;
	procs[n] = 0;
	for (p = procs; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (runs_boot_cmd((pid_t)pid, b))
			return 1;
		end += strspn(end, "\n");
	}
	return 0;
}

static int wait_inittab(struct ct *ct, unsigned timeout)
{
	unsigned long ticks = timeout * (1000000000UL / WAIT_TICK_NS), t;
	struct boot_cmds b;
	int seen = 0;

	inittab_boot_cmds(ct, &b);
	for (t = 0; t < ticks; t++) {
		struct ct_status st;

		ct_status(ct, &st);
		if (!st.running)
			return ct_fail(ct, "the init ended while booting");
		if (booting(ct, &b))
			seen = 1;
		else if (seen || ct_nproc(ct->ctid) > 1 || t >= 2000000000UL / WAIT_TICK_NS)
			return 0;
		nanosleep(&(struct timespec){ 0, WAIT_TICK_NS }, NULL);
	}
	return ct_fail(ct, "still booting after %us", timeout);
}

int ct_wait_up(struct ct *ct, pid_t init, unsigned timeout)
{
	char *const argv[] = { (char *)systemd_up, NULL };
	int rc;

	if (!ct_init_is_systemd(init))
		return wait_inittab(ct, timeout);
	rc = ct_exec(ct, argv, 1);
	if (rc == 0)
		return 0;
	return rc < 0 ? -1 : ct_fail(ct, "systemd did not come up (see the message above)");
}
