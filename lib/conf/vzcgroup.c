#include "base/fmt.h"
#include "conf/vzcgroup.h"

uint64_t vzcg_pages_bytes(uint64_t pages)
{
	if (pages == VZ_UNLIMITED || pages > VZ_LONG_MAX / VZ_PAGE_SIZE)
		return VZ_UNLIMITED;
	return pages * VZ_PAGE_SIZE;
}

/* Reclaim starts this far below the hard limit, so a CT is slowed and
 * swaps before it meets the OOM killer. */
uint64_t vzcg_memory_high(uint64_t max_bytes)
{
	uint64_t gap;

	if (max_bytes == VZ_UNLIMITED)
		return VZ_UNLIMITED;
	gap = max_bytes / 16;
	if (gap > VZCG_HIGH_GAP_MAX)
		gap = VZCG_HIGH_GAP_MAX;
	return (max_bytes - gap) & ~(uint64_t)(VZ_PAGE_SIZE - 1);
}

uint64_t vzcg_pids_max(uint64_t numproc_limit)
{
	return numproc_limit >= VZCG_PIDS_LIMIT ? VZ_UNLIMITED : numproc_limit;
}

unsigned vzcg_cpu_weight(unsigned cpuunits)
{
	unsigned w;

	if (cpuunits == 0)
		cpuunits = 1000;
	w = cpuunits / 10 + (cpuunits % 10 >= 5);
	if (w < VZCG_WEIGHT_MIN)
		return VZCG_WEIGHT_MIN;
	return w > VZCG_WEIGHT_MAX ? VZCG_WEIGHT_MAX : w;
}

uint64_t vzcg_cpu_quota(unsigned cpulimit_percent, unsigned cpus)
{
	uint64_t pct = cpulimit_percent;

	if (cpus && (pct == 0 || pct > 100ULL * cpus))
		pct = 100ULL * cpus;
	if (pct == 0)
		return VZ_UNLIMITED;
	return pct * (VZCG_CPU_PERIOD / 100);
}

int vzcg_format_max(uint64_t v, char *buf, size_t size)
{
	if (v == VZ_UNLIMITED)
		return fmt_fit(buf, size, "max");
	return fmt_fit(buf, size, "%llu", (unsigned long long)v);
}

int vzcg_format_cpu_max(uint64_t quota, char *buf, size_t size)
{
	int n = vzcg_format_max(quota, buf, size), m;

	if (n < 0)
		return -1;
	m = fmt_fit(buf + n, size - (size_t)n, " %d", VZCG_CPU_PERIOD);
	return m < 0 ? -1 : n + m;
}

int vzcg_limits(const struct vzcg_source *src, struct vzcg_limits *out)
{
	uint64_t ram = vzcg_pages_bytes(src->physpages.limit);

	if (vzcg_format_max(ram, out->memory_max, sizeof out->memory_max) < 0 ||
	    vzcg_format_max(vzcg_memory_high(ram), out->memory_high, sizeof out->memory_high) < 0 ||
	    vzcg_format_max(vzcg_pages_bytes(src->swappages.limit), out->memory_swap_max,
			    sizeof out->memory_swap_max) < 0 ||
	    vzcg_format_max(vzcg_pids_max(src->numproc.limit), out->pids_max,
			    sizeof out->pids_max) < 0 ||
	    vzcg_format_max(vzcg_cpu_weight(src->cpuunits), out->cpu_weight,
			    sizeof out->cpu_weight) < 0)
		return -1;
	return vzcg_format_cpu_max(vzcg_cpu_quota(src->cpulimit, src->cpus), out->cpu_max,
				   sizeof out->cpu_max) < 0 ? -1 : 0;
}
