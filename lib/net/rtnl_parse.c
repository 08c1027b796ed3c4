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

/* A message of type with a header of hdr_len and its attributes into tb[0..max]. */
static const char *message_parse(const struct nlmsghdr *h, uint16_t type, size_t hdr_len,
				 const struct rtattr **tb, unsigned max)
{
	const void *attrs;
	size_t len;

	if (h->nlmsg_type != type)
		return "another message type";
	attrs = rtnl_payload(h, hdr_len, &len);
	if (!attrs)
		return "shorter than its header";
	return rtnl_attr_parse(attrs, len, tb, max);
}

/* A NUL-terminated string attribute that fits in size bytes. */
static const char *attr_string(const struct rtattr *a, char *out, size_t size)
{
	size_t n = RTA_PAYLOAD(a);

	if (n < 2 || n > size || ((const char *)RTA_DATA(a))[n - 1])
		return "a name attribute that is no string or too long";
	memcpy(out, RTA_DATA(a), n);
	return strlen(out) == n - 1 ? NULL : "a name attribute with a NUL inside";
}

static const char *link_kind(const struct rtattr *info, char *out, size_t size)
{
	const struct rtattr *tb[IFLA_INFO_MAX + 1];
	const char *why = rtnl_attr_parse(RTA_DATA(info), RTA_PAYLOAD(info), tb, IFLA_INFO_MAX);

	if (why)
		return why;
	return tb[IFLA_INFO_KIND] ? attr_string(tb[IFLA_INFO_KIND], out, size) : NULL;
}

const char *rtnl_link_parse(const struct nlmsghdr *h, struct rtnl_link_info *out)
{
	const struct rtattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const char *why = message_parse(h, RTM_NEWLINK, sizeof *ifi, tb, IFLA_MAX);

	if (why)
		return why;
	memset(out, 0, sizeof *out);
	out->index = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	if (!tb[IFLA_IFNAME])
		return "a link without a name";
	if ((why = attr_string(tb[IFLA_IFNAME], out->name, sizeof out->name)))
		return why;
	if (tb[IFLA_LINKINFO] && (why = link_kind(tb[IFLA_LINKINFO], out->kind, sizeof out->kind)))
		return why;
	if (tb[IFLA_MASTER]) {
		if (RTA_PAYLOAD(tb[IFLA_MASTER]) != 4)
			return "a master index that is not 4 bytes";
		memcpy(&out->master, RTA_DATA(tb[IFLA_MASTER]), 4);
	}
	if (tb[IFLA_ADDRESS] && RTA_PAYLOAD(tb[IFLA_ADDRESS]) == 6) {
		memcpy(out->addr, RTA_DATA(tb[IFLA_ADDRESS]), 6);
		out->has_addr = 1;
	}
	return NULL;
}

/* The address length of family: 4, 16, or 0 for another family. */
static size_t family_addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

const char *rtnl_neigh_parse(const struct nlmsghdr *h, struct rtnl_neigh_info *out)
{
	const struct rtattr *tb[NDA_MAX + 1];
	const struct ndmsg *nd = NLMSG_DATA(h);
	const char *why = message_parse(h, RTM_NEWNEIGH, sizeof *nd, tb, NDA_MAX);
	size_t want;

	if (why)
		return why;
	memset(out, 0, sizeof *out);
	out->family = nd->ndm_family;
	out->ifindex = nd->ndm_ifindex;
	out->flags = nd->ndm_flags;
	want = family_addr_len(nd->ndm_family);
	if (!want || !tb[NDA_DST] || RTA_PAYLOAD(tb[NDA_DST]) != want)
		return "no destination of the family's length";
	memcpy(out->dst, RTA_DATA(tb[NDA_DST]), want);
	return NULL;
}

static const char *attr_u32(const struct rtattr *a, uint32_t *out)
{
	if (RTA_PAYLOAD(a) != 4)
		return "a number attribute that is not 4 bytes";
	memcpy(out, RTA_DATA(a), 4);
	return NULL;
}

const char *rtnl_rule_parse(const struct nlmsghdr *h, struct rtnl_rule *out)
{
	const struct rtattr *tb[FRA_MAX + 1];
	const struct fib_rule_hdr *frh = NLMSG_DATA(h);
	const char *why = message_parse(h, RTM_NEWRULE, sizeof *frh, tb, FRA_MAX);
	size_t want;

	if (why)
		return why;
	memset(out, 0, sizeof *out);
	out->family = frh->family;
	out->src_len = frh->src_len;
	out->action = frh->action;
	out->table = frh->table;
	want = family_addr_len(frh->family);
	if (!want || out->src_len > want * 8)
		return "another family, or a source prefix longer than its address";
	if (tb[FRA_SRC]) {
		if (RTA_PAYLOAD(tb[FRA_SRC]) != want)
			return "a source address of another length than the family's";
		memcpy(out->src, RTA_DATA(tb[FRA_SRC]), want);
	}
	if ((tb[FRA_PRIORITY] && (why = attr_u32(tb[FRA_PRIORITY], &out->priority))) ||
	    (tb[FRA_TABLE] && (why = attr_u32(tb[FRA_TABLE], &out->table))) ||
	    (tb[FRA_GOTO] && (why = attr_u32(tb[FRA_GOTO], &out->target))))
		return why;
	if (tb[FRA_IIFNAME])
		return attr_string(tb[FRA_IIFNAME], out->iifname, sizeof out->iifname);
	return NULL;
}
