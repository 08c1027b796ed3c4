#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/file.h"
#include "base/rootfile.h"
#include "ct/ct.h"
#include "ct/inittab.h"

/*
 * vzctl start --wait (docs/containers.md, "When is a container up"):
 * systemd is up when `systemctl is-system-running` inside says running or
 * degraded; any other init (busybox, sysvinit) when, twice 100 ms apart,
 * no process in the container runs a sysinit or wait command of its
 * /etc/inittab or is a child of the init not yet exec'd, and the init got
 * past them (one of them was seen, it has a child, or 2 s passed).
 */

#define WAIT_TICK_NS 100000000L
#define CMDLINE_MAX 512

/* Retries while the manager's socket is not up yet; %u: seconds. */
static const char systemd_up[] =
	"i=0; while [ $i -lt %u ]; do s=$(systemctl is-system-running --wait 2>/dev/null); "
	"case $s in running|degraded) exit 0;; starting|initializing|offline|'') sleep 1;; "
	"*) echo \"systemd: $s\" >&2; exit 1;; esac; i=$((i+1)); done; "
	"echo \"systemd: still $s\" >&2; exit 1";

/*
 * The boot commands of the container's /etc/inittab, read inside its root
 * (lib/base/rootfile.h): none without one; a FIFO, symlink, directory or
 * oversized file there fails, saying so, rather than hang or guess.
 */
static int inittab_read(struct ct *ct, struct inittab_cmds *b)
{
	char *buf = malloc(INITTAB_MAX + 1);
	ssize_t n = -1;
	int root = rootfile_dir_open(ct->root), e;

	b->n = 0;
	if (buf && root >= 0)
		n = rootfile_read(root, "etc/inittab", buf, INITTAB_MAX + 1, ROOTFILE_IN_ROOT);
	e = n < 0 ? (buf ? errno : ENOMEM) : 0;
	if (root >= 0)
		close(root);
	if (!e)
		inittab_boot_cmds(buf, (size_t)n, b);
	free(buf);
	if (e && (e != ENOENT || root < 0))
		return ct_fail(ct, "%s/etc/inittab: %s (start --wait cannot tell when it has booted)",
			       ct->root, rootfile_why(e));
	return 0;
}

/* pid's argv (NUL-separated) into buf, read in its /proc directory; its length, or -1. */
static ssize_t proc_cmdline(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int dir;

	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	dir = rootfile_dir_open(path);
	if (dir < 0)
		return -1;
	n = rootfile_read(dir, "cmdline", buf, size, ROOTFILE_IN_ROOT);
	close(dir);
	return n > 0 ? n : -1;
}

/*
 * 1 if pid is booting: its argv[0] or argv[1] is one of the boot commands,
 * or it is a child the init forked that has not exec'd yet (the init's own
 * command line): what it will run is not known yet.
 */
static int boot_proc(pid_t pid, pid_t init, const char *init_argv, const struct inittab_cmds *b)
{
	char argv[CMDLINE_MAX];
	ssize_t n = proc_cmdline(pid, argv, sizeof argv);
	size_t a0;
	unsigned i;

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
static int booting(struct ct *ct, pid_t init, const struct inittab_cmds *b)
{
	char path[128], procs[8192], init_argv[CMDLINE_MAX], *p, *end;
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
	struct inittab_cmds b;
	int seen = 0, quiet = 0;

	if (inittab_read(ct, &b) < 0)
		return -1;
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
