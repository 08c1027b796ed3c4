#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/fib_rules.h>

#include "net/ctnet_impl.h"

/*
 * A container may only send from its own addresses (docs/networking.md).
 * Per family, for the host link venetCTID:
 *
 *   CTNET_RULE_ALLOW  from ADDR iif venetCTID goto CTNET_RULE_LOCAL   (each address)
 *   CTNET_RULE_DENY   iif venetCTID blackhole
 *   CTNET_RULE_LOCAL  lookup local
 *
 * The local table is looked up at priority 0 by default, before any rule
 * we could add, so it moves to CTNET_RULE_LOCAL; main and default stay.
 * Blackhole, not prohibit: an ICMP error would go to the forged source.
 * Rules of different containers name different links and never match
 * each other's packets, so they share the priorities.
 */

static const int rule_families[] = { AF_INET, AF_INET6 };
#define RULE_BATCH 80	/* rules removed per dump; every rule of one container fits */

static void rule_init(struct rtnl_rule *ru, int family, const char *iif, uint32_t prio,
		      unsigned char action)
{
	memset(ru, 0, sizeof *ru);
	ru->family = family;
	strcpy(ru->iifname, iif);
	ru->priority = prio;
	ru->action = action;
	ru->target = action == FR_ACT_GOTO ? CTNET_RULE_LOCAL : 0;
}

static const char *family_name(int family)
{
	return family == AF_INET ? "IPv4" : "IPv6";
}

/* Idempotent: add the new local rule first, so no moment lacks one. */
static int rule_local_move(struct ctnet_run *run, int family)
{
	struct rtnl_rule ru;

	rule_init(&ru, family, "", CTNET_RULE_LOCAL, FR_ACT_TO_TBL);
	ru.table = RT_TABLE_LOCAL;
	if (rtnl_rule_add(&run->host, &ru) < 0 && errno != EEXIST)
		return ctnet_fail(run, "%s rule %u lookup local", family_name(family),
				  CTNET_RULE_LOCAL);
	ru.priority = 0;
	if (rtnl_rule_del(&run->host, &ru) < 0 && errno != ENOENT)
		return ctnet_fail(run, "delete %s rule 0 lookup local", family_name(family));
	return 0;
}

/* IPv6 link-local sources never leave the link (the kernel does not
   forward them), and the container's neighbour discovery uses them. */
static int rule_link_local(struct ctnet_run *run, const char *iif)
{
	struct rtnl_rule ru;

	rule_init(&ru, AF_INET6, iif, CTNET_RULE_ALLOW, FR_ACT_GOTO);
	ru.src[0] = 0xfe;
	ru.src[1] = 0x80;
	ru.src_len = 10;
	if (rtnl_rule_add(&run->host, &ru) < 0 && errno != EEXIST)
		return ctnet_fail(run, "IPv6 rule from fe80::/10 iif %s", iif);
	return 0;
}

int ctnet_rule_guard(struct ctnet_run *run, const char *iif)
{
	struct rtnl_rule ru;
	size_t i;

	for (i = 0; i < sizeof rule_families / sizeof rule_families[0]; i++) {
		if (rule_local_move(run, rule_families[i]) < 0)
			return -1;
		rule_init(&ru, rule_families[i], iif, CTNET_RULE_DENY, FR_ACT_BLACKHOLE);
		if (rtnl_rule_add(&run->host, &ru) < 0 && errno != EEXIST)
			return ctnet_fail(run, "%s rule iif %s blackhole", family_name(ru.family), iif);
	}
	return rule_link_local(run, iif);
}

int ctnet_rule_source(struct ctnet_run *run, const char *iif, const struct vzip *ip,
		      const char *text, int add)
{
	struct rtnl_rule ru;

	rule_init(&ru, ip->family, iif, CTNET_RULE_ALLOW, FR_ACT_GOTO);
	memcpy(ru.src, ip->addr, 16);
	ru.src_len = ip->family == AF_INET ? 32 : 128;
	if (add && rtnl_rule_add(&run->host, &ru) < 0 && errno != EEXIST)
		return ctnet_fail(run, "rule from %s iif %s", text, iif);
	if (!add && rtnl_rule_del(&run->host, &ru) < 0 && errno != ENOENT)
		return ctnet_fail(run, "delete rule from %s iif %s", text, iif);
	return 0;
}

struct rule_batch {
	const char *iif;
	struct rtnl_rule rules[RULE_BATCH];
	size_t n;
};

static int rule_collect(const struct nlmsghdr *h, void *ctx)
{
	struct rule_batch *b = ctx;
	struct rtnl_rule ru;

	if (rtnl_rule_parse(h, &ru))
		return -EBADMSG;
	if (strcmp(ru.iifname, b->iif) || b->n == RULE_BATCH ||
	    !((ru.priority == CTNET_RULE_ALLOW && ru.action == FR_ACT_GOTO) ||
	      (ru.priority == CTNET_RULE_DENY && ru.action == FR_ACT_BLACKHOLE)))
		return 0;
	b->rules[b->n++] = ru;
	return 0;
}

/* An address rule (one whole address): the container held it, and the
   uplink answered ARP/NDP for it. */
static int rule_forget_address(struct ctnet_run *run, const struct rtnl_rule *ru)
{
	struct vzip ip = { .family = ru->family };

	if (ru->priority != CTNET_RULE_ALLOW || ru->src_len != (ru->family == AF_INET ? 32u : 128u))
		return 0;
	memcpy(ip.addr, ru->src, 16);
	return ctnet_proxy_del(run, &ip);
}

/* The rules of b->iif for family, a batch at a time. */
static int rule_remove_family(struct ctnet_run *run, int family, struct rule_batch *b)
{
	size_t k;

	do {
		b->n = 0;
		if (rtnl_rule_dump(&run->host, family, rule_collect, b) < 0)
			return ctnet_fail(run, "%s rules of %s", family_name(family), b->iif);
		for (k = 0; k < b->n; k++) {
			if (rule_forget_address(run, &b->rules[k]) < 0)
				return -1;
			if (rtnl_rule_del(&run->host, &b->rules[k]) < 0 && errno != ENOENT)
				return ctnet_fail(run, "delete %s rule %u iif %s", family_name(family),
						  b->rules[k].priority, b->iif);
		}
	} while (b->n == RULE_BATCH);
	return 0;
}

/* Every rule naming iif, whatever the config says now: the namespace and
   the link may be gone, the rules stay until deleted. */
int ctnet_rule_remove_all(struct ctnet_run *run, const char *iif)
{
	struct rule_batch *b = calloc(1, sizeof *b);
	size_t i;
	int r = 0;

	if (!b)
		return ctnet_fail(run, "rules of %s", iif);
	b->iif = iif;
	for (i = 0; !r && i < sizeof rule_families / sizeof rule_families[0]; i++)
		r = rule_remove_family(run, rule_families[i], b);
	free(b);
	return r;
}
