#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/devprog.h"
#include "conf/vzdevices.h"

/*
 * The device allowlist on the container's cgroup (lib/ct/devprog.c builds
 * the program): loaded and attached before the init is cloned into the
 * cgroup, and replaced on a running container by `vzctl set --devices`
 * (the new program is attached before the old one goes, so for a moment
 * both must allow: never more than either). BPF_F_ALLOW_MULTI: a program
 * attached below (the container cannot load one: bpf(2) needs the node's
 * CAP_BPF) can only narrow what this one allows.
 */

#define ATTACHED_MAX 16

/*
 * Node devices a grant makes usable: the kernel makes their node 0600,
 * udev on a distribution makes it 0666 (it is meant for every user; the
 * device program decides which container reaches it). Done when some
 * container is granted one.
 */
static const struct {
	uint32_t major, minor;
	const char *path;
} shared_nodes[] = {
	{ 10, 200, "/dev/net/tun" },
};

static int shared_nodes_open(struct ct *ct, const struct vzdevices *grants)
{
	unsigned i, k;

	for (i = 0; i < grants->n; i++)
		for (k = 0; k < sizeof shared_nodes / sizeof shared_nodes[0]; k++)
			if (grants->dev[i].type == 'c' && grants->dev[i].major == shared_nodes[k].major &&
			    (grants->dev[i].minor == shared_nodes[k].minor ||
			     grants->dev[i].minor == VZDEV_MINOR_ALL) &&
			    chmod(shared_nodes[k].path, 0666) < 0 && errno != ENOENT)
				return ct_fail(ct, "%s: %s", shared_nodes[k].path, strerror(errno));
	return 0;
}

static long bpf_call(int cmd, union bpf_attr *a)
{
	return syscall(SYS_bpf, cmd, a, sizeof *a);
}

/* The verifier's complaint, asked for only after a load failed. */
static int prog_load(const struct bpf_insn *insns, unsigned n, char *log, size_t size)
{
	static const char license[] = "MIT";
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof a);
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.expected_attach_type = BPF_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = n;
	a.license = (uint64_t)(uintptr_t)license;
	memcpy(a.prog_name, "vzhost_devices", sizeof "vzhost_devices");
	fd = (int)bpf_call(BPF_PROG_LOAD, &a);
	if (fd >= 0 || errno != EINVAL || !size)
		return fd;
	log[0] = 0;
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = (uint32_t)size;
	a.log_level = 1;
	fd = (int)bpf_call(BPF_PROG_LOAD, &a);
	log[strcspn(log, "\n")] = 0;
	errno = EINVAL;
	return fd;
}

/* Ids of the device programs attached to the cgroup itself (not inherited). */
static int prog_query(int cg, uint32_t *ids, uint32_t *n)
{
	union bpf_attr a;

	memset(&a, 0, sizeof a);
	a.query.target_fd = (uint32_t)cg;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uint64_t)(uintptr_t)ids;
	a.query.prog_cnt = *n;
	if (bpf_call(BPF_PROG_QUERY, &a) < 0)
		return -1;
	*n = a.query.prog_cnt;
	return 0;
}

static int prog_attach(int cg, int prog, int cmd)
{
	union bpf_attr a;

	memset(&a, 0, sizeof a);
	a.target_fd = (uint32_t)cg;
	a.attach_bpf_fd = (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = cmd == BPF_PROG_ATTACH ? BPF_F_ALLOW_MULTI : 0;
	return bpf_call(cmd, &a) < 0 ? -1 : 0;
}

static int prog_detach_id(int cg, uint32_t id)
{
	union bpf_attr a;
	int fd, rc;

	memset(&a, 0, sizeof a);
	a.prog_id = id;
	fd = (int)bpf_call(BPF_PROG_GET_FD_BY_ID, &a);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = prog_attach(cg, fd, BPF_PROG_DETACH);
	close(fd);
	return rc < 0 && errno != ENOENT ? -1 : 0;
}

/* The new program on the cgroup, then every one that was there before off. */
static int prog_replace(struct ct *ct, const char *dir, int cg, int prog)
{
	uint32_t ids[ATTACHED_MAX], n = ATTACHED_MAX, i;

	if (prog_query(cg, ids, &n) < 0)
		return ct_fail(ct, "%s: query device programs: %s", dir, strerror(errno));
	if (n > ATTACHED_MAX)
		return ct_fail(ct, "%s: %u device programs attached", dir, (unsigned)n);
	if (prog_attach(cg, prog, BPF_PROG_ATTACH) < 0)
		return ct_fail(ct, "%s: attach the device program: %s", dir,
			       errno == EINVAL ? "the kernel has no cgroup BPF (CONFIG_CGROUP_BPF)"
					       : strerror(errno));
	for (i = 0; i < n; i++)
		if (prog_detach_id(cg, ids[i]) < 0)
			return ct_fail(ct, "%s: detach the old device program: %s", dir,
				       strerror(errno));
	return 0;
}

static int devices_program(struct ct *ct, struct bpf_insn *insns, unsigned *n)
{
	struct devprog_rule rules[DEVPROG_RULES_MAX];
	const char *v = ct_get(ct, "DEVICES"), *why;
	struct vzdevices grants = { .n = 0 };
	unsigned entry;

	if (v && (why = vzdevices_parse(v, &grants, &entry)))
		return ct_fail(ct, "DEVICES=\"%s\": entry %u: %s", v, entry, why);
	if (shared_nodes_open(ct, &grants) < 0)
		return -1;
	*n = devprog_emit(rules, devprog_rules(&grants, rules), insns, DEVPROG_INSNS_MAX);
	return *n ? 0 : ct_fail(ct, "DEVICES: the device program is too long");
}

int ct_devices_apply(struct ct *ct)
{
	struct bpf_insn insns[DEVPROG_INSNS_MAX];
	char dir[128], log[256];
	int cg, prog, rc;
	unsigned n;

	log[0] = 0;
	if (devices_program(ct, insns, &n) < 0 || ct_cgroup_path(ct->ctid, NULL, dir, sizeof dir) < 0)
		return -1;
	prog = prog_load(insns, n, log, sizeof log);
	if (prog < 0)
		return ct_fail(ct, "load the device program: %s%s%s", strerror(errno),
			       errno == EINVAL && log[0] ? ": " : "", errno == EINVAL ? log : "");
	cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg < 0) {
		close(prog);
		return ct_fail(ct, "%s: %s", dir, strerror(errno));
	}
	rc = prog_replace(ct, dir, cg, prog);
	close(cg);
	close(prog);
	return rc;
}
