#include <errno.h>
#include <sys/socket.h>

#include "net/rtnl.h"

static int route_msg(struct rtnl_msg *m, uint16_t type, uint16_t flags,
		     const struct rtnl_route *rt)
{
	struct rtmsg rtm = { .rtm_family = rt->family, .rtm_dst_len = rt->dst_len,
			     .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_STATIC,
			     .rtm_scope = rt->scope, .rtm_type = RTN_UNICAST,
			     .rtm_flags = rt->flags };
	size_t len = rt->family == AF_INET ? 4 : rt->family == AF_INET6 ? 16 : 0;

	if (!len || rt->dst_len > len * 8) {
		errno = len ? EINVAL : EAFNOSUPPORT;
		return -1;
	}
	rtnl_msg_init(m, type, flags, &rtm, sizeof rtm);
	if (rt->dst_len)
		rtnl_attr_put(m, RTA_DST, rt->dst, len);
	if (rt->has_gw)
		rtnl_attr_put(m, RTA_GATEWAY, rt->gw, len);
	if (rt->oif)
		rtnl_attr_put_u32(m, RTA_OIF, (uint32_t)rt->oif);
	return 0;
}

int rtnl_route_add(struct rtnl *r, const struct rtnl_route *rt)
{
	struct rtnl_msg m;
	uint16_t flags = NLM_F_CREATE | (rt->replace ? NLM_F_REPLACE : NLM_F_EXCL);

	if (route_msg(&m, RTM_NEWROUTE, flags, rt) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_route_del(struct rtnl *r, const struct rtnl_route *rt)
{
	struct rtnl_msg m;

	if (route_msg(&m, RTM_DELROUTE, 0, rt) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}
