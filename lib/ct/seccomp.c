#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "ct/ct.h"

/*
 * System calls refused (EPERM) in a container, for both x86_64 and i386
 * programs; x32 calls are refused as a whole. Most of these already fail
 * for a user namespace's root (the kernel checks CAP_SYS_MODULE and
 * friends against the initial namespace); the filter is the second wall.
 * reboot(2) is allowed: in a child pid namespace the kernel turns it into
 * the end of the container's init (SIGHUP restart, SIGINT halt).
 */
static const unsigned denied_x86_64[] = {
	__NR_init_module, __NR_finit_module, __NR_delete_module, __NR_kexec_load,
	__NR_kexec_file_load, __NR_open_by_handle_at, __NR_ioperm, __NR_iopl,
	__NR_swapon, __NR_swapoff, __NR_acct, __NR_lookup_dcookie,
};
/* i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
static const unsigned denied_i386[] = {
	128 /* init_module */, 350 /* finit_module */, 129 /* delete_module */,
	283 /* kexec_load */, 342 /* open_by_handle_at */, 101 /* ioperm */, 110 /* iopl */,
	87 /* swapon */, 115 /* swapoff */, 51 /* acct */, 253 /* lookup_dcookie */,
};

#define N_X86_64 (sizeof denied_x86_64 / sizeof denied_x86_64[0])
#define N_I386 (sizeof denied_i386 / sizeof denied_i386[0])
#define X32_SYSCALL_BIT 0x40000000u
#define DENY (SECCOMP_RET_ERRNO | EPERM)
#define IOCTL_X86_64 16u
#define IOCTL_I386 54u

/*
 * ioctl(2) requests refused on any fd: TIOCSTI pushes input into a
 * terminal and TIOCLINUX can paste a selection; a process started by
 * `vzctl exec` on the operator's terminal must not type into the node's
 * shell. The request is an unsigned int, so its low 32 bits decide.
 */
static const unsigned denied_ioctl[] = { 0x5412 /* TIOCSTI */, 0x541C /* TIOCLINUX */ };
#define N_IOCTL (sizeof denied_ioctl / sizeof denied_ioctl[0])

/* x32 check, the numbers, ioctl check, load request, requests, ALLOW, DENY */
#define BLOCK_LEN(count, x32) ((x32 ? 1u : 0u) + (count) + 1 + 1 + N_IOCTL + 2)
#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP(code, k, jt, jf))

/*
 * One architecture's block, entered with the system call number loaded:
 * the denied numbers, then ioctl's request against denied_ioctl. Its last
 * two instructions are ALLOW and DENY; every jump is forward to them.
 */
static void emit_arch(struct sock_filter *f, unsigned *n, const unsigned *denied, unsigned count,
		      unsigned ioctl_nr, int x32_denied)
{
	unsigned len = BLOCK_LEN(count, x32_denied);
	unsigned deny = *n + len - 1, allow = deny - 1, i;

#define TO(target) ((unsigned char)((target) - *n - 1))
	if (x32_denied) {
		f[*n] = JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, TO(deny), 0);
		++*n;
	}
	for (i = 0; i < count; i++, ++*n)
		f[*n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied[i], TO(deny), 0);
	f[*n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, ioctl_nr, 0, TO(allow));
	++*n;
	f[(*n)++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]));
	for (i = 0; i < N_IOCTL; i++, ++*n)
		f[*n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied_ioctl[i], TO(deny), 0);
#undef TO
	f[(*n)++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[(*n)++] = STMT(BPF_RET | BPF_K, DENY);
}

int ct_seccomp_install(char *err, size_t len)
{
	/* arch load, x86_64 check, nr load, its block, i386 check, nr load,
	   its block, ALLOW for any other architecture */
	struct sock_filter f[6 + BLOCK_LEN(N_X86_64, 1) + BLOCK_LEN(N_I386, 0)];
	struct sock_fprog prog;
	unsigned n = 0;

	/* x86_64: its block; i386: its block; anything else: allowed. */
	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0,
		    (unsigned char)(1 + BLOCK_LEN(N_X86_64, 1)));
	n++;
	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	emit_arch(f, &n, denied_x86_64, N_X86_64, IOCTL_X86_64, 1);
	f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0,
		    (unsigned char)(1 + BLOCK_LEN(N_I386, 0)));
	n++;
	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	emit_arch(f, &n, denied_i386, N_I386, IOCTL_I386, 0);
	f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		snprintf(err, len, "seccomp filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
