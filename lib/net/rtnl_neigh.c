#include <errno.h>
#include <sys/socket.h>

#include <linux/neighbour.h>

#include "net/rtnl.h"

static int neigh_msg(struct rtnl_msg *m, uint16_t type, uint16_t flags, int index, int family,
		     const void *dst, int proxy)
{
	struct ndmsg nd = { .ndm_family = family, .ndm_ifindex = index,
			    .ndm_state = NUD_PERMANENT, .ndm_flags = proxy ? NTF_PROXY : 0 };
	size_t len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;

	if (!len) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	rtnl_msg_init(m, type, flags, &nd, sizeof nd);
	rtnl_attr_put(m, NDA_DST, dst, len);
	return 0;
}

int rtnl_neigh_add(struct rtnl *r, int index, int family, const void *dst,
		   const unsigned char *lladdr)
{
	struct rtnl_msg m;

	if (neigh_msg(&m, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, index, family, dst,
		      !lladdr) < 0)
		return -1;
	if (lladdr)
		rtnl_attr_put(&m, NDA_LLADDR, lladdr, 6);
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_neigh_del(struct rtnl *r, int index, int family, const void *dst, int proxy)
{
	struct rtnl_msg m;

	if (neigh_msg(&m, RTM_DELNEIGH, 0, index, family, dst, proxy) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_neigh_proxy_dump(struct rtnl *r, int family, rtnl_msg_fn *fn, void *ctx)
{
	struct ndmsg nd = { .ndm_family = family, .ndm_flags = NTF_PROXY };
	struct rtnl_msg m;

	rtnl_msg_init(&m, RTM_GETNEIGH, NLM_F_DUMP, &nd, sizeof nd);
	return rtnl_talk(r, &m, fn, ctx);
}
