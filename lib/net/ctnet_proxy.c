#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "net/ctnet_impl.h"
#include "net/netif.h"

/*
 * The uplink answers ARP (proxy ARP) and NDP (proxy NDP) for each
 * address a container holds on its venet link, so the LAN reaches it
 * through the node.
 */
int ctnet_proxy_set(struct ctnet_run *run, const struct vzip *ip, const char *text, int add)
{
	char uplink[16], path[80];
	int index;

	if (netif_find_ethernet(uplink, sizeof uplink) < 0)
		return 0;	/* no uplink: nothing to answer ARP for */
	index = rtnl_link_index(&run->host, uplink);
	if (index < 0)
		return ctnet_fail(run, "uplink %s", uplink);
	if (!add) {
		if (rtnl_neigh_del(&run->host, index, ip->family, ip->addr, 1) < 0 &&
		    errno != ENOENT)
			return ctnet_fail(run, "%s: delete proxy entry %s", uplink, text);
		return 0;
	}
	if (ip->family == AF_INET6) {
		snprintf(path, sizeof path, "ipv6/conf/%s/proxy_ndp", uplink);
		if (ctnet_sysctl(run, path, "1") < 0)
			return -1;
	}
	if (rtnl_neigh_add(&run->host, index, ip->family, ip->addr, NULL) < 0)
		return ctnet_fail(run, "%s: proxy entry %s", uplink, text);
	return 0;
}

int ctnet_proxy_del(struct ctnet_run *run, const struct vzip *ip)
{
	char text[VZNET_IP_TEXT_MAX];

	if (vznet_ip_format(ip, text, sizeof text) < 0)
		return ctnet_fail(run, "proxy entry address");
	return ctnet_proxy_set(run, ip, text, 0);
}
