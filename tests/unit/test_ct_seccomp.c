/*
 * The container's seccomp filter (lib/ct/seccomp.c) installed in this
 * process (with no_new_privs, so no privilege is needed): every refused
 * call gets its errno for x86_64 programs, and for i386 ones (int $0x80)
 * when this host's kernel runs them; the arguments of ioctl and
 * personality decide; calls past the review and x32 calls get ENOSYS;
 * ordinary calls still work. The i386 half is also run through a small
 * interpreter of the filter, as the kernel would for an i386 program.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ct/ct.h"
#include "ct/seccomp_rules.h"

/* An i386 system call with bogus pointer arguments: -errno or the result. */
static long call_i386(long nr)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(0), "c"(0), "d"(0), "S"(0), "D"(0)
			 : "memory");
	return ret;
}

/* The errno of a call with zero arguments, 0 if it succeeded. */
static int call_errno(long nr)
{
	errno = 0;
	return syscall(nr, 0, 0, 0, 0, 0, 0) < 0 ? errno : 0;
}

static void test_rules(int i386)
{
	const struct seccomp_rule *r;
	unsigned i;
	long got;

	for (i = 0; i < seccomp_rules_n; i++) {
		r = &seccomp_rules[i];
		if (r->nr_x86_64 != SECCOMP_NONE)
			is_int(call_errno(r->nr_x86_64), r->err, r->name);
		if (i386 && r->nr_i386 != SECCOMP_NONE) {
			got = call_i386(r->nr_i386);
			if (!ok(got == -r->err, "%s (i386 %u)", r->name, r->nr_i386))
				printf("#   got: %ld\n", got);
		}
	}
}

static void test_args(void)
{
	int p[2], n = 0;
	int cur = personality(0xffffffff);

	ok(cur >= 0, "personality query allowed (%#x)", cur);
	ok(personality(PER_LINUX | ADDR_NO_RANDOMIZE) >= 0 && personality((unsigned)cur) >= 0,
	   "personality ADDR_NO_RANDOMIZE allowed");
	errno = 0;
	ok(personality(READ_IMPLIES_EXEC) < 0 && errno == EPERM, "READ_IMPLIES_EXEC refused");
	errno = 0;
	ok(personality(MMAP_PAGE_ZERO) < 0 && errno == EPERM, "MMAP_PAGE_ZERO refused");
	errno = 0;
	ok(ioctl(0, TIOCSTI, "x") < 0 && errno == EPERM, "ioctl TIOCSTI refused");
	errno = 0;
	ok(syscall(SYS_ioctl, 0, 0xffffffff00005412UL, "x") < 0 && errno == EPERM,
	   "ioctl TIOCSTI with high bits set refused");
	ok(pipe(p) == 0 && ioctl(p[0], FIONREAD, &n) == 0, "ioctl FIONREAD allowed");
}

static void test_unknown(int i386)
{
	is_int(call_errno(SECCOMP_NR_REVIEWED + 1), ENOSYS, "a call past the review: ENOSYS");
	is_int(call_errno(0x40000000 | SYS_getpid), ENOSYS, "x32 getpid: ENOSYS");
	is_int(call_errno(-1), ENOSYS, "call -1: ENOSYS");
	ok(getpid() > 0 && access("/", R_OK) == 0, "getpid and access still work");
	if (i386)
		ok(call_i386(20) == getpid(), "i386 getpid still works");
}

/* 1 if this host's kernel runs i386 calls (without, int $0x80 faults). */
static int i386_works(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		_exit(call_i386(20) == getpid() ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

/* The filter's verdict for one call, as the kernel computes it. */
static uint32_t verdict(const struct sock_filter *f, unsigned n, uint32_t arch, uint32_t nr,
			uint64_t arg0, uint64_t arg1)
{
	struct seccomp_data d = { (int)nr, arch, 0, { arg0, arg1, 0, 0, 0, 0 } };
	uint32_t a = 0, w;
	unsigned pc = 0;

	while (pc < n) {
		const struct sock_filter *i = &f[pc++];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k + 4 > sizeof d)
				return 0xdead;
			memcpy(&w, (const char *)&d + i->k, 4);
			a = w;
			break;
		case BPF_ALU | BPF_AND | BPF_K: a &= i->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += a == i->k ? i->jt : i->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += a > i->k ? i->jt : i->jf; break;
		case BPF_RET | BPF_K: return i->k;
		default: return 0xdead;
		}
	}
	return 0xdead;
}

#define ALLOW SECCOMP_RET_ALLOW
#define DENY(e) (SECCOMP_RET_ERRNO | (e))

static void test_interpreted(void)
{
	static struct sock_filter f[512];
	unsigned n = ct_seccomp_build(f, 512), i;
	const struct seccomp_rule *r;
	int good = 1;

	ok(n > 0 && n <= BPF_MAXINSNS, "the filter is %u instructions", n);
	for (i = 0; i < seccomp_rules_n; i++) {
		r = &seccomp_rules[i];
		if (r->nr_i386 != SECCOMP_NONE &&
		    verdict(f, n, AUDIT_ARCH_I386, r->nr_i386, 0, 0) != DENY((uint32_t)r->err)) {
			printf("# i386 %s (%u) not refused\n", r->name, r->nr_i386);
			good = 0;
		}
	}
	ok(good, "every rule refuses its i386 call");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 20, 0, 0), ALLOW, "i386 getpid allowed");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 321, 0, 0), ALLOW,
	       "i386 321 (not bpf there) allowed");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 54, 0, 0x5412), DENY(EPERM), "i386 ioctl TIOCSTI");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 54, 0, 0x5413), ALLOW, "i386 ioctl TIOCGWINSZ");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 136, 0x0400000, 0), DENY(EPERM),
	       "i386 personality READ_IMPLIES_EXEC");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 136, 0x0008, 0), ALLOW, "i386 personality PER_LINUX32");
	is_int(verdict(f, n, AUDIT_ARCH_I386, 451, 0, 0), DENY(ENOSYS), "i386 call past the review");
	is_int(verdict(f, n, AUDIT_ARCH_X86_64, 0x40000000 | 321, 0, 0), DENY(ENOSYS), "x32 bpf");
	is_int(verdict(f, n, AUDIT_ARCH_X86_64, 357, 0, 0), ALLOW,
	       "x86_64 357 (i386's bpf number) allowed");
	is_int(verdict(f, n, AUDIT_ARCH_AARCH64, 39, 0, 0), DENY(ENOSYS), "any other architecture");
}

static int run(void)
{
	char err[128];
	int i386 = i386_works();

	if (!i386)
		printf("# this host runs no i386 programs: the i386 half is checked by the interpreter only\n");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || ct_seccomp_install(err, sizeof err) < 0) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	test_interpreted();
	test_rules(i386);
	test_args();
	test_unknown(i386);
	return done_testing();
}

int main(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		status = run();
		fflush(stdout);
		_exit(status);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
