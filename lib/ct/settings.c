#include <stdio.h>
#include <string.h>

#include "ct/settings.h"
#include "conf/vzdevices.h"
#include "conf/vznet.h"
#include "conf/vzvalue.h"

/*
 * The settings table: each setting's name, the config key it writes, the
 * parser that checks a value and turns it into what vzctl writes (NULL or
 * the cause), and what changes on a running container.
 */

struct setting {
	const char *name, *key;
	const char *(*parse)(struct ct *ct, const char *arg, char *out, size_t size);
	unsigned live;		/* CT_LIVE_* */
	unsigned cgroup;	/* CT_CG_*: the control files it changes */
};

/* "0:PAGES", as vzctl writes --ram and --swap. */
static const char *pages_text(const char *(*parse)(const char *, uint64_t *), const char *a,
			      char *out, size_t size)
{
	uint64_t pages = 0;
	const char *why = parse(a, &pages);

	if (!why)
		snprintf(out, size, "0:%llu", (unsigned long long)pages);
	return why;
}

static const char *p_ram(struct ct *ct, const char *a, char *out, size_t size)
{
	return pages_text(vzsize_parse_ram, a, out, size);
}

static const char *p_swap(struct ct *ct, const char *a, char *out, size_t size)
{
	return pages_text(vzsize_parse_swap, a, out, size);
}

/* "BARRIER:LIMIT" */
static const char *pair_text(const char *why, const struct vzpair *p, char *out, size_t size)
{
	if (!why && vzsize_format_pair(p, out, size) < 0)
		why = "too long";
	return why;
}

static const char *p_pages(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzpair p;

	return pair_text(vzsize_parse_pair(a, VZSIZE_PAGES, &p), &p, out, size);
}

static const char *p_disk(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzpair p;

	return pair_text(vzsize_parse_pair(a, VZSIZE_KIB, &p), &p, out, size);
}

static const char *p_count(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzpair p;

	return pair_text(vzvalue_count_pair(a, &p), &p, out, size);
}

static const char *p_copy(const char *why, const char *a, char *out, size_t size)
{
	if (!why)
		snprintf(out, size, "%s", a);
	return why;
}

static const char *p_cpuunits(struct ct *ct, const char *a, char *out, size_t size)
{
	unsigned u;

	return p_copy(vzvalue_cpuunits(a, &u), a, out, size);
}

/* The number as parsed: "50%" is written "50". */
static const char *number_text(const char *(*parse)(const char *, unsigned *), const char *a,
			       char *out, size_t size)
{
	unsigned u = 0;
	const char *why = parse(a, &u);

	if (!why)
		snprintf(out, size, "%u", u);
	return why;
}

static const char *p_cpulimit(struct ct *ct, const char *a, char *out, size_t size)
{
	return number_text(vzvalue_cpulimit, a, out, size);
}

static const char *p_cpus(struct ct *ct, const char *a, char *out, size_t size)
{
	return number_text(vzvalue_cpus, a, out, size);
}

static const char *p_hostname(struct ct *ct, const char *a, char *out, size_t size)
{
	return p_copy(vzvalue_hostname(a), a, out, size);
}

static const char *p_onboot(struct ct *ct, const char *a, char *out, size_t size)
{
	int on;

	return p_copy(vzvalue_onboot(a, &on), a, out, size);
}

static const char *p_name(struct ct *ct, const char *a, char *out, size_t size)
{
	const char *why = vzvalue_name(a);

	if (!why && ct_name_owner(a, ct->ctid))
		why = "the name is used by another container";
	return p_copy(why, a, out, size);
}

static const char *p_text(struct ct *ct, const char *a, char *out, size_t size)
{
	const char *s;

	for (s = a; *s; s++)
		if ((unsigned char)*s < 0x20)
			return "control characters are not allowed";
	return p_copy(strlen(a) >= size ? "too long" : NULL, a, out, size);
}

static const char *p_timeout(struct ct *ct, const char *a, char *out, size_t size)
{
	uint64_t n;

	return p_copy(vzvalue_decimal(a, 3600, &n), a, out, size);
}

/* The current list with a appended (an address list, blank-separated). */
static const char *p_ipadd(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzip ips[VZNET_IP_MAX];
	const char *cur = ct_get(ct, "IP_ADDRESS");
	unsigned n;

	snprintf(out, size, "%s%s%s", cur ? cur : "", cur && *cur ? " " : "", a);
	return vznet_ip_list(out, ips, VZNET_IP_MAX, &n);
}

static const char *p_ipdel(struct ct *ct, const char *a, char *out, size_t size)
{
	const char *cur = ct_get(ct, "IP_ADDRESS");
	char copy[VZCONF_VALUE_MAX], *tok, *save;
	struct vzip del, ip;
	int found = 0;

	out[0] = 0;
	if (strcmp(a, "all") == 0)
		return NULL;
	if (vznet_ip_parse(a, &del))
		return "not an IP address";
	snprintf(copy, sizeof copy, "%s", cur ? cur : "");
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!vznet_ip_parse(tok, &ip) && ip.family == del.family &&
		    memcmp(ip.addr, del.addr, 16) == 0) {
			found = 1;
			continue;
		}
		snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "", tok);
	}
	return found ? NULL : "the container has no such address";
}

static const char *p_nameserver(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzip ns[VZNET_NS_MAX];
	unsigned n;

	return p_copy(vznet_nameservers(a, ns, &n), a, out, size);
}

