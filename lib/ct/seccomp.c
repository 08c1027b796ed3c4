#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "ct/ct.h"
#include "ct/seccomp_rules.h"

/*
 * The container's seccomp filter, classic BPF built here from the rules
 * (lib/ct/seccomp_rules.c): a denylist, for x86_64 and i386 programs.
 * x32 calls (the x86_64 ABI with bit 30 set) and anything past the last
 * reviewed number get ENOSYS, as does an architecture the kernel cannot
 * have. reboot(2) is allowed: in a child pid namespace the kernel turns it
 * into the end of the container's init (SIGHUP restart, SIGINT halt).
 *
 * Jumps go forward to labels placed later (the program is a DAG); a
 * classic jump reaches at most 255 instructions, which the build checks.
 */

enum label { L_ALLOW, L_EPERM, L_ENOSYS, L_I386, L_IOCTL, L_PERSONA, L_COUNT };
#define NEXT (-1)
#define PROG_MAX 256

struct prog {
	struct sock_filter f[PROG_MAX];
	int jt[PROG_MAX], jf[PROG_MAX];		/* labels of the jumps, NEXT: fall through */
	unsigned n, at[L_COUNT];
	int placed[L_COUNT];
};

static void emit(struct prog *p, uint16_t code, uint32_t k, int jt, int jf)
{
	if (p->n == PROG_MAX)
		return;
	p->f[p->n] = (struct sock_filter){ code, 0, 0, k };
	p->jt[p->n] = jt;
	p->jf[p->n] = jf;
	p->n++;
}

#define LOAD(p, off) emit(p, BPF_LD | BPF_W | BPF_ABS, (uint32_t)(off), NEXT, NEXT)
#define RET(p, v) emit(p, BPF_RET | BPF_K, v, NEXT, NEXT)
#define JEQ(p, k, jt, jf) emit(p, BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf)

static void place(struct prog *p, enum label l)
{
	p->at[l] = p->n;
	p->placed[l] = 1;
}

/* Labels into jump offsets; -1 if one is not placed, backwards or too far. */
static int resolve(struct prog *p)
{
	unsigned i, d;
	int k, *lab[2];

	if (p->n == PROG_MAX)
		return -1;
	for (i = 0; i < p->n; i++) {
		lab[0] = &p->jt[i];
		lab[1] = &p->jf[i];
		for (k = 0; k < 2; k++) {
			if (*lab[k] == NEXT)
				continue;
			if (!p->placed[*lab[k]] || p->at[*lab[k]] <= i)
				return -1;
			d = p->at[*lab[k]] - i - 1;
			if (d > 255)
				return -1;
			if (k == 0)
				p->f[i].jt = (uint8_t)d;
			else
				p->f[i].jf = (uint8_t)d;
		}
	}
	return 0;
}

/* One ABI's block, entered with the call number loaded. */
static void emit_abi(struct prog *p, int i386, uint32_t nr_ioctl, uint32_t nr_persona)
{
	unsigned i;
	uint32_t nr;

	emit(p, BPF_JMP | BPF_JGT | BPF_K, SECCOMP_NR_REVIEWED, L_ENOSYS, NEXT);
	for (i = 0; i < seccomp_rules_n; i++) {
		nr = i386 ? seccomp_rules[i].nr_i386 : seccomp_rules[i].nr_x86_64;
		if (nr != SECCOMP_NONE)
			JEQ(p, nr, seccomp_rules[i].err == ENOSYS ? L_ENOSYS : L_EPERM, NEXT);
	}
	JEQ(p, nr_ioctl, L_IOCTL, NEXT);
	JEQ(p, nr_persona, L_PERSONA, L_ALLOW);
}

static int build(struct prog *p)
{
	unsigned i;

	memset(p, 0, sizeof *p);
	LOAD(p, offsetof(struct seccomp_data, arch));
	JEQ(p, AUDIT_ARCH_I386, L_I386, NEXT);
	JEQ(p, AUDIT_ARCH_X86_64, NEXT, L_ENOSYS);
	LOAD(p, offsetof(struct seccomp_data, nr));
	emit_abi(p, 0, SECCOMP_IOCTL_X86_64, SECCOMP_PERSONALITY_X86_64);
	place(p, L_I386);
	LOAD(p, offsetof(struct seccomp_data, nr));
	emit_abi(p, 1, SECCOMP_IOCTL_I386, SECCOMP_PERSONALITY_I386);
	/* ioctl: the request, against the refused ones */
	place(p, L_IOCTL);
	LOAD(p, offsetof(struct seccomp_data, args[1]));
	for (i = 0; i < seccomp_ioctls_n; i++)
		JEQ(p, seccomp_ioctls[i], L_EPERM, NEXT);
	RET(p, SECCOMP_RET_ALLOW);
	/* personality: the query, or PER_LINUX with the allowed flags */
	place(p, L_PERSONA);
	LOAD(p, offsetof(struct seccomp_data, args[0]));
	JEQ(p, 0xffffffffu, L_ALLOW, NEXT);
	emit(p, BPF_ALU | BPF_AND | BPF_K, ~SECCOMP_PERSONA_ALLOWED, NEXT, NEXT);
	JEQ(p, 0, L_ALLOW, L_EPERM);
	place(p, L_ALLOW);
	RET(p, SECCOMP_RET_ALLOW);
	place(p, L_EPERM);
	RET(p, SECCOMP_RET_ERRNO | EPERM);
	place(p, L_ENOSYS);
	RET(p, SECCOMP_RET_ERRNO | ENOSYS);
	return resolve(p);
}

unsigned ct_seccomp_build(struct sock_filter *out, unsigned max)
{
	static struct prog p;

	if (build(&p) < 0 || p.n > max)
		return 0;
	memcpy(out, p.f, p.n * sizeof p.f[0]);
	return p.n;
}

int ct_seccomp_install(char *err, size_t len)
{
	static struct sock_filter f[PROG_MAX];
	struct sock_fprog prog;

	prog.len = (unsigned short)ct_seccomp_build(f, PROG_MAX);
	if (!prog.len) {
		snprintf(err, len, "seccomp filter: does not fit a classic BPF program");
		return -1;
	}
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		snprintf(err, len, "seccomp filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}
