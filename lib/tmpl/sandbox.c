#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/fdio.h"
#include "base/spawn.h"
#include "tmpl/sandbox.h"

#define NAMESPACES (CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS)
#define ROOT_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* In the child: says why on stderr (by then our pipe) and exits. */
static void __attribute__((noreturn)) setup_fail(const char *what, const char *hint)
{
	char msg[256];
	int n = snprintf(msg, sizeof msg, "sandbox: %s: %s%s\n", what, strerror(errno), hint);

	if (n > 0)
		fd_write_full(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
	_exit(TMPL_SANDBOX_SETUP_FAILED);
}

/*
 * The exec failed, under the filter already: no library call that could
 * make a system call of its own (strerror, stdio), only write and exit.
 */
static void __attribute__((noreturn)) exec_fail(int e)
{
	static const struct {
		int errno_value;
		const char *text;
	} why[] = {
		{ ENOENT, "sandbox: exec: No such file or directory (a dynamically linked program?"
			  " the sandbox holds only the program itself)\n" },
		{ EACCES, "sandbox: exec: Permission denied (the program must be executable"
			  " by everyone)\n" },
		{ ENOEXEC, "sandbox: exec: Exec format error\n" },
		{ ENOMEM, "sandbox: exec: Out of memory (beyond its memory limit)\n" },
	};
	const char *text = "sandbox: exec: failed\n";

	for (size_t i = 0; i < sizeof why / sizeof why[0]; i++)
		if (why[i].errno_value == e)
			text = why[i].text;
	fd_write_full(2, text, strlen(text));
	/* not _exit: a sanitizer's wrapper of it makes calls the filter refuses */
	syscall(SYS_exit_group, TMPL_SANDBOX_SETUP_FAILED);
	_exit(TMPL_SANDBOX_SETUP_FAILED);
}

/* in, out, err as 0, 1, 2 and nothing else open. */
static void fds_place(int in, int out, int err)
{
	int fds[3] = { in, out, err };

	/* Above 2 first, so that placing one never overwrites another not yet placed. */
	for (int i = 0; i < 3; i++)
		if ((fds[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 3)) < 0)
			setup_fail("dup", "");
	for (int i = 0; i < 3; i++)
		if (dup2(fds[i], i) != i)
			setup_fail("dup2", "");
	if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0)
		setup_fail("close_range", "");
}

/*
 * Its own namespaces; its root an empty read-only tmpfs with the program
 * bound read-only at /name; the node's tree detached.
 */
static void root_make(const char *exe, const char *name)
{
	char path[128];
	int fd;

	if (unshare(NAMESPACES) < 0)
		setup_fail("unshare", "");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		setup_fail("make the mounts private", "");
	if (mount("vztmpl", TMPL_SANDBOX_MOUNT, "tmpfs", ROOT_FLAGS,
		  "size=4k,nr_inodes=4,mode=0755") < 0)
		setup_fail("mount a tmpfs on " TMPL_SANDBOX_MOUNT, "");
	snprintf(path, sizeof path, "%s/%s", TMPL_SANDBOX_MOUNT, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0555);
	if (fd < 0)
		setup_fail("create the program's mount point", "");
	close(fd);
	if (mount(exe, path, NULL, MS_BIND, NULL) < 0 ||
	    mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
		setup_fail("bind the program", "");
	if (mount(NULL, TMPL_SANDBOX_MOUNT, NULL, MS_REMOUNT | MS_RDONLY | ROOT_FLAGS, NULL) < 0)
		setup_fail("make the root read-only", "");
	if (chdir(TMPL_SANDBOX_MOUNT) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		setup_fail("pivot_root", "");
}

static void limit_set(int resource, rlim_t soft, rlim_t hard, const char *what)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(resource, &rl) < 0)
		setup_fail(what, "");
}

static void limits_set(unsigned cpu)
{
	limit_set(RLIMIT_AS, TMPL_SANDBOX_MEM, TMPL_SANDBOX_MEM, "RLIMIT_AS");
	limit_set(RLIMIT_DATA, TMPL_SANDBOX_MEM, TMPL_SANDBOX_MEM, "RLIMIT_DATA");
	/* SIGXCPU at cpu seconds, SIGKILL a second later. */
	limit_set(RLIMIT_CPU, cpu, cpu + 1, "RLIMIT_CPU");
	limit_set(RLIMIT_CORE, 0, 0, "RLIMIT_CORE");
	limit_set(RLIMIT_FSIZE, 0, 0, "RLIMIT_FSIZE");
	limit_set(RLIMIT_NOFILE, 3, 3, "RLIMIT_NOFILE");
	limit_set(RLIMIT_MEMLOCK, 0, 0, "RLIMIT_MEMLOCK");
	limit_set(RLIMIT_MSGQUEUE, 0, 0, "RLIMIT_MSGQUEUE");
}

/* The unprivileged ids: every capability is gone with uid 0. */
static void ids_drop(void)
{
	if (setgroups(0, NULL) < 0 ||
	    setresgid(TMPL_SANDBOX_ID, TMPL_SANDBOX_ID, TMPL_SANDBOX_ID) < 0 ||
	    setresuid(TMPL_SANDBOX_ID, TMPL_SANDBOX_ID, TMPL_SANDBOX_ID) < 0)
		setup_fail("drop to uid and gid 901", "");
}

static void __attribute__((noreturn)) child_run(const char *exe, char *const argv[], int in,
						int out, int err, unsigned cpu, pid_t parent)
{
	static char *const env[] = { NULL };
	char path[128];

	spawn_child_reset();
	fds_place(in, out, err);
	root_make(exe, argv[0]);
	limits_set(cpu);
	ids_drop();
	/* Dies with its reader; set after the ids changed, which clears it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		setup_fail("parent death signal", " (or the parent is gone)");
	if (tmpl_sandbox_filter_install() < 0)
		setup_fail("seccomp filter", "");
	snprintf(path, sizeof path, "/%s", argv[0]);
	execve(path, argv, env);
	exec_fail(errno);
}

/* Seconds of CPU for a compressed input of this many bytes. */
static unsigned cpu_limit(int in)
{
	struct stat st;
	unsigned long long mib;

	if (fstat(in, &st) < 0 || st.st_size < 0)
		return TMPL_SANDBOX_CPU_BASE;
	mib = ((unsigned long long)st.st_size + (1 << 20) - 1) >> 20;
	if (mib > (1U << 20))
		mib = 1U << 20;
	return TMPL_SANDBOX_CPU_BASE + TMPL_SANDBOX_CPU_PER_MIB * (unsigned)mib;
}

int tmpl_sandbox_start(struct tmpl_sandbox *sb, const char *exe, char *const argv[], int in)
{
	pid_t parent = getpid();
	int out[2], err[2];

	sb->pid = 0;
	sb->out = sb->err = -1;
	sb->cpu = cpu_limit(in);
	if (pipe2(out, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(err, O_CLOEXEC) < 0) {
		int e = errno;

		close(out[0]);
		close(out[1]);
		errno = e;
		return -1;
	}
	/* Its stderr never blocks it: what does not fit the pipe is lost. */
	sb->pid = fcntl(err[1], F_SETFL, O_NONBLOCK) < 0 ? -1 : fork();
	if (sb->pid == 0)
		child_run(exe, argv, in, out[1], err[1], sb->cpu, parent);
	close(out[1]);
	close(err[1]);
	if (sb->pid < 0) {
		int e = errno;

		close(out[0]);
		close(err[0]);
		sb->pid = 0;
		errno = e;
		return -1;
	}
	sb->out = out[0];
	sb->err = err[0];
	return 0;
}