static const char *p_netif_add(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vznetif ifs[VZNET_NETIF_MAX];
	const char *cur = ct_get(ct, "NETIF"), *why;
	unsigned n = 0, i;

	if (cur && (why = vznet_netif_parse(cur, ifs, &n)))
		return why;
	if (n == VZNET_NETIF_MAX)
		return "too many interfaces";
	if ((why = vznet_netif_add_parse(a, &ifs[n])))
		return why;
	for (i = 0; i < n; i++)
		if (strcmp(ifs[i].ifname, ifs[n].ifname) == 0)
			return "the container already has this interface";
	if ((why = vznet_netif_complete(&ifs[n], ct->ctid, ifs, n)))
		return why;
	return vznet_netif_format(ifs, n + 1, out, size) < 0 ? "too long" : NULL;
}

/* netif_del IFNAME|all, as OpenVZ. */
static const char *p_netif_del(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vznetif ifs[VZNET_NETIF_MAX];
	const char *cur = ct_get(ct, "NETIF"), *why;
	unsigned n = 0, i, k = 0;

	if (cur && (why = vznet_netif_parse(cur, ifs, &n)))
		return why;
	if (strcmp(a, "all") == 0) {
		out[0] = 0;
		return NULL;
	}
	if ((why = vznet_ifname_check(a)))
		return why;
	for (i = 0; i < n; i++)
		if (strcmp(ifs[i].ifname, a) != 0)
			ifs[k++] = ifs[i];
	if (k == n)
		return "the container has no such interface";
	return vznet_netif_format(ifs, k, out, size) < 0 ? "too long" : NULL;
}

/* --devices TYPE:MAJOR:MINOR:ACCESS merged into DEVICES, as OpenVZ's. */
static const char *p_devices(struct ct *ct, const char *a, char *out, size_t size)
{
	return vzdevices_merge(ct_get(ct, "DEVICES"), a, out, size);
}

static const struct setting settings[] = {
	{ "ram", "PHYSPAGES", p_ram, 0, CT_CG_MEMORY },
	{ "swap", "SWAPPAGES", p_swap, 0, CT_CG_SWAP },
	{ "physpages", "PHYSPAGES", p_pages, 0, CT_CG_MEMORY },
	{ "swappages", "SWAPPAGES", p_pages, 0, CT_CG_SWAP },
	{ "numproc", "NUMPROC", p_count, 0, CT_CG_PIDS },
	{ "cpuunits", "CPUUNITS", p_cpuunits, 0, CT_CG_CPU },
	{ "cpulimit", "CPULIMIT", p_cpulimit, 0, CT_CG_CPU },
	{ "cpus", "CPUS", p_cpus, 0, CT_CG_CPU },
	{ "diskspace", "DISKSPACE", p_disk, CT_LIVE_DISK, 0 },
	{ "diskinodes", "DISKINODES", p_count, 0, 0 },
	{ "hostname", "HOSTNAME", p_hostname, CT_LIVE_HOSTNAME, 0 },
	{ "ipadd", "IP_ADDRESS", p_ipadd, CT_LIVE_NETWORK, 0 },
	{ "ipdel", "IP_ADDRESS", p_ipdel, CT_LIVE_NETWORK, 0 },
	{ "nameserver", "NAMESERVER", p_nameserver, CT_LIVE_RESOLV, 0 },
	{ "netif_add", "NETIF", p_netif_add, CT_LIVE_NETWORK, 0 },
	{ "netif_del", "NETIF", p_netif_del, CT_LIVE_NETWORK, 0 },
	{ "onboot", "ONBOOT", p_onboot, 0, 0 },
	{ "name", "NAME", p_name, 0, 0 },
	{ "description", "DESCRIPTION", p_text, 0, 0 },
	{ "stop-timeout", "STOP_TIMEOUT", p_timeout, 0, 0 },
	{ "devices", "DEVICES", p_devices, 0, CT_CG_DEVICES },
};

static const struct setting *setting_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

void ct_settings_init(struct ct_settings *s)
{
	memset(s, 0, sizeof *s);
}

int ct_setting_known(const char *name)
{
	return setting_find(name) != NULL;
}

/* The addresses and interfaces before the first change to them, for the
   live apply (what to add and remove). */
static void settings_net_save(struct ct *ct, struct ct_settings *s)
{
	const char *ip = ct_get(ct, "IP_ADDRESS"), *netif = ct_get(ct, "NETIF");

	if (s->net_saved)
		return;
	snprintf(s->ip_before, sizeof s->ip_before, "%s", ip ? ip : "");
	snprintf(s->netif_before, sizeof s->netif_before, "%s", netif ? netif : "");
	s->net_saved = 1;
}

int ct_setting(struct ct *ct, struct ct_settings *s, const char *name, const char *value)
{
	const struct setting *o = setting_find(name);
	char out[VZCONF_VALUE_MAX];
	const char *why;

	if (!o)
		return ct_fail_field(ct, CT_ERR_USAGE, name, "not a setting");
	if (s->n == CT_SETTINGS_MAX)
		return ct_fail_field(ct, CT_ERR_USAGE, name, "too many settings");
	if (o->live & CT_LIVE_NETWORK)
		settings_net_save(ct, s);
	why = o->parse(ct, value, out, sizeof out);
	if (why)
		return ct_fail_field(ct, CT_ERR_VALUE, name, why);
	if (ct_set(ct, o->key, out) < 0) {
		ct->error_kind = CT_ERR_VALUE;
		snprintf(ct->error_field, sizeof ct->error_field, "%s", name);
		return -1;
	}
	s->n++;
	s->cgroup |= o->cgroup;
	s->live |= o->live;
	return 0;
}
