/*
 * The net process's system call allowlist (a seccomp filter written by
 * hand in classic BPF). What net needs once sandboxed: its sockets and
 * descriptors (I/O, epoll, accept), memory, time, randomness, and reading
 * files of its chroot. No new sockets, no connect, no exec, no fork, no
 * signals to others, no file writes: opening with a write, create, append
 * or truncate flag fails with EACCES, and any call not listed kills the
 * process (priv starts a new one), so an attacker who takes net over gets
 * its open descriptors and nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "netd.h"

static const unsigned allowed[] = {
	/* descriptors */
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_close, SYS_fstat, SYS_newfstatat, SYS_stat,
	SYS_lseek, SYS_pread64, SYS_fcntl,
	/* sockets handed over or accepted */
	SYS_accept4, SYS_recvfrom, SYS_sendto, SYS_recvmsg, SYS_sendmsg, SYS_shutdown,
	SYS_setsockopt, SYS_getsockopt,
	/* the loop */
	SYS_epoll_wait, SYS_epoll_pwait, SYS_epoll_ctl,
	/* memory */
	SYS_brk, SYS_mmap, SYS_munmap, SYS_mremap, SYS_madvise, SYS_mprotect,
	/* time, randomness, the process itself */
	SYS_clock_gettime, SYS_gettimeofday, SYS_getrandom, SYS_getpid, SYS_gettid,
	SYS_rt_sigprocmask, SYS_rt_sigreturn, SYS_futex, SYS_exit, SYS_exit_group,
};

#define N_ALLOWED (sizeof allowed / sizeof allowed[0])
#define OPEN_WRITE_FLAGS (O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND)
#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP(code, k, jt, jf))

/*
 * Layout: arch load and check, number load, the allowed numbers (each
 * jumping to ALLOW; x32 numbers, with bit 30 set, match none), open and
 * openat (each to its flag check), KILL;
 * open's flag check, openat's flag check (each: load, mask, ALLOW if no
 * write flag, else EACCES); ALLOW.
 */
#define FILTER_LEN (3 + N_ALLOWED + 2 + 1 + 2 * 4 + 1)

int seccomp_install(char *err, size_t size)
{
	struct sock_filter f[FILTER_LEN];
	struct sock_fprog prog;
	unsigned n = 0, i, kill, open_chk, openat_chk, allow = FILTER_LEN - 1;

	kill = 3 + N_ALLOWED + 2;
	open_chk = kill + 1;
	openat_chk = open_chk + 4;
#define TO(target) ((unsigned char)((target) - n - 1))
	f[n] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	n++;
	f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, TO(kill));
	n++;
	f[n] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	n++;
	for (i = 0; i < N_ALLOWED; i++, n++)
		f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, allowed[i], TO(allow), 0);
	f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_open, TO(open_chk), 0);
	n++;
	f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, TO(openat_chk), 0);
	n++;
	f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	for (i = 1; i <= 2; i++) {	/* open's flags are args[1], openat's args[2] */
		f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[i]));
		f[n++] = STMT(BPF_ALU | BPF_AND | BPF_K, OPEN_WRITE_FLAGS);
		f[n] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, TO(allow), 0);
		n++;
		f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES);
	}
	f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
#undef TO
	if (n != FILTER_LEN) {
		snprintf(err, size, "seccomp filter: %u instructions, expected %u", n,
			 (unsigned)FILTER_LEN);
		return -1;
	}
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		snprintf(err, size, "seccomp filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
