/*
 * The container's device program (lib/ct/devprog.c), run by a small
 * interpreter of the instructions it emits: which devices and accesses it
 * allows with and without DEVICES. tests/system/76-ct-escape.t checks the
 * same program in the kernel.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ct/devprog.h"

#define R BPF_DEVCG_ACC_READ
#define W BPF_DEVCG_ACC_WRITE
#define M BPF_DEVCG_ACC_MKNOD
#define CHR BPF_DEVCG_DEV_CHAR
#define BLK BPF_DEVCG_DEV_BLOCK

/* The verdict, or -1 for an instruction the emitter should not use. */
static long run(const struct bpf_insn *p, unsigned n, uint32_t type, uint32_t access,
		uint32_t major, uint32_t minor)
{
	struct bpf_cgroup_dev_ctx ctx = { (access << 16) | type, major, minor };
	uint64_t r[11] = { 0 };
	unsigned pc = 0, steps = 0;
	uint32_t field;

	while (pc < n && steps++ < 10000) {
		const struct bpf_insn *i = &p[pc++];
		uint64_t k = (uint64_t)(int64_t)i->imm;
		int jump = 0;

		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			if (i->src_reg != 1 || i->off < 0 || (size_t)i->off + 4 > sizeof ctx)
				return -1;
			memcpy(&field, (const char *)&ctx + i->off, 4);
			r[i->dst_reg] = field;
			break;
		case BPF_ALU64 | BPF_MOV | BPF_X: r[i->dst_reg] = r[i->src_reg]; break;
		case BPF_ALU64 | BPF_MOV | BPF_K: r[i->dst_reg] = k; break;
		case BPF_ALU64 | BPF_AND | BPF_K: r[i->dst_reg] &= k; break;
		case BPF_ALU64 | BPF_RSH | BPF_K: r[i->dst_reg] >>= i->imm; break;
		case BPF_JMP | BPF_JNE | BPF_K: jump = r[i->dst_reg] != k; break;
		case BPF_JMP | BPF_JLT | BPF_K: jump = r[i->dst_reg] < k; break;
		case BPF_JMP | BPF_JGT | BPF_K: jump = r[i->dst_reg] > k; break;
		case BPF_JMP | BPF_EXIT: return (long)r[0];
		default: return -1;
		}
		if (jump) {
			if (i->off < 0)
				return -1;	/* the verifier wants a DAG: forward only */
			pc += (unsigned)i->off;
		}
	}
	return -1;
}

static struct bpf_insn prog[DEVPROG_INSNS_MAX];
static unsigned prog_len;

static void build(const char *devices)
{
	struct devprog_rule rules[DEVPROG_RULES_MAX];
	struct vzdevices l = { .n = 0 };
	unsigned entry;

	if (devices && vzdevices_parse(devices, &l, &entry))
		printf("# bad DEVICES in the test: %s\n", devices);
	prog_len = devprog_emit(rules, devprog_rules(&l, rules), prog, DEVPROG_INSNS_MAX);
}

static void verdict(uint32_t type, uint32_t access, uint32_t major, uint32_t minor, long want,
		    const char *what)
{
	long got = run(prog, prog_len, type, access, major, minor);

	if (!ok(got == want, "%s %c %u:%u access %u: %s", want ? "allows" : "refuses",
		type == CHR ? 'c' : 'b', major, minor, access, what))
		printf("#   got: %ld\n", got);
}

static void test_defaults(void)
{
	build(NULL);
	ok(prog_len > 0, "the default program is %u instructions", prog_len);
	verdict(CHR, R | W, 1, 3, 1, "/dev/null");
	verdict(CHR, R, 1, 9, 1, "/dev/urandom");
	verdict(CHR, R | W, 5, 2, 1, "/dev/ptmx");
	verdict(CHR, R | W, 136, 0, 1, "a pty");
	verdict(CHR, R | W, 143, 1048575, 1, "the last pty major");
	verdict(CHR, R, 144, 0, 0, "past the pty majors");
	verdict(CHR, R, 135, 0, 0, "before the pty majors");
	verdict(CHR, M, 1, 3, 0, "mknod of /dev/null");
	verdict(CHR, R | M, 1, 3, 0, "read and mknod together");
	verdict(CHR, R, 1, 1, 0, "/dev/mem");
	verdict(CHR, R, 1, 4, 0, "/dev/port");
	verdict(CHR, R, 1, 11, 0, "/dev/kmsg");
	verdict(CHR, R | W, 10, 200, 0, "/dev/net/tun without DEVICES");
	verdict(CHR, R, 4, 0, 0, "a virtual console");
	verdict(BLK, R, 253, 0, 0, "the node's virtio disk");
	verdict(BLK, R, 1, 3, 0, "a block device with /dev/null's numbers");
	verdict(BLK, R, 7, 0, 0, "a loop device");
}

static void test_grants(void)
{
	build("c:10:200:rw b:253:all:r c:1:1:none");
	verdict(CHR, R | W, 10, 200, 1, "/dev/net/tun with c:10:200:rw");
	verdict(CHR, R | W, 10, 201, 0, "the minor next to it");
	verdict(CHR, M, 10, 200, 0, "mknod of a granted device");
	verdict(BLK, R, 253, 16, 1, "any minor with b:253:all:r");
	verdict(BLK, W, 253, 16, 0, "but not a write");
	verdict(CHR, R, 253, 16, 0, "nor the char device with those numbers");
	verdict(CHR, R, 1, 1, 0, "an entry with none grants nothing");
	verdict(CHR, R | W, 1, 3, 1, "the defaults stay");
}

static void test_size(void)
{
	struct devprog_rule rules[DEVPROG_RULES_MAX];
	struct vzdevices l;
	unsigned i, n;

	for (i = 0; i < VZDEV_MAX; i++)
		l.dev[i] = (struct vzdevice){ 'b', 8, i, VZDEV_READ };
	l.n = VZDEV_MAX;
	n = devprog_rules(&l, rules);
	prog_len = devprog_emit(rules, n, prog, DEVPROG_INSNS_MAX);
	ok(prog_len > 0 && prog_len <= DEVPROG_INSNS_MAX, "%u rules fit (%u instructions)", n,
	   prog_len);
	verdict(BLK, R, 8, VZDEV_MAX - 1, 1, "the last grant is reached");
	ok(devprog_emit(rules, n, prog, 10) == 0, "a buffer too small is refused");
}

int main(void)
{
	test_defaults();
	test_grants();
	test_size();
	return done_testing();
}
