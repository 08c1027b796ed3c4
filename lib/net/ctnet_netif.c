#include <errno.h>
#include <string.h>

#include "net/ctnet_impl.h"

static int netif_host_name(struct ctnet_run *run, unsigned n, char *buf, size_t size)
{
	const struct vznetif *nif = &run->c->netif[n];

	if (nif->set & VZNETIF_HOST_IFNAME) {
		if (strlen(nif->host_ifname) >= size) {
			errno = ENAMETOOLONG;
			return ctnet_fail(run, "NETIF %s: host_ifname", nif->ifname);
		}
		strcpy(buf, nif->host_ifname);
		return 0;
	}
	if (ctnet_veth_name(run->c->ctid, n, buf, size) < 0)
		return ctnet_fail(run, "NETIF %s: host link name", nif->ifname);
	return 0;
}

/*
 * On a bridge, the container sends only from its own MAC: the port is
 * locked, learns nothing, and has one static FDB entry, the container
 * side's address (NETIF mac, or the one the kernel picked). mac_filter=off
 * in NETIF opts out, as in OpenVZ.
 */
static int netif_lock(struct ctnet_run *run, const struct vznetif *nif, const char *host,
		      int index)
{
	struct rtnl_link_info li;
	const unsigned char *mac = nif->mac;

	if ((nif->set & VZNETIF_MAC_FILTER) && !nif->mac_filter)
		return 0;
	if (!(nif->set & VZNETIF_MAC)) {
		if (rtnl_link_get(&run->ct, nif->ifname, &li) < 0)
			return ctnet_fail(run, "NETIF %s: container side", nif->ifname);
		if (!li.has_addr) {
			errno = EADDRNOTAVAIL;
			return ctnet_fail(run, "NETIF %s: container side has no MAC", nif->ifname);
		}
		mac = li.addr;
	}
	if (rtnl_brport_set(&run->host, index, 0, 1) < 0)
		return ctnet_fail(run, "NETIF %s: lock bridge port %s", nif->ifname, host);
	if (rtnl_fdb_add_static(&run->host, index, mac) < 0)
		return ctnet_fail(run, "NETIF %s: %s: static FDB entry", nif->ifname, host);
	return 0;
}

/* Everything after the pair exists; the caller deletes it on failure. */
static int netif_setup(struct ctnet_run *run, const struct vznetif *nif, const char *host,
		       int bridge)
{
	int index = rtnl_link_index(&run->host, host);

	if (index < 0)
		return ctnet_fail(run, "NETIF %s: %s", nif->ifname, host);
	if (bridge && rtnl_link_set_master(&run->host, index, bridge) < 0)
		return ctnet_fail(run, "NETIF %s: attach %s to bridge %s", nif->ifname, host,
				  nif->bridge);
	if (bridge && netif_lock(run, nif, host, index) < 0)
		return -1;
	if (rtnl_link_set_up(&run->host, index, 1) < 0)
		return ctnet_fail(run, "NETIF %s: %s: set up", nif->ifname, host);
	index = rtnl_link_index(&run->ct, nif->ifname);
	if (index < 0 || rtnl_link_set_up(&run->ct, index, 1) < 0)
		return ctnet_fail(run, "NETIF %s: container side: set up", nif->ifname);
	index = rtnl_link_index(&run->ct, "lo");
	if (index < 0 || rtnl_link_set_up(&run->ct, index, 1) < 0)
		return ctnet_fail(run, "container's lo: set up");
	return 0;
}

/* A veth pair: host side up (on the bridge when one is named), the
   container side named ifname and up; its addresses are the container's
   own business (DHCP or its network scripts), as in OpenVZ. */
int ctnet_netif_create(struct ctnet_run *run, unsigned n)
{
	const struct vznetif *nif = &run->c->netif[n];
	char host[16];
	int bridge = 0;

	if (netif_host_name(run, n, host, sizeof host) < 0)
		return -1;
	if (nif->set & VZNETIF_BRIDGE) {
		bridge = rtnl_link_index(&run->host, nif->bridge);
		if (bridge < 0)
			return ctnet_fail(run, "NETIF %s: bridge %s", nif->ifname, nif->bridge);
	}
	if (rtnl_veth_create(&run->host, host, nif->set & VZNETIF_HOST_MAC ? nif->host_mac : NULL,
			     nif->ifname, nif->set & VZNETIF_MAC ? nif->mac : NULL, run->pid) < 0)
		return ctnet_fail(run, "NETIF %s: create %s", nif->ifname, host);
	if (netif_setup(run, nif, host, bridge) < 0) {
		ctnet_netif_remove(run, n);
		return -1;
	}
	return 0;
}

int ctnet_netif_remove(struct ctnet_run *run, unsigned n)
{
	const struct vznetif *nif = &run->c->netif[n];
	struct rtnl_link_info li;
	char host[16];

	if (netif_host_name(run, n, host, sizeof host) < 0)
		return -1;
	if (rtnl_link_get(&run->host, host, &li) < 0)
		return errno == ENODEV ? 0 : ctnet_fail(run, "NETIF %s: %s", nif->ifname, host);
	/* host_ifname comes from the config: never delete the node's own links. */
	if (strcmp(li.kind, "veth")) {
		errno = EPERM;
		return ctnet_fail(run, "NETIF %s: %s is a %s link, not a veth", nif->ifname, host,
				  li.kind[0] ? li.kind : "physical");
	}
	if (rtnl_link_del(&run->host, li.index) < 0 && errno != ENODEV)
		return ctnet_fail(run, "NETIF %s: delete %s", nif->ifname, host);
	return 0;
}
