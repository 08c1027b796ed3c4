#include <errno.h>
#include <string.h>

#include "net/ctnet_impl.h"

/* Undoes the first n_ip addresses and n_netif interfaces of a failed start. */
static void ctnet_undo(struct ctnet_run *run, size_t n_ip, size_t n_netif)
{
	while (n_netif > 0)
		ctnet_netif_remove(run, --n_netif);
	while (n_ip > 0)
		ctnet_venet_ip_del(run, run->c->ip[--n_ip]);
	ctnet_venet_remove(run);
}

int ctnet_start(const struct ctnet_config *c, pid_t ct_pid, struct report *rep)
{
	struct ctnet_run run;
	size_t i = 0, j = 0;
	int rc = -1;

	if (ctnet_run_open(&run, c, ct_pid, rep) < 0)
		return -1;
	if (c->n_ip > 0 && ctnet_venet_create(&run) < 0)
		goto fail;
	for (; i < c->n_ip; i++)
		if (ctnet_venet_ip_add(&run, c->ip[i]) < 0)
			goto fail;
	for (; j < c->n_netif; j++)
		if (ctnet_netif_create(&run, j) < 0)
			goto fail;
	rc = 0;
	goto done;
fail:
	ctnet_undo(&run, i, j);
done:
	ctnet_run_close(&run);
	return rc;
}

int ctnet_stop(const struct ctnet_config *c, struct report *rep)
{
	struct ctnet_run run;
	size_t i;
	int rc = 0;

	if (ctnet_run_open(&run, c, 0, rep) < 0)
		return -1;
	for (i = 0; i < c->n_netif; i++)
		rc |= ctnet_netif_remove(&run, i);
	for (i = 0; i < c->n_ip; i++)
		rc |= ctnet_venet_ip_del(&run, c->ip[i]);
	rc |= ctnet_venet_remove(&run);
	ctnet_run_close(&run);
	return rc ? -1 : 0;
}

int ctnet_ip_add(const struct ctnet_config *c, pid_t ct_pid, const char *ip, struct report *rep)
{
	struct ctnet_run run;
	int rc;

	if (ctnet_run_open(&run, c, ct_pid, rep) < 0)
		return -1;
	rc = ctnet_venet_create(&run);
	if (rc == 0)
		rc = ctnet_venet_ip_add(&run, ip);
	ctnet_run_close(&run);
	return rc;
}

int ctnet_ip_del(const struct ctnet_config *c, pid_t ct_pid, const char *ip, struct report *rep)
{
	struct ctnet_run run;
	int rc;

	if (ctnet_run_open(&run, c, ct_pid, rep) < 0)
		return -1;
	rc = ctnet_venet_ip_del(&run, ip);
	ctnet_run_close(&run);
	return rc;
}

static int netif_listed(const struct ctnet_config *c, const char *ifname)
{
	size_t i;

	for (i = 0; i < c->n_netif; i++)
		if (!strcmp(c->netif[i].ifname, ifname))
			return 1;
	return 0;
}

int ctnet_netif_update(const struct ctnet_config *old, const struct ctnet_config *now,
		       pid_t ct_pid, struct report *rep)
{
	struct ctnet_run run;
	size_t i;
	int rc = 0;

	if (old->ctid != now->ctid) {
		errno = EINVAL;
		report_msg(rep, "ctnet %u: NETIF update for another container (%u)", old->ctid,
			   now->ctid);
		return -1;
	}
	if (ctnet_run_open(&run, old, ct_pid, rep) < 0)
		return -1;
	for (i = 0; i < old->n_netif && rc == 0; i++)
		if (!netif_listed(now, old->netif[i].ifname))
			rc = ctnet_netif_remove(&run, i);
	run.c = now;
	for (i = 0; i < now->n_netif && rc == 0; i++)
		if (!netif_listed(old, now->netif[i].ifname))
			rc = ctnet_netif_create(&run, i);
	ctnet_run_close(&run);
	return rc;
}
