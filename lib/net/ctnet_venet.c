#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "net/ctnet_impl.h"

/*
 * Every host venet link has this address, and the container reaches its
 * gateway (169.254.0.1, fe80::1) through a permanent neighbour entry for
 * it: no ARP towards the host, no address on the host side.
 */
static const unsigned char venet_host_mac[6] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
static const unsigned char venet_gw4[4] = { 169, 254, 0, 1 };
static const unsigned char venet_gw6[16] = { 0xfe, 0x80, [15] = 1 };
#define VENET_CT_IFNAME "venet0"

static int venet_host_index(struct ctnet_run *run, char *name, size_t size)
{
	int index;

	if (ctnet_venet_name(run->c->ctid, name, size) < 0)
		return ctnet_fail(run, "host link name");
	index = rtnl_link_index(&run->host, name);
	if (index < 0)
		return ctnet_fail(run, "%s", name);
	return index;
}

int ctnet_venet_create(struct ctnet_run *run)
{
	char name[16], path[80];
	int index;

	if (ctnet_venet_name(run->c->ctid, name, sizeof name) < 0)
		return ctnet_fail(run, "host link name");
	/* Rules first: the link never carries a packet they have not seen. */
	if (ctnet_rule_guard(run, name) < 0)
		return -1;
	if (rtnl_link_index(&run->host, name) > 0)
		return 0;
	if (rtnl_veth_create(&run->host, name, venet_host_mac, VENET_CT_IFNAME, NULL,
			     run->pid) < 0)
		return ctnet_fail(run, "create %s and the container's " VENET_CT_IFNAME, name);
	index = rtnl_link_index(&run->host, name);
	if (index < 0)
		return ctnet_fail(run, "%s", name);
	/* Strict reverse path: a packet from venetCTID must have a source
	   routed back through venetCTID, i.e. one of the container's own. */
	snprintf(path, sizeof path, "ipv4/conf/%s/rp_filter", name);
	if (ctnet_sysctl(run, path, "1") < 0 || ctnet_sysctl(run, "ipv4/ip_forward", "1") < 0)
		return -1;
	snprintf(path, sizeof path, "ipv6/conf/%s/accept_dad", name);
	if (net_sysctl_write(path, "0") < 0 && errno != ENOENT)
		return ctnet_fail(run, "sysctl net.%s=0", path);
	if (rtnl_link_set_up(&run->host, index, 1) < 0)
		return ctnet_fail(run, "%s: set up", name);
	index = rtnl_link_index(&run->ct, VENET_CT_IFNAME);
	if (index < 0)
		return ctnet_fail(run, "container's " VENET_CT_IFNAME);
	if (rtnl_link_set_up(&run->ct, index, 1) < 0)
		return ctnet_fail(run, "container's " VENET_CT_IFNAME ": set up");
	index = rtnl_link_index(&run->ct, "lo");
	if (index < 0 || rtnl_link_set_up(&run->ct, index, 1) < 0)
		return ctnet_fail(run, "container's lo: set up");
	return 0;
}

int ctnet_venet_remove(struct ctnet_run *run)
{
	char name[16];
	int index;

	if (ctnet_venet_name(run->c->ctid, name, sizeof name) < 0)
		return ctnet_fail(run, "host link name");
	index = rtnl_link_index(&run->host, name);
	if (index < 0 && errno != ENODEV)
		return ctnet_fail(run, "%s", name);
	if (index > 0 && rtnl_link_del(&run->host, index) < 0 && errno != ENODEV)
		return ctnet_fail(run, "delete %s", name);
	return ctnet_rule_remove_all(run, name);
}

/* The container's gateway for ip's family: neighbour entry and default route. */
static int venet_ct_gateway(struct ctnet_run *run, int ct_index, int family)
{
	struct rtnl_route rt = { .family = family, .has_gw = 1, .oif = ct_index,
				 .scope = RT_SCOPE_UNIVERSE, .flags = RTNH_F_ONLINK,
				 .replace = 1 };
	const void *gw = family == AF_INET ? venet_gw4 : venet_gw6;

	memcpy(rt.gw, gw, family == AF_INET ? 4 : 16);
	if (rtnl_neigh_add(&run->ct, ct_index, family, gw, venet_host_mac) < 0)
		return ctnet_fail(run, "container's " VENET_CT_IFNAME ": gateway %s neighbour",
				  family == AF_INET ? "169.254.0.1" : "fe80::1");
	if (rtnl_route_add(&run->ct, &rt) < 0)
		return ctnet_fail(run, "container's " VENET_CT_IFNAME ": default route via %s",
				  family == AF_INET ? "169.254.0.1" : "fe80::1");
	return 0;
}

