/* The container's device allowlist as a cgroup BPF program (lib/ct/devprog.c). */
#ifndef VZHOST_CT_DEVPROG_H
#define VZHOST_CT_DEVPROG_H

#include <linux/bpf.h>
#include <stdint.h>

#include "conf/vzdevices.h"

#define DEVPROG_ANY_MINOR UINT32_MAX

/* One allowed range: type BPF_DEVCG_DEV_*, access BPF_DEVCG_ACC_* bits. */
struct devprog_rule {
	uint32_t type, major_lo, major_hi, minor, access;
};

/* The defaults (like OCI's) and DEVICES' grants, at most this many. */
#define DEVPROG_RULES_MAX (16 + VZDEV_MAX)
#define DEVPROG_INSNS_MAX (8 + 10 * DEVPROG_RULES_MAX)

/* The rules for a container: the defaults, then each grant of l. */
unsigned devprog_rules(const struct vzdevices *l, struct devprog_rule *r);
/* BPF_PROG_TYPE_CGROUP_DEVICE instructions returning 1 (allow) when some
   rule covers the device and every access asked; the count, or 0 when
   out is too small. */
unsigned devprog_emit(const struct devprog_rule *r, unsigned n, struct bpf_insn *out,
		      unsigned max);

#endif
