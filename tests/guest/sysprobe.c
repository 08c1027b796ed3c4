/*
 * sysprobe: system calls a container must not have, each made once with
 * harmless arguments (null pointers, bad fds), and what came back
 * (tests/system/76-ct-escape.t). Run in a container, the answers are the
 * seccomp filter's; run on the node as root, the kernel's own (success or
 * an argument error: the probe reaches the kernel there).
 *
 *   sysprobe NAME...   one line per NAME: "NAME: ok" or "NAME: ERRNO"
 *                      (ERRNO as EPERM, ENOSYS, EFAULT, ...); the NAME
 *                      euid prints "euid: N" (for a setuid copy)
 *
 * Exit status: 0, or 111 for an unknown NAME.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Numbers of x86_64 (arch/x86/entry/syscalls/syscall_64.tbl): musl's
   headers do not have the newest. */
static const struct probe {
	const char *name;
	long nr, a0, a1, a2;
} probes[] = {
	{ "io_uring_setup", 425, 1, 0, 0 },	/* entries 1, params NULL: EFAULT */
	{ "io_uring_enter", 426, -1, 0, 0 },
	{ "io_uring_register", 427, -1, 0, 0 },
	{ "bpf", 321, 5 /* BPF_PROG_LOAD */, 0, 0 },
	{ "perf_event_open", 298, 0, 0, -1 },
	{ "userfaultfd", 323, 0, 0, 0 },
	{ "add_key", 248, 0, 0, 0 },
	{ "request_key", 249, 0, 0, 0 },
	{ "keyctl", 250, 0, 0, 0 },
	{ "syslog", 103, 10 /* SIZE_BUFFER */, 0, 0 },
	{ "open_by_handle_at", 304, -1, 0, 0 },
	{ "init_module", 175, 0, 0, 0 },
	{ "finit_module", 313, -1, 0, 0 },
	{ "delete_module", 176, 0, 0, 0 },
	{ "kexec_load", 246, 0, 0, 0 },
	{ "kexec_file_load", 320, -1, -1, 0 },
	{ "iopl", 172, 3, 0, 0 },
	{ "ioperm", 173, 0x80, 1, 1 },
	{ "swapon", 167, 0, 0, 0 },
	{ "swapoff", 168, 0, 0, 0 },
	{ "acct", 163, 0, 0, 0 },
	{ "settimeofday", 164, 0, 0, 0 },
	{ "clock_settime", 227, 0 /* CLOCK_REALTIME */, 0, 0 },
	{ "quotactl", 179, 0, 0, 0 },
	{ "lookup_dcookie", 212, 0, 0, 0 },
	{ "uselib", 134, 0, 0, 0 },
	{ "open_tree", 428, -1, 0, 0 },
	{ "move_mount", 429, -1, 0, -1 },
	{ "fsopen", 430, 0, 0, 0 },
	{ "fsconfig", 431, -1, 0, 0 },
	{ "fsmount", 432, -1, 0, 0 },
	{ "fspick", 433, -1, 0, 0 },
	{ "mount_setattr", 442, -1, 0, 0 },
	{ "personality-read-implies-exec", 135, 0x0400000, 0, 0 },
	{ "x32-getpid", 0x40000000 | 39, 0, 0, 0 },
};

static const char *errno_name(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOSYS, "ENOSYS" }, { EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
		{ EBADF, "EBADF" }, { ENOENT, "ENOENT" }, { EACCES, "EACCES" }, { ENODEV, "ENODEV" },
		{ E2BIG, "E2BIG" }, { ENOTSUP, "ENOTSUP" }, { ENOMEM, "ENOMEM" }, { ENOEXEC, "ENOEXEC" },
		{ ESRCH, "ESRCH" }, { ENOTDIR, "ENOTDIR" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	};
	static char other[16];
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

int main(int argc, char **argv)
{
	const struct probe *p;
	long rc;
	int i;
	size_t k;

	for (i = 1; i < argc; i++) {
		for (k = 0, p = NULL; k < sizeof probes / sizeof probes[0]; k++)
			if (!strcmp(probes[k].name, argv[i]))
				p = &probes[k];
		if (!strcmp(argv[i], "euid")) {
			printf("euid: %u\n", (unsigned)geteuid());
			continue;
		}
		if (!p) {
			fprintf(stderr, "sysprobe: %s: unknown\n", argv[i]);
			return 111;
		}
		errno = 0;
		rc = syscall(p->nr, p->a0, p->a1, p->a2, 0L, 0L, 0L);
		if (rc >= 0 && p->nr == 135)
			syscall(135, 0L);	/* back to PER_LINUX */
		printf("%s: %s\n", p->name, rc < 0 ? errno_name(errno) : "ok");
	}
	return 0;
}
