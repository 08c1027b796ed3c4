#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "tmpl/sandbox.h"

#if !defined(__x86_64__)
#error "the decompressor allowlist is written for x86_64 system call numbers"
#endif

/*
 * The system calls a decompressor may make: the union of what the node's
 * static busybox (gzip -dc, xz -dc) and zstd -dc --no-asyncio make while
 * decompressing good, corrupt and truncated streams as uid 901, measured
 * with strace -f (docs/security.md, "Templates and OCI images"), plus
 * mremap (musl's realloc of large blocks). Anything else kills the
 * process (SIGSYS), as does any other architecture's entry (i386 through
 * int 0x80, x32). zstd runs without its I/O threads, so no clone or futex.
 */
enum rule_kind {
	ALLOW,		/* any arguments */
	ARG0_IS,	/* only with a or b as the first argument */
	NO_EXEC,	/* only without PROT_EXEC (the third argument) */
	FAIL,		/* refused with errno a; the program carries on */
};

struct rule {
	unsigned nr;
	enum rule_kind kind;
	unsigned a, b;
};

static const struct rule rules[] = {
	{ __NR_read, ARG0_IS, 0, 0 },		/* stdin: the compressed file */
	{ __NR_readv, ARG0_IS, 0, 0 },
	{ __NR_write, ARG0_IS, 1, 2 },		/* stdout and stderr: our pipes */
	{ __NR_writev, ARG0_IS, 1, 2 },
	{ __NR_close, ALLOW, 0, 0 },		/* of its stdin and stdout, at the end */
	{ __NR_brk, ALLOW, 0, 0 },		/* memory */
	{ __NR_mmap, NO_EXEC, 0, 0 },
	{ __NR_munmap, ALLOW, 0, 0 },
	{ __NR_mremap, ALLOW, 0, 0 },
	{ __NR_madvise, ALLOW, 0, 0 },
	{ __NR_exit_group, ALLOW, 0, 0 },
	{ __NR_execve, ALLOW, 0, 0 },		/* the exec that starts it; its root holds only itself */
	{ __NR_arch_prctl, ALLOW, 0, 0 },	/* musl's start: the thread pointer */
	{ __NR_set_tid_address, ALLOW, 0, 0 },
	{ __NR_rt_sigprocmask, ALLOW, 0, 0 },
	/* busybox, not run by root, looks for /etc/busybox.conf and drops any setuid */
	{ __NR_getuid, ALLOW, 0, 0 },
	{ __NR_getgid, ALLOW, 0, 0 },
	{ __NR_setuid, ARG0_IS, TMPL_SANDBOX_ID, TMPL_SANDBOX_ID },
	{ __NR_setgid, ARG0_IS, TMPL_SANDBOX_ID, TMPL_SANDBOX_ID },
	{ __NR_stat, FAIL, ENOENT, 0 },		/* that file; zstd: are "stdin", "stdout" files? */
	{ __NR_ioctl, FAIL, ENOTTY, 0 },	/* "is it a terminal?": no */
};

#define N_RULES (sizeof rules / sizeof rules[0])
#define X32_SYSCALL_BIT 0x40000000u
#define KILL SECCOMP_RET_KILL_PROCESS
#define ARG_LO(i) (offsetof(struct seccomp_data, args[i]))	/* little endian: the low word */
#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP(code, k, jt, jf))
#define FILTER_MAX (7 + 6 * N_RULES)	/* head, the rules, the final KILL */

/* A rule's body, entered with its system call matched; every path ends in a return. */
static unsigned body_emit(struct sock_filter *f, const struct rule *r)
{
	unsigned n = 0;

	switch (r->kind) {
	case ALLOW:
		f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		break;
	case ARG0_IS:
		f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
		f[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, r->a, 2, 0);
		f[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, r->b, 1, 0);
		f[n++] = STMT(BPF_RET | BPF_K, KILL);
		f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		break;
	case NO_EXEC:
		f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2));
		f[n++] = JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1);
		f[n++] = STMT(BPF_RET | BPF_K, KILL);
		f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		break;
	case FAIL:
		f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (r->a & SECCOMP_RET_DATA));
		break;
	}
	return n;
}

int tmpl_sandbox_filter_install(void)
{
	struct sock_filter f[FILTER_MAX];
	struct sock_fprog prog;
	unsigned n = 0;

	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = STMT(BPF_RET | BPF_K, KILL);
	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	/* x32 numbers are x86_64's with this bit: all refused */
	f[n++] = JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1);
	f[n++] = STMT(BPF_RET | BPF_K, KILL);
	for (size_t i = 0; i < N_RULES; i++) {
		unsigned at = n++, len = body_emit(f + n, &rules[i]);

		/* not this call: jump over its body to the next check (the nr is still loaded) */
		f[at] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, rules[i].nr, 0, (unsigned char)len);
		n += len;
	}
	f[n++] = STMT(BPF_RET | BPF_K, KILL);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}
