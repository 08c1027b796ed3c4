#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "ct.h"

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

int ct_seccomp_install(char *err, size_t len)
{
	struct sock_filter f[10 + N_X86_64 + N_I386];
	struct sock_fprog prog;
	unsigned n = 0, i;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	/* x86_64: skip to its list; i386: its list; anything else: allowed. */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0,
					      4 + N_X86_64);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT,
					      N_X86_64 + 1, 0);
	for (i = 0; i < N_X86_64; i++)
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied_x86_64[i],
						      (unsigned char)(N_X86_64 - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, DENY);
	/* i386 */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0,
					      1 + N_I386);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, nr));
	for (i = 0; i < N_I386; i++)
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied_i386[i],
						      (unsigned char)(N_I386 - i), 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, DENY);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		snprintf(err, len, "seccomp filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
