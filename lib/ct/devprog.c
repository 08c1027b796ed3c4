#include <stddef.h>
#include <string.h>

#include "ct/devprog.h"

/*
 * The devices every container may use, as the OCI runtime spec's default
 * list: read and write, never mknod (a user namespace cannot make a usable
 * node anyway). The pts range is every devpts instance's (the container's
 * own and its console, a pty of the node's). /dev/net/tun and anything
 * else only through DEVICES.
 */
#define RW (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE)
#define CHR BPF_DEVCG_DEV_CHAR

static const struct devprog_rule devprog_defaults[] = {
	{ CHR, 1, 1, 3, RW },		/* null */
	{ CHR, 1, 1, 5, RW },		/* zero */
	{ CHR, 1, 1, 7, RW },		/* full */
	{ CHR, 1, 1, 8, RW },		/* random */
	{ CHR, 1, 1, 9, RW },		/* urandom */
	{ CHR, 5, 5, 0, RW },		/* tty */
	{ CHR, 5, 5, 1, RW },		/* console */
	{ CHR, 5, 5, 2, RW },		/* ptmx */
	{ CHR, 136, 143, DEVPROG_ANY_MINOR, RW },	/* pts */
};
#define N_DEFAULTS (sizeof devprog_defaults / sizeof devprog_defaults[0])

unsigned devprog_rules(const struct vzdevices *l, struct devprog_rule *r)
{
	const struct vzdevice *d;
	unsigned i, n = N_DEFAULTS;

	memcpy(r, devprog_defaults, sizeof devprog_defaults);
	for (i = 0; i < l->n && n < DEVPROG_RULES_MAX; i++) {
		d = &l->dev[i];
		r[n].type = d->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
		r[n].major_lo = r[n].major_hi = d->major;
		r[n].minor = d->minor == VZDEV_MINOR_ALL ? DEVPROG_ANY_MINOR : d->minor;
		r[n].access = (d->perm & VZDEV_READ ? BPF_DEVCG_ACC_READ : 0) |
			      (d->perm & VZDEV_WRITE ? BPF_DEVCG_ACC_WRITE : 0);
		n += r[n].access != 0;
	}
	return n;
}

/* Registers: r1 the context, r2 the access asked, r3 the device type,
   r4 major, r5 minor, r0 scratch and the verdict. */
enum { R0, R1, R2, R3, R4, R5 };

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bpf_insn i;

	memset(&i, 0, sizeof i);
	i.code = code;
	i.dst_reg = dst & 0xf;
	i.src_reg = src & 0xf;
	i.off = off;
	i.imm = imm;
	return i;
}

#define LDX_W(dst, off) insn(BPF_LDX | BPF_MEM | BPF_W, dst, R1, off, 0)
#define MOV_X(dst, src) insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define MOV_K(dst, k) insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, k)
#define ALU_K(op, dst, k) insn(BPF_ALU64 | (op) | BPF_K, dst, 0, 0, k)
#define JMP_K(op, dst, k, off) insn(BPF_JMP | (op) | BPF_K, dst, 0, off, k)
#define EXIT() insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* One rule's length: its tests (each jumps to the next rule when it fails),
   the access check, the verdict. */
static unsigned rule_len(const struct devprog_rule *r)
{
	return 1 + (r->major_lo == r->major_hi ? 1 : 2) + (r->minor != DEVPROG_ANY_MINOR) + 3 + 2;
}

/* A test at p[*k] that jumps to the rule's end (left) when it holds. */
static void test_emit(struct bpf_insn *p, unsigned *k, unsigned left, uint8_t op, uint8_t reg,
		      uint32_t imm)
{
	p[*k] = JMP_K(op, reg, (int32_t)imm, (int16_t)(left - *k - 1));
	++*k;
}

static void rule_emit(const struct devprog_rule *r, struct bpf_insn *p)
{
	unsigned left = rule_len(r), k = 0;

	test_emit(p, &k, left, BPF_JNE, R3, r->type);
	if (r->major_lo == r->major_hi) {
		test_emit(p, &k, left, BPF_JNE, R4, r->major_lo);
	} else {
		test_emit(p, &k, left, BPF_JLT, R4, r->major_lo);
		test_emit(p, &k, left, BPF_JGT, R4, r->major_hi);
	}
	if (r->minor != DEVPROG_ANY_MINOR)
		test_emit(p, &k, left, BPF_JNE, R5, r->minor);
	p[k++] = MOV_X(R0, R2);
	p[k++] = ALU_K(BPF_AND, R0, (int32_t)~r->access);
	test_emit(p, &k, left, BPF_JNE, R0, 0);
	p[k++] = MOV_K(R0, 1);
	p[k] = EXIT();
}

unsigned devprog_emit(const struct devprog_rule *r, unsigned n, struct bpf_insn *out,
		      unsigned max)
{
	unsigned i, len = 6 + 2;

	for (i = 0; i < n; i++)
		len += rule_len(&r[i]);
	if (len > max)
		return 0;
	out[0] = LDX_W(R2, offsetof(struct bpf_cgroup_dev_ctx, access_type));
	out[1] = MOV_X(R3, R2);
	out[2] = ALU_K(BPF_AND, R3, 0xffff);
	out[3] = ALU_K(BPF_RSH, R2, 16);
	out[4] = LDX_W(R4, offsetof(struct bpf_cgroup_dev_ctx, major));
	out[5] = LDX_W(R5, offsetof(struct bpf_cgroup_dev_ctx, minor));
	len = 6;
	for (i = 0; i < n; i++) {
		rule_emit(&r[i], out + len);
		len += rule_len(&r[i]);
	}
	out[len++] = MOV_K(R0, 0);
	out[len++] = EXIT();
	return len;
}
