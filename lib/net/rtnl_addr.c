#include <errno.h>
#include <sys/socket.h>

#include <linux/if_addr.h>

#include "net/rtnl.h"

static int addr_len(int family)
{
	if (family == AF_INET)
		return 4;
	if (family == AF_INET6)
		return 16;
	errno = EAFNOSUPPORT;
	return -1;
}

static int addr_msg(struct rtnl_msg *m, uint16_t type, uint16_t flags, int index, int family,
		    const void *addr, unsigned prefix)
{
	struct ifaddrmsg ifa = { .ifa_family = family, .ifa_prefixlen = prefix,
				 .ifa_index = index, .ifa_scope = RT_SCOPE_UNIVERSE };
	int len = addr_len(family);

	if (len < 0)
		return -1;
	if (prefix > (unsigned)len * 8) {
		errno = EINVAL;
		return -1;
	}
	rtnl_msg_init(m, type, flags, &ifa, sizeof ifa);
	rtnl_attr_put(m, IFA_LOCAL, addr, len);
	rtnl_attr_put(m, IFA_ADDRESS, addr, len);
	return 0;
}

int rtnl_addr_add(struct rtnl *r, int index, int family, const void *addr, unsigned prefix,
		  unsigned ifa_flags)
{
	struct rtnl_msg m;

	if (addr_msg(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, index, family, addr, prefix) < 0)
		return -1;
	if (ifa_flags)
		rtnl_attr_put_u32(&m, IFA_FLAGS, ifa_flags);
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_addr_del(struct rtnl *r, int index, int family, const void *addr, unsigned prefix)
{
	struct rtnl_msg m;

	if (addr_msg(&m, RTM_DELADDR, 0, index, family, addr, prefix) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}
