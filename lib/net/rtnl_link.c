#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_link.h>
#include <linux/veth.h>

#include "net/rtnl.h"

static void link_msg(struct rtnl_msg *m, uint16_t type, uint16_t flags, int index)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index };

	rtnl_msg_init(m, type, flags, &ifi, sizeof ifi);
}

static int name_check(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int link_get_one(const struct nlmsghdr *h, void *ctx)
{
	return rtnl_link_parse(h, ctx) ? -EBADMSG : 0;
}

int rtnl_link_get(struct rtnl *r, const char *name, struct rtnl_link_info *out)
{
	struct rtnl_msg m;

	if (name_check(name) < 0)
		return -1;
	link_msg(&m, RTM_GETLINK, 0, 0);
	rtnl_attr_put_str(&m, IFLA_IFNAME, name);
	memset(out, 0, sizeof *out);
	if (rtnl_talk(r, &m, link_get_one, out) < 0)
		return -1;
	if (out->index <= 0 || strcmp(out->name, name)) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

int rtnl_link_index(struct rtnl *r, const char *name)
{
	struct rtnl_link_info li;

	return rtnl_link_get(r, name, &li) < 0 ? -1 : li.index;
}

int rtnl_veth_msg(struct rtnl_msg *m, const char *name, const unsigned char *mac,
		  const char *peer, const unsigned char *peer_mac, pid_t peer_pid)
{
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };
	size_t info, data, p;

	if (name_check(name) < 0 || name_check(peer) < 0)
		return -1;
	link_msg(m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	rtnl_attr_put_str(m, IFLA_IFNAME, name);
	if (mac)
		rtnl_attr_put(m, IFLA_ADDRESS, mac, 6);
	info = rtnl_nest_begin(m, IFLA_LINKINFO);
	rtnl_attr_put_str(m, IFLA_INFO_KIND, "veth");
	data = rtnl_nest_begin(m, IFLA_INFO_DATA);
	/* The peer is a nest that starts with its own ifinfomsg. */
	p = NLMSG_ALIGN(m->u.h.nlmsg_len);
	rtnl_attr_put(m, VETH_INFO_PEER, &peer_ifi, sizeof peer_ifi);
	rtnl_attr_put_str(m, IFLA_IFNAME, peer);
	if (peer_mac)
		rtnl_attr_put(m, IFLA_ADDRESS, peer_mac, 6);
	if (peer_pid)
		rtnl_attr_put_u32(m, IFLA_NET_NS_PID, (uint32_t)peer_pid);
	rtnl_nest_end(m, p);
	rtnl_nest_end(m, data);
	rtnl_nest_end(m, info);
	return 0;
}

int rtnl_veth_create(struct rtnl *r, const char *name, const unsigned char *mac,
		     const char *peer, const unsigned char *peer_mac, pid_t peer_pid)
{
	struct rtnl_msg m;

	if (rtnl_veth_msg(&m, name, mac, peer, peer_mac, peer_pid) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_link_set_up(struct rtnl *r, int index, int up)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = index,
				 .ifi_change = IFF_UP, .ifi_flags = up ? IFF_UP : 0 };
	struct rtnl_msg m;

	rtnl_msg_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	return rtnl_talk(r, &m, NULL, NULL);
}

/* One u32 attribute of link index set. */
static int link_set_u32(struct rtnl *r, int index, uint16_t attr, uint32_t v)
{
	struct rtnl_msg m;

	link_msg(&m, RTM_NEWLINK, 0, index);
	rtnl_attr_put_u32(&m, attr, v);
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_link_set_master(struct rtnl *r, int index, int master)
{
	return link_set_u32(r, index, IFLA_MASTER, (uint32_t)master);
}

int rtnl_link_set_name(struct rtnl *r, int index, const char *name)
{
	struct rtnl_msg m;

	if (name_check(name) < 0)
		return -1;
	link_msg(&m, RTM_NEWLINK, 0, index);
	rtnl_attr_put_str(&m, IFLA_IFNAME, name);
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_link_set_netns(struct rtnl *r, int index, pid_t pid)
{
	return link_set_u32(r, index, IFLA_NET_NS_PID, (uint32_t)pid);
}

int rtnl_link_del(struct rtnl *r, int index)
{
	struct rtnl_msg m;

	link_msg(&m, RTM_DELLINK, 0, index);
	return rtnl_talk(r, &m, NULL, NULL);
}
