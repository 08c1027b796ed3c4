#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct/ct.h"
#include "net/ctnet.h"

/* The container's networking (lib/net/ctnet.h) from its config. */

static void ct_net_report(void *arg, const char *msg)
{
	struct ct *ct = arg;

	if (!ct->error[0])
		snprintf(ct->error, sizeof ct->error, "CT %u: %s", ct->ctid, msg);
}

static size_t split_words(const char *v, char out[][64], size_t max)
{
	char copy[VZCONF_VALUE_MAX], *tok, *save;
	size_t n = 0;

	snprintf(copy, sizeof copy, "%s", v ? v : "");
	for (tok = strtok_r(copy, " \t", &save); tok && n < max; tok = strtok_r(NULL, " \t", &save))
		snprintf(out[n++], 64, "%s", tok);
	return n;
}

static int ct_net_config(struct ct *ct, struct ctnet_config *c)
{
	const char *netif = ct_get(ct, "NETIF"), *why;
	unsigned n = 0;

	memset(c, 0, sizeof *c);
	c->ctid = ct->ctid;
	c->n_ip = split_words(ct_get(ct, "IP_ADDRESS"), c->ip, CTNET_IP_MAX);
	c->n_ns = split_words(ct_get(ct, "NAMESERVER"), c->nameserver, CTNET_NS_MAX);
	if (netif && (why = vznet_netif_parse(netif, c->netif, &n)))
		return ct_fail(ct, "NETIF=\"%s\": %s", netif, why);
	c->n_netif = n;
	return 0;
}

int ct_net_start(struct ct *ct, pid_t init)
{
	struct report rep = { ct_net_report, ct };
	struct ctnet_config c;

	ct->error[0] = 0;
	if (ct_net_config(ct, &c) < 0)
		return -1;
	if (c.n_ns && ctnet_write_resolv(ct->root, &c, &rep) < 0)
		return -1;
	if (c.n_ip == 0 && c.n_netif == 0)
		return 0;
	return ctnet_start(&c, init, &rep);
}

int ct_net_stop(struct ct *ct)
{
	struct report rep = { ct_net_report, ct };
	struct ctnet_config c;

	ct->error[0] = 0;
	if (ct_net_config(ct, &c) < 0)
		return -1;
	/* Even with no address in the config: vzctl set may have added some
	   since vzmon read it, and ctnet_stop finds them by their rules. */
	return ctnet_stop(&c, &rep);
}

int ct_net_ip(struct ct *ct, pid_t init, const char *ip, int add)
{
	struct report rep = { ct_net_report, ct };
	struct ctnet_config c;

	ct->error[0] = 0;
	if (ct_net_config(ct, &c) < 0)
		return -1;
	return add ? ctnet_ip_add(&c, init, ip, &rep) : ctnet_ip_del(&c, init, ip, &rep);
}

int ct_net_netif(struct ct *ct, pid_t init, const char *before)
{
	struct report rep = { ct_net_report, ct };
	struct ctnet_config *old, *now;
	const char *why;
	unsigned n = 0;
	int r = -1;

	ct->error[0] = 0;
	old = malloc(2 * sizeof *old);	/* two configs: too big for the stack */
	if (!old)
		return ct_fail(ct, "network: %s", strerror(errno));
	now = old + 1;
	if (ct_net_config(ct, now) < 0)
		goto out;
	*old = *now;
	if ((why = vznet_netif_parse(before, old->netif, &n))) {
		ct_fail(ct, "NETIF=\"%s\": %s", before, why);
		goto out;
	}
	old->n_netif = n;
	r = ctnet_netif_update(old, now, init, &rep);
out:
	free(old);
	return r;
}

int ct_net_resolv(struct ct *ct)
{
	struct report rep = { ct_net_report, ct };
	struct ctnet_config c;

	ct->error[0] = 0;
	if (ct_net_config(ct, &c) < 0)
		return -1;
	return ctnet_write_resolv(ct->root, &c, &rep);
}
