#include <stdlib.h>
#include <string.h>

#include "ct/info.h"

/* A limit pair's limit, VZ_UNLIMITED when unset or unreadable. */
static uint64_t pair_limit(const struct ct *ct, const char *key, enum vzsize_unit unit)
{
	const char *v = ct_get(ct, key);
	struct vzpair p;

	if (!v || vzsize_parse_pair(v, unit, &p))
		return VZ_UNLIMITED;
	return p.limit;
}

/* A cgroup counter in bytes, as pages; -1 when unreadable. */
static int64_t cgroup_pages(unsigned ctid, const char *file)
{
	char buf[32];

	if (ct_cgroup_read(ctid, file, buf, sizeof buf) < 0)
		return -1;
	return (int64_t)(strtoull(buf, NULL, 10) / VZ_PAGE_SIZE);
}

int ct_info_read(struct ct *ct, struct ct_info *info)
{
	struct ct_status st;

	memset(info, 0, sizeof *info);
	ct_status(ct, &st);
	info->ctid = ct->ctid;
	info->state = !ct->exists ? CT_STATE_DELETED : st.running ? CT_STATE_RUNNING
				  : st.mounted ? CT_STATE_MOUNTED : CT_STATE_STOPPED;
	info->nproc = st.running ? ct_nproc(ct->ctid) : -1;
	info->physpages = st.running ? cgroup_pages(ct->ctid, "memory.current") : -1;
	info->swappages = st.running ? cgroup_pages(ct->ctid, "memory.swap.current") : -1;
	info->physpages_l = pair_limit(ct, "PHYSPAGES", VZSIZE_PAGES);
	info->swappages_l = pair_limit(ct, "SWAPPAGES", VZSIZE_PAGES);
	info->numproc_l = pair_limit(ct, "NUMPROC", VZSIZE_BYTES);
	info->diskspace_l = pair_limit(ct, "DISKSPACE", VZSIZE_KIB);
	info->ip = ct_get(ct, "IP_ADDRESS");
	info->hostname = ct_get(ct, "HOSTNAME");
	info->ostemplate = ct_get(ct, "OSTEMPLATE");
	info->onboot = ct_get(ct, "ONBOOT");
	info->cpuunits = ct_get(ct, "CPUUNITS");
	info->cpulimit = ct_get(ct, "CPULIMIT");
	info->cpus = ct_get(ct, "CPUS");
	info->name = vzconf_get(&ct->conf, "NAME");
	info->description = vzconf_get(&ct->conf, "DESCRIPTION");
	info->layout = ct->layout == CT_LAYOUT_PLOOP ? "ploop" : "simfs";
	info->private_dir = ct->private_dir;
	info->root = ct->root;
	return 0;
}

const char *ct_state_name(enum ct_state state)
{
	static const char *const names[] = { "deleted", "stopped", "mounted", "running" };

	return names[state];
}
