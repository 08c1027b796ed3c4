#ifndef VZHOST_VZCGROUP_H
#define VZHOST_VZCGROUP_H

#include <stddef.h>
#include <stdint.h>

#include "conf/vzsize.h"

/*
 * OpenVZ resource settings as cgroup v2 control file values (pure
 * functions; docs/vzconf.md explains the formulas):
 *
 *   memory.max      = PHYSPAGES limit * 4096
 *   memory.high     = memory.max - min(memory.max / 16, 64 MiB), page aligned
 *   memory.swap.max = SWAPPAGES limit * 4096
 *   pids.max        = NUMPROC limit ("max" from 4194304, the kernel's PID_MAX_LIMIT)
 *   cpu.weight      = CPUUNITS / 10, rounded, clamped to 1..10000
 *   cpu.max         = "QUOTA 100000", QUOTA = min(CPULIMIT, 100 * CPUS) * 1000 us
 *
 * VZ_UNLIMITED is written "max". Barriers are not used: vSwap configs set
 * them to 0 and cgroup v2 has no matching knob.
 */

#define VZCG_TEXT_MAX 32
#define VZCG_CPU_PERIOD 100000
#define VZCG_PIDS_LIMIT 4194304
#define VZCG_HIGH_GAP_MAX (64ULL << 20)
#define VZCG_WEIGHT_MIN 1
#define VZCG_WEIGHT_MAX 10000

/* Pages to bytes; VZ_UNLIMITED, and anything past 2^63 bytes, stay unlimited. */
uint64_t vzcg_pages_bytes(uint64_t pages);
uint64_t vzcg_memory_high(uint64_t max_bytes);
uint64_t vzcg_pids_max(uint64_t numproc_limit);
unsigned vzcg_cpu_weight(unsigned cpuunits);
/* Microseconds of CPU per VZCG_CPU_PERIOD; VZ_UNLIMITED when neither limits. */
uint64_t vzcg_cpu_quota(unsigned cpulimit_percent, unsigned cpus);

/* "max" for VZ_UNLIMITED, else the number; -1 ENOSPC. */
int vzcg_format_max(uint64_t v, char *buf, size_t size);
/* "QUOTA 100000" or "max 100000"; -1 ENOSPC. */
int vzcg_format_cpu_max(uint64_t quota, char *buf, size_t size);

/* A container's settings as its config holds them. */
struct vzcg_source {
	struct vzpair physpages, swappages, numproc;	/* pages, pages, count */
	unsigned cpuunits;				/* 0: VZ default 1000 */
	unsigned cpulimit;				/* percent, 0: none */
	unsigned cpus;					/* 0: all */
};

/* The text to write into each control file. */
struct vzcg_limits {
	char memory_max[VZCG_TEXT_MAX];
	char memory_high[VZCG_TEXT_MAX];
	char memory_swap_max[VZCG_TEXT_MAX];
	char pids_max[VZCG_TEXT_MAX];
	char cpu_weight[VZCG_TEXT_MAX];
	char cpu_max[VZCG_TEXT_MAX];
};

/* 0; -1 (ENOSPC) cannot happen: VZCG_TEXT_MAX holds 20 digits and " 100000". */
int vzcg_limits(const struct vzcg_source *src, struct vzcg_limits *out);

#endif
