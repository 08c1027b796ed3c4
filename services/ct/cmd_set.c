#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vzctl.h"
#include "conf/vznet.h"
#include "conf/vzvalue.h"

/*
 * vzctl set: each option is checked, turned into the config value vzctl
 * writes, applied to the running container (cgroup limits, disk size,
 * hostname) and, with --save, written to CTID.conf.
 */

enum apply { A_NONE, A_LIMITS, A_DISK, A_HOSTNAME, A_NETWORK, A_RESOLV };

struct set_option {
	const char *opt, *key;
	const char *(*parse)(struct ct *ct, const char *arg, char *out, size_t size);
	enum apply apply;
	unsigned cgroup;	/* CT_CG_*: the control files A_LIMITS changes */
};

static const char *p_ram(struct ct *ct, const char *a, char *out, size_t size)
{
	uint64_t pages;
	const char *why = vzsize_parse_ram(a, &pages);

	if (!why)
		snprintf(out, size, "0:%llu", (unsigned long long)pages);
	return why;
}

static const char *p_swap(struct ct *ct, const char *a, char *out, size_t size)
{
	uint64_t pages;
	const char *why = vzsize_parse_swap(a, &pages);

	if (!why)
		snprintf(out, size, "0:%llu", (unsigned long long)pages);
	return why;
}

static const char *p_pages(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzpair p;
	const char *why = vzsize_parse_pair(a, VZSIZE_PAGES, &p);

	if (!why && vzsize_format_pair(&p, out, size) < 0)
		why = "too long";
	return why;
}

static const char *p_disk(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzpair p;
	const char *why = vzsize_parse_pair(a, VZSIZE_KIB, &p);

	if (!why && vzsize_format_pair(&p, out, size) < 0)
		why = "too long";
	return why;
}

static const char *p_count(struct ct *ct, const char *a, char *out, size_t size)
{
	struct vzpair p;
	const char *why = vzvalue_count_pair(a, &p);

	if (!why && vzsize_format_pair(&p, out, size) < 0)
		why = "too long";
	return why;
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

static const char *p_cpulimit(struct ct *ct, const char *a, char *out, size_t size)
{
	unsigned u;
	const char *why = vzvalue_cpulimit(a, &u);

	if (!why)
		snprintf(out, size, "%u", u);
	return why;
}

static const char *p_cpus(struct ct *ct, const char *a, char *out, size_t size)
{
	unsigned u;
	const char *why = vzvalue_cpus(a, &u);

	if (!why)
		snprintf(out, size, "%u", u);
	return why;
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
	static struct vzip ips[VZNET_IP_MAX];
	const char *cur = ct_get(ct, "IP_ADDRESS"), *why;
	unsigned n;

	snprintf(out, size, "%s%s%s", cur ? cur : "", cur && *cur ? " " : "", a);
	why = vznet_ip_list(out, ips, VZNET_IP_MAX, &n);
	return why;
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
	static struct vznetif ifs[VZNET_NETIF_MAX];
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

/* --netif_del IFNAME|all, as OpenVZ. */
static const char *p_netif_del(struct ct *ct, const char *a, char *out, size_t size)
{
	static struct vznetif ifs[VZNET_NETIF_MAX];
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

static const struct set_option set_options[] = {
	{ "ram", "PHYSPAGES", p_ram, A_LIMITS, CT_CG_MEMORY },
	{ "swap", "SWAPPAGES", p_swap, A_LIMITS, CT_CG_SWAP },
	{ "physpages", "PHYSPAGES", p_pages, A_LIMITS, CT_CG_MEMORY },
	{ "swappages", "SWAPPAGES", p_pages, A_LIMITS, CT_CG_SWAP },
	{ "numproc", "NUMPROC", p_count, A_LIMITS, CT_CG_PIDS },
	{ "cpuunits", "CPUUNITS", p_cpuunits, A_LIMITS, CT_CG_CPU },
	{ "cpulimit", "CPULIMIT", p_cpulimit, A_LIMITS, CT_CG_CPU },
	{ "cpus", "CPUS", p_cpus, A_LIMITS, CT_CG_CPU },
	{ "diskspace", "DISKSPACE", p_disk, A_DISK, 0 },
	{ "diskinodes", "DISKINODES", p_count, A_NONE, 0 },
	{ "hostname", "HOSTNAME", p_hostname, A_HOSTNAME, 0 },
	{ "ipadd", "IP_ADDRESS", p_ipadd, A_NETWORK, 0 },
	{ "ipdel", "IP_ADDRESS", p_ipdel, A_NETWORK, 0 },
	{ "nameserver", "NAMESERVER", p_nameserver, A_RESOLV, 0 },
	{ "netif_add", "NETIF", p_netif_add, A_NETWORK, 0 },
	{ "netif_del", "NETIF", p_netif_del, A_NETWORK, 0 },
	{ "onboot", "ONBOOT", p_onboot, A_NONE, 0 },
	{ "name", "NAME", p_name, A_NONE, 0 },
	{ "description", "DESCRIPTION", p_text, A_NONE, 0 },
	{ "stop-timeout", "STOP_TIMEOUT", p_timeout, A_NONE, 0 },
};

int set_option_parse(struct ct *ct, char **argv, int argc, int *i, struct vzctl_changes *ch)
{
	const char *arg = argv[*i], *eq, *value, *why;
	const struct set_option *o = NULL;
	struct vzctl_change *c;
	size_t len, k;

	if (strncmp(arg, "--", 2) != 0)
		return 0;
	arg += 2;
	eq = strchr(arg, '=');
	len = eq ? (size_t)(eq - arg) : strlen(arg);
	for (k = 0; k < sizeof set_options / sizeof set_options[0]; k++)
		if (strlen(set_options[k].opt) == len && strncmp(set_options[k].opt, arg, len) == 0)
			o = &set_options[k];
	if (!o)
		return 0;
	if (eq) {
		value = eq + 1;
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		vzctl_err("--%s needs a value", o->opt);
		return -VZCTL_USAGE;
	}
	if (ch->n == VZCTL_CHANGES_MAX) {
		vzctl_err("too many options");
		return -VZCTL_USAGE;
	}
	c = &ch->c[ch->n];
	if (o->apply == A_NETWORK && !ch->ip_saved) {
		const char *ip = ct_get(ct, "IP_ADDRESS"), *netif = ct_get(ct, "NETIF");

		snprintf(ch->ip_before, sizeof ch->ip_before, "%s", ip ? ip : "");
		snprintf(ch->netif_before, sizeof ch->netif_before, "%s", netif ? netif : "");
		ch->ip_saved = 1;
	}
	why = o->parse(ct, value, c->value, sizeof c->value);
	if (why) {
		vzctl_err("CT %u: --%s %s: %s", ct->ctid, o->opt, value, why);
		return -VZCTL_BAD_VALUE;
	}
	c->key = o->key;
	ch->n++;
	/* later options see this one (two --ipadd add both) */
	if (ct_set(ct, c->key, c->value) < 0) {
		vzctl_err("%s", ct->error);
		return -VZCTL_BAD_VALUE;
	}
	ch->limits |= o->apply == A_LIMITS ? o->cgroup : 0;
	ch->disk |= o->apply == A_DISK;
	ch->hostname |= o->apply == A_HOSTNAME;
	ch->network |= o->apply == A_NETWORK;
	ch->resolv |= o->apply == A_RESOLV;
	return 1;
}

/* 1 if the blank-separated list has word. */
static int list_has(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[len] == 0 || p[len] == ' '))
			return 1;
		p += len;
	}
	return 0;
}

