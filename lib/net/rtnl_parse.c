#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>

#include "net/rtnl.h"

static const void *rtnl_payload(const struct nlmsghdr *h, size_t hdr_len, size_t *len)
{
	if (h->nlmsg_len < NLMSG_SPACE(hdr_len))
		return NULL;
	*len = h->nlmsg_len - NLMSG_SPACE(hdr_len);
	return (const unsigned char *)NLMSG_DATA(h) + NLMSG_ALIGN(hdr_len);
}

/* A NUL-terminated string attribute that fits in size bytes. */
static int attr_string(const struct rtattr *a, char *out, size_t size)
{
	size_t n = RTA_PAYLOAD(a);

	if (n < 2 || n > size || ((const char *)RTA_DATA(a))[n - 1])
		return -EBADMSG;
	memcpy(out, RTA_DATA(a), n);
	return strlen(out) == n - 1 ? 0 : -EBADMSG;
}

static int link_kind(const struct rtattr *info, char *out, size_t size)
{
	const struct rtattr *tb[IFLA_INFO_MAX + 1];

	if (rtnl_attr_parse(RTA_DATA(info), RTA_PAYLOAD(info), tb, IFLA_INFO_MAX) < 0)
		return -EBADMSG;
	return tb[IFLA_INFO_KIND] ? attr_string(tb[IFLA_INFO_KIND], out, size) : 0;
}

int rtnl_link_parse(const struct nlmsghdr *h, struct rtnl_link_info *out)
{
	const struct rtattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const void *attrs;
	size_t len;

	if (h->nlmsg_type != RTM_NEWLINK || !(attrs = rtnl_payload(h, sizeof *ifi, &len)) ||
	    rtnl_attr_parse(attrs, len, tb, IFLA_MAX) < 0)
		return -EBADMSG;
	memset(out, 0, sizeof *out);
	out->index = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	if (!tb[IFLA_IFNAME] || attr_string(tb[IFLA_IFNAME], out->name, sizeof out->name) < 0)
		return -EBADMSG;
	if (tb[IFLA_LINKINFO] && link_kind(tb[IFLA_LINKINFO], out->kind, sizeof out->kind) < 0)
		return -EBADMSG;
	if (tb[IFLA_MASTER]) {
		if (RTA_PAYLOAD(tb[IFLA_MASTER]) != 4)
			return -EBADMSG;
		memcpy(&out->master, RTA_DATA(tb[IFLA_MASTER]), 4);
	}
	if (tb[IFLA_ADDRESS] && RTA_PAYLOAD(tb[IFLA_ADDRESS]) == 6) {
		memcpy(out->addr, RTA_DATA(tb[IFLA_ADDRESS]), 6);
		out->has_addr = 1;
	}
	return 0;
}

int rtnl_neigh_parse(const struct nlmsghdr *h, struct rtnl_neigh_info *out)
{
	const struct rtattr *tb[NDA_MAX + 1];
	const struct ndmsg *nd = NLMSG_DATA(h);
	const void *attrs;
	size_t len, want;

	if (h->nlmsg_type != RTM_NEWNEIGH || !(attrs = rtnl_payload(h, sizeof *nd, &len)) ||
	    rtnl_attr_parse(attrs, len, tb, NDA_MAX) < 0)
		return -EBADMSG;
	memset(out, 0, sizeof *out);
	out->family = nd->ndm_family;
	out->ifindex = nd->ndm_ifindex;
	out->flags = nd->ndm_flags;
	want = nd->ndm_family == AF_INET ? 4 : nd->ndm_family == AF_INET6 ? 16 : 0;
	if (!want || !tb[NDA_DST] || RTA_PAYLOAD(tb[NDA_DST]) != want)
		return -EBADMSG;
	memcpy(out->dst, RTA_DATA(tb[NDA_DST]), want);
	return 0;
}

static int attr_u32(const struct rtattr *a, uint32_t *out)
{
	if (RTA_PAYLOAD(a) != 4)
		return -EBADMSG;
	memcpy(out, RTA_DATA(a), 4);
	return 0;
}

int rtnl_rule_parse(const struct nlmsghdr *h, struct rtnl_rule *out)
{
	const struct rtattr *tb[FRA_MAX + 1];
	const struct fib_rule_hdr *frh = NLMSG_DATA(h);
	const void *attrs;
	size_t len, want;

	if (h->nlmsg_type != RTM_NEWRULE || !(attrs = rtnl_payload(h, sizeof *frh, &len)) ||
	    rtnl_attr_parse(attrs, len, tb, FRA_MAX) < 0)
		return -EBADMSG;
	memset(out, 0, sizeof *out);
	out->family = frh->family;
	out->src_len = frh->src_len;
	out->action = frh->action;
	out->table = frh->table;
	want = frh->family == AF_INET ? 4 : frh->family == AF_INET6 ? 16 : 0;
	if (!want || out->src_len > want * 8)
		return -EBADMSG;
	if (tb[FRA_SRC]) {
		if (RTA_PAYLOAD(tb[FRA_SRC]) != want)
			return -EBADMSG;
		memcpy(out->src, RTA_DATA(tb[FRA_SRC]), want);
	}
	if ((tb[FRA_PRIORITY] && attr_u32(tb[FRA_PRIORITY], &out->priority) < 0) ||
	    (tb[FRA_TABLE] && attr_u32(tb[FRA_TABLE], &out->table) < 0) ||
	    (tb[FRA_GOTO] && attr_u32(tb[FRA_GOTO], &out->target) < 0))
		return -EBADMSG;
	if (tb[FRA_IIFNAME] && attr_string(tb[FRA_IIFNAME], out->iifname, sizeof out->iifname) < 0)
		return -EBADMSG;
	return 0;
}