static int venet_ip_parse(struct ctnet_run *run, const char *s, struct vzip *ip, char *text,
			  size_t size)
{
	const char *why = vznet_ip_parse(s, ip);

	if (why) {
		errno = EINVAL;
		return ctnet_fail(run, "address \"%s\" (%s)", s, why);
	}
	ip->prefix = 0;
	return vznet_ip_format(ip, text, size) < 0 ? ctnet_fail(run, "address \"%s\"", s) : 0;
}

static void venet_host_route(struct rtnl_route *rt, const struct vzip *ip, int index)
{
	memset(rt, 0, sizeof *rt);
	rt->family = ip->family;
	memcpy(rt->dst, ip->addr, 16);
	rt->dst_len = ip->family == AF_INET ? 32 : 128;
	rt->oif = index;
	rt->scope = RT_SCOPE_LINK;
}

int ctnet_venet_ip_add(struct ctnet_run *run, const char *s)
{
	char name[16], text[VZNET_IP_TEXT_MAX];
	struct rtnl_route rt;
	struct vzip ip;
	int host, ct;

	if (venet_ip_parse(run, s, &ip, text, sizeof text) < 0 ||
	    (host = venet_host_index(run, name, sizeof name)) < 0)
		return -1;
	if (ip.family == AF_INET6 && ctnet_sysctl(run, "ipv6/conf/all/forwarding", "1") < 0)
		return -1;
	/* The node routes an address to one container only: EEXIST here means
	   another container (or the node) has it. */
	venet_host_route(&rt, &ip, host);
	if (rtnl_route_add(&run->host, &rt) < 0)
		return ctnet_fail(run, "%s: route %s", name, text);
	if (ctnet_rule_source(run, name, &ip, text, 1) < 0)
		goto undo;
	ct = rtnl_link_index(&run->ct, VENET_CT_IFNAME);
	if (ct < 0) {
		ctnet_fail(run, "container's " VENET_CT_IFNAME);
		goto undo;
	}
	if (rtnl_addr_add(&run->ct, ct, ip.family, ip.addr, ip.family == AF_INET ? 32 : 128,
			  ip.family == AF_INET6 ? IFA_F_NODAD : 0) < 0 && errno != EEXIST) {
		ctnet_fail(run, "container's " VENET_CT_IFNAME ": add address %s", text);
		goto undo;
	}
	if (venet_ct_gateway(run, ct, ip.family) < 0 || ctnet_proxy_set(run, &ip, text, 1) < 0)
		goto undo;
	return 0;
undo:
	ctnet_venet_ip_del(run, s);
	return -1;
}

int ctnet_venet_ip_del(struct ctnet_run *run, const char *s)
{
	char name[16], text[VZNET_IP_TEXT_MAX];
	struct rtnl_route rt;
	struct vzip ip;
	int host, ct, rc = 0;

	if (venet_ip_parse(run, s, &ip, text, sizeof text) < 0)
		return -1;
	if (ctnet_venet_name(run->c->ctid, name, sizeof name) < 0)
		return ctnet_fail(run, "host link name");
	/* The rule names our link: deleting it never touches another's. */
	rc = ctnet_rule_source(run, name, &ip, text, 0);
	host = rtnl_link_index(&run->host, name);
	if (host < 0 && errno != ENODEV)
		return ctnet_fail(run, "%s", name);
	if (host > 0) {
		/* With oif set, the kernel deletes only our route to text; if
		   there is none, the address (and its proxy entry) is not ours. */
		venet_host_route(&rt, &ip, host);
		if (rtnl_route_del(&run->host, &rt) == 0)
			rc |= ctnet_proxy_set(run, &ip, text, 0);
		else if (errno != ESRCH)
			rc = ctnet_fail(run, "%s: delete route %s", name, text);
	} else {
		/* The container's namespace is gone and took the link and its
		   routes along; the proxy entry on the uplink stays behind. */
		rc |= ctnet_proxy_set(run, &ip, text, 0);
	}
	if (run->ct.fd < 0)
		return rc;
	ct = rtnl_link_index(&run->ct, VENET_CT_IFNAME);
	if (ct < 0)
		return errno == ENODEV ? rc : ctnet_fail(run, "container's " VENET_CT_IFNAME);
	if (rtnl_addr_del(&run->ct, ct, ip.family, ip.addr, ip.family == AF_INET ? 32 : 128) < 0 &&
	    errno != EADDRNOTAVAIL)
		return ctnet_fail(run, "container's " VENET_CT_IFNAME ": delete address %s", text);
	return rc;
}