/* Routed addresses added and removed since before. */
static int ip_apply(struct ct *ct, pid_t init, const char *before)
{
	char now[VZCONF_VALUE_MAX], old[VZCONF_VALUE_MAX], *tok, *save;
	const char *v = ct_get(ct, "IP_ADDRESS");

	snprintf(now, sizeof now, "%s", v ? v : "");
	snprintf(old, sizeof old, "%s", before);
	for (tok = strtok_r(old, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!list_has(now, tok) && ct_net_ip(ct, init, tok, 0) < 0)
			return -1;
	snprintf(old, sizeof old, "%s", now);
	for (tok = strtok_r(old, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!list_has(before, tok) && ct_net_ip(ct, init, tok, 1) < 0)
			return -1;
	return 0;
}

int set_changes_apply(struct ct *ct, const struct vzctl_changes *ch)
{
	struct ct_status st;

	ct_status(ct, &st);
	if (ch->disk && ct_disk_apply(ct) < 0)
		return -1;
	if (!st.running)
		return 0;
	if (ch->limits && ct_cgroup_apply_some(ct, (unsigned)ch->limits) < 0)
		return -1;
	if (ch->hostname && ct_hostname_apply(ct, st.init_pid) < 0)
		return -1;
	if (ch->network && ip_apply(ct, st.init_pid, ch->ip_before) < 0)
		return -1;
	if (ch->network && ct_net_netif(ct, st.init_pid, ch->netif_before) < 0)
		return -1;
	if (ch->resolv && ct_net_resolv(ct) < 0)
		return -1;
	return 0;
}

int cmd_set(int argc, char **argv)
{
	static struct vzctl_changes ch;
	struct ct ct;
	int i, rc;

	if (argc < 2) {
		vzctl_err("usage: vzctl set CTID|NAME OPTIONS [--save]");
		return VZCTL_USAGE;
	}
	rc = vzctl_open(&ct, argv[1], 1, 1);
	if (rc)
		return rc;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--save") == 0) {
			ch.save = 1;
			continue;
		}
		rc = set_option_parse(&ct, argv, argc, &i, &ch);
		if (rc == 0) {
			vzctl_err("set: unknown option %s", argv[i]);
			rc = -VZCTL_USAGE;
		}
		if (rc < 0)
			goto done;
	}
	rc = 0;
	if (ch.n == 0) {
		vzctl_err("set: no settings given");
		rc = VZCTL_USAGE;
	} else if (set_changes_apply(&ct, &ch) < 0) {
		vzctl_err("%s", ct.error);
		rc = VZCTL_FAIL;
	} else if (ch.save && ct_save(&ct) < 0) {
		vzctl_err("%s", ct.error);
		rc = VZCTL_FAIL;
	} else if (ch.save) {
		printf("CT configuration saved to %s\n", ct.conf_path);
	}
	ct_close(&ct);
	return rc;
done:
	ct_close(&ct);
	return -rc;
}
