/* rtnetlink requests built byte for byte, and replies (good and malformed) parsed. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/fib_rules.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/veth.h>

#include "net/rtnl.h"
#include "tap.h"

static uint32_t u32_at(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t u16_at(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static void test_build(void)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = 7 };
	struct rtnl_msg m;
	const unsigned char *b = m.u.buf;
	size_t nest;

	rtnl_msg_init(&m, RTM_NEWLINK, NLM_F_CREATE, &ifi, sizeof ifi);
	is_int(m.u.h.nlmsg_len, 16 + 16, "header plus ifinfomsg");
	is_int(u32_at(b + 16 + 4), 7, "ifinfomsg index in place");
	rtnl_attr_put_str(&m, IFLA_IFNAME, "ab");
	is_int(m.u.h.nlmsg_len, 32 + 8, "string attribute padded to 4 bytes");
	is_int(u16_at(b + 32), 7, "rta_len counts the NUL, not the padding");
	is_int(u16_at(b + 34), IFLA_IFNAME, "rta_type");
	ok(!memcmp(b + 36, "ab\0\0", 4), "string bytes and zero padding");
	nest = rtnl_nest_begin(&m, IFLA_LINKINFO);
	rtnl_attr_put_str(&m, IFLA_INFO_KIND, "veth");
	rtnl_nest_end(&m, nest);
	is_int(nest, 40, "nest starts at the aligned end");
	is_int(u16_at(b + 40), 4 + 12, "nest length covers its children");
	is_int(m.u.h.nlmsg_len, 40 + 16, "message length after the nest");
	ok(!m.overflow, "no overflow");
}

static void test_overflow(void)
{
	struct ifinfomsg ifi = { 0 };
	unsigned char big[RTNL_MSG_MAX];
	struct rtnl_msg m;

	memset(big, 'x', sizeof big);
	rtnl_msg_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	rtnl_attr_put(&m, IFLA_IFNAME, big, sizeof big - 40);
	ok(!m.overflow, "an attribute that fits is accepted");
	rtnl_attr_put(&m, IFLA_MTU, big, 16);
	ok(m.overflow, "an attribute past RTNL_MSG_MAX marks the request");
	rtnl_attr_put_u32(&m, IFLA_MTU, 1);
	ok(m.overflow && m.u.h.nlmsg_len <= RTNL_MSG_MAX, "later attributes do not write past the end");
}

/* Canned replies: a datagram is built of messages appended to buf. */
struct canned {
	unsigned char buf[512] __attribute__((aligned(4)));
	size_t len;
};

static struct nlmsghdr *canned_msg(struct canned *c, uint16_t type, uint32_t seq,
				   const void *data, size_t len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)(c->buf + c->len);

	memset(h, 0, NLMSG_SPACE(len));
	h->nlmsg_len = NLMSG_LENGTH(len);
	h->nlmsg_type = type;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), data, len);
	c->len += NLMSG_SPACE(len);
	return h;
}

static void canned_error(struct canned *c, uint32_t seq, int error)
{
	struct nlmsgerr e = { .error = error };

	canned_msg(c, NLMSG_ERROR, seq, &e, sizeof e);
}

static int count_fn(const struct nlmsghdr *h, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static void test_acks(void)
{
	struct canned c = { .len = 0 };
	int n = 0;

	canned_error(&c, 5, 0);
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), 1, "ack (error 0) completes");
	c.len = 0;
	canned_error(&c, 5, -EEXIST);
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), -EEXIST, "kernel errno returned");
	c.len = 0;
	canned_error(&c, 4, -EEXIST);
	canned_error(&c, 5, 0);
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), 1, "a stale sequence is skipped");
	c.len = 0;
	canned_error(&c, 5, 3);
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), -EBADMSG, "a positive error is malformed");
	c.len = 0;
	canned_msg(&c, NLMSG_ERROR, 5, "\0\0", 2);
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), -EBADMSG, "a short error message is malformed");
	c.len = 0;
	canned_msg(&c, RTM_NEWNEIGH, 5, "abcd", 4);
	canned_msg(&c, RTM_NEWNEIGH, 5, "abcd", 4);
	is_int(rtnl_reply_walk(c.buf, c.len, 5, count_fn, &n), 0, "a dump part without DONE wants more");
	is_int(n, 2, "each data message reaches the callback");
	canned_msg(&c, NLMSG_DONE, 5, "\0\0\0\0", 4);
	n = 0;
	is_int(rtnl_reply_walk(c.buf, c.len, 5, count_fn, &n), 1, "NLMSG_DONE completes a dump");
	c.len = 0;
	canned_error(&c, 5, 0);
	((struct nlmsghdr *)c.buf)->nlmsg_len = 400;
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), -EBADMSG, "a length past the datagram");
	((struct nlmsghdr *)c.buf)->nlmsg_len = 3;
	is_int(rtnl_reply_walk(c.buf, c.len, 5, NULL, NULL), -EBADMSG, "a length below the header");
	is_int(rtnl_reply_walk(c.buf, 10, 5, NULL, NULL), -EBADMSG, "a truncated header");
	is_int(rtnl_reply_walk(c.buf, 0, 5, NULL, NULL), 0, "an empty datagram wants more");
}

/* An RTM_NEWLINK reply for "venet101" (index 9, kind veth, master 3). */
static size_t link_reply(unsigned char *buf, size_t size)
{
	struct ifinfomsg ifi = { .ifi_index = 9, .ifi_flags = IFF_UP };
	unsigned char mac[6] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct rtnl_msg m;
	size_t info;

	rtnl_msg_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	rtnl_attr_put_str(&m, IFLA_IFNAME, "venet101");
	rtnl_attr_put_u32(&m, IFLA_MASTER, 3);
	rtnl_attr_put(&m, IFLA_ADDRESS, mac, 6);
	info = rtnl_nest_begin(&m, IFLA_LINKINFO);
	rtnl_attr_put_str(&m, IFLA_INFO_KIND, "veth");
	rtnl_nest_end(&m, info);
	memcpy(buf, m.u.buf, m.u.h.nlmsg_len < size ? m.u.h.nlmsg_len : size);
	return m.u.h.nlmsg_len;
}

static void test_link_parse(void)
{
	unsigned char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtnl_link_info li;
	size_t len = link_reply(buf, sizeof buf);

	ok(!rtnl_link_parse(h, &li), "link reply parses");
	is_str(li.name, "venet101", "name");
	is_str(li.kind, "veth", "kind from IFLA_LINKINFO");
	is_int(li.index, 9, "index");
	is_int(li.master, 3, "master");
	ok(li.has_addr && li.addr[0] == 0xfe, "address");
	buf[16 + 16 + 4 + 8] = 'X';	/* the name's NUL */
	ok(rtnl_link_parse(h, &li) != NULL, "an unterminated name is malformed");
	len = link_reply(buf, sizeof buf);
	h->nlmsg_len = 16 + 16 + 6;
	ok(rtnl_link_parse(h, &li) != NULL, "an attribute cut short is malformed");
	h->nlmsg_len = 16 + 8;
	ok(rtnl_link_parse(h, &li) != NULL, "a message shorter than ifinfomsg is malformed");
	h->nlmsg_len = len;
	h->nlmsg_type = RTM_NEWADDR;
	ok(rtnl_link_parse(h, &li) != NULL, "another message type is refused");
	h->nlmsg_type = RTM_NEWLINK;
	*(uint16_t *)(buf + 32 + 12) = 2;	/* IFLA_MASTER's rta_len below a header */
	ok(rtnl_link_parse(h, &li) != NULL, "an attribute length below its header");
}

static void test_neigh_parse(void)
{
	struct ndmsg nd = { .ndm_family = AF_INET, .ndm_ifindex = 2, .ndm_flags = NTF_PROXY };
	unsigned char a4[4] = { 10, 10, 0, 101 };
	struct rtnl_neigh_info ni;
	struct rtnl_msg m;

	rtnl_msg_init(&m, RTM_NEWNEIGH, 0, &nd, sizeof nd);
	rtnl_attr_put(&m, NDA_DST, a4, 4);
	ok(!rtnl_neigh_parse(&m.u.h, &ni), "proxy neighbour parses");
	ok(ni.ifindex == 2 && (ni.flags & NTF_PROXY) && !memcmp(ni.dst, a4, 4), "its fields");
	nd.ndm_family = AF_INET6;
	rtnl_msg_init(&m, RTM_NEWNEIGH, 0, &nd, sizeof nd);
	rtnl_attr_put(&m, NDA_DST, a4, 4);
	ok(rtnl_neigh_parse(&m.u.h, &ni) != NULL, "a 4-byte address for AF_INET6 is refused");
	rtnl_msg_init(&m, RTM_NEWNEIGH, 0, &nd, sizeof nd);
	ok(rtnl_neigh_parse(&m.u.h, &ni) != NULL, "no NDA_DST is refused");
}

static void test_veth_request(void)
{
	struct rtnl_msg m;
	const struct rtattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1], *data[VETH_INFO_MAX + 1];
	const struct rtattr *peer[IFLA_MAX + 1];
	const struct rtattr *p;
	unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 };

	is_int(rtnl_veth_msg(&m, "venet101", NULL, "venet0", mac, 1234), 0, "veth request builds");
	ok(!m.overflow, "and fits");
	is_int(m.u.h.nlmsg_flags, NLM_F_CREATE | NLM_F_EXCL, "creates, never replaces");
	errno = 0;
	ok(rtnl_veth_msg(&m, "a-name-too-long-x", NULL, "venet0", NULL, 0) < 0 && errno == EINVAL,
	   "a name of 16 bytes is refused");
	ok(rtnl_attr_parse((unsigned char *)NLMSG_DATA(&m.u.h) + sizeof(struct ifinfomsg),
			   m.u.h.nlmsg_len - NLMSG_SPACE(sizeof(struct ifinfomsg)), tb, IFLA_MAX) == NULL,
	   "veth request: top-level attributes parse back");
	ok(tb[IFLA_LINKINFO] && rtnl_attr_parse(RTA_DATA(tb[IFLA_LINKINFO]),
					       RTA_PAYLOAD(tb[IFLA_LINKINFO]), info,
					       IFLA_INFO_MAX) == NULL, "linkinfo nest parses back");
	ok(info[IFLA_INFO_DATA] && rtnl_attr_parse(RTA_DATA(info[IFLA_INFO_DATA]),
						  RTA_PAYLOAD(info[IFLA_INFO_DATA]), data,
						  VETH_INFO_MAX) == NULL, "info data nest parses back");
	p = data[VETH_INFO_PEER];
	ok(p && RTA_PAYLOAD(p) > sizeof(struct ifinfomsg) &&
	   rtnl_attr_parse((const unsigned char *)RTA_DATA(p) + sizeof(struct ifinfomsg),
			   RTA_PAYLOAD(p) - sizeof(struct ifinfomsg), peer, IFLA_MAX) == NULL,
	   "peer nest: ifinfomsg then attributes");
	is_str(peer[IFLA_IFNAME] ? RTA_DATA(peer[IFLA_IFNAME]) : NULL, "venet0", "peer name");
	ok(peer[IFLA_NET_NS_PID] && u32_at(RTA_DATA(peer[IFLA_NET_NS_PID])) == 1234, "peer namespace pid");
}

/* from fd00:10::101 iif venet101 priority 1 goto 3 */
static void rule_example(struct rtnl_rule *ru)
{
	static const unsigned char a6[16] = { 0xfd, 0, 0, 0x10, [14] = 1, [15] = 1 };

	memset(ru, 0, sizeof *ru);
	ru->family = AF_INET6;
	memcpy(ru->src, a6, 16);
	ru->src_len = 128;
	strcpy(ru->iifname, "venet101");
	ru->priority = 1;
	ru->action = FR_ACT_GOTO;
	ru->target = 3;
}

static void test_rule_request(void)
{
	struct rtnl_rule ru;
	struct rtnl_msg m;
	const unsigned char *b = m.u.buf;

	rule_example(&ru);
	is_int(rtnl_rule_msg(&m, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, &ru), 0, "rule request builds");
	is_int(m.u.h.nlmsg_type, RTM_NEWRULE, "RTM_NEWRULE");
	is_int(m.u.h.nlmsg_flags, NLM_F_CREATE | NLM_F_EXCL, "creates, never replaces");
	is_int(m.u.h.nlmsg_len, 80, "header, fib_rule_hdr and four attributes");
	ok(b[16] == AF_INET6 && b[17] == 0 && b[18] == 128 && b[19] == 0 && b[20] == 0,
	   "fib_rule_hdr: family, dst_len 0, src_len 128, tos 0, table 0");
	ok(b[23] == FR_ACT_GOTO && u32_at(b + 24) == 0, "fib_rule_hdr: action goto, no flags");
	ok(u16_at(b + 28) == 8 && u16_at(b + 30) == FRA_PRIORITY && u32_at(b + 32) == 1,
	   "FRA_PRIORITY 1");
	ok(u16_at(b + 36) == 20 && u16_at(b + 38) == FRA_SRC && !memcmp(b + 40, ru.src, 16),
	   "FRA_SRC, 16 bytes");
	ok(u16_at(b + 56) == 13 && u16_at(b + 58) == FRA_IIFNAME &&
	   !memcmp(b + 60, "venet101\0\0\0\0", 12), "FRA_IIFNAME with its NUL, padded");
	ok(u16_at(b + 72) == 8 && u16_at(b + 74) == FRA_GOTO && u32_at(b + 76) == 3, "FRA_GOTO 3");

	memset(&ru, 0, sizeof ru);
	ru.family = AF_INET;
	strcpy(ru.iifname, "venet101");
	ru.priority = 2;
	ru.action = FR_ACT_BLACKHOLE;
	is_int(rtnl_rule_msg(&m, RTM_DELRULE, 0, &ru), 0, "blackhole rule builds");
	is_int(m.u.h.nlmsg_len, 28 + 8 + 16, "no source, table or goto attribute");
	ok(b[16] == AF_INET && b[18] == 0 && b[23] == FR_ACT_BLACKHOLE, "header: any source, blackhole");
	ok(u16_at(b + 36) == 13 && u16_at(b + 38) == FRA_IIFNAME, "only the input interface after the priority");

	memset(&ru, 0, sizeof ru);
	ru.family = AF_INET6;
	ru.priority = 3;
	ru.action = FR_ACT_TO_TBL;
	ru.table = RT_TABLE_LOCAL;
	is_int(rtnl_rule_msg(&m, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, &ru), 0, "lookup rule builds");
	ok(m.u.h.nlmsg_len == 28 + 8 + 8 && u16_at(b + 38) == FRA_TABLE && u32_at(b + 40) == 255,
	   "priority 3 lookup local: FRA_TABLE 255");
	ok(b[23] == FR_ACT_TO_TBL && b[18] == 0, "header: lookup, any source");
}

static void test_rule_refused(void)
{
	struct rtnl_rule ru;
	struct rtnl_msg m;

	rule_example(&ru);
	ru.target = 1;
	errno = 0;
	ok(rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru) < 0 && errno == EINVAL, "goto to its own priority");
	rule_example(&ru);
	ru.family = AF_INET;
	errno = 0;
	ok(rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru) < 0 && errno == EINVAL, "a /128 for IPv4");
	rule_example(&ru);
	ru.family = AF_UNSPEC;
	errno = 0;
	ok(rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru) < 0 && errno == EAFNOSUPPORT, "no family");
	rule_example(&ru);
	ru.action = FR_ACT_PROHIBIT;
	errno = 0;
	ok(rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru) < 0 && errno == EINVAL, "an action we do not build");
	rule_example(&ru);
	memset(ru.iifname, 'x', sizeof ru.iifname);
	errno = 0;
	ok(rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru) < 0 && errno == EINVAL, "an unterminated iifname");
}

static void test_rule_parse(void)
{
	struct rtnl_rule ru, back;
	struct rtnl_msg m;
	unsigned char *b = m.u.buf;

	rule_example(&ru);
	rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru);
	ok(!rtnl_rule_parse(&m.u.h, &back), "a rule parses back");
	ok(back.family == AF_INET6 && back.src_len == 128 && !memcmp(back.src, ru.src, 16) &&
	   back.priority == 1 && back.action == FR_ACT_GOTO && back.target == 3,
	   "family, source, priority, action and target");
	is_str(back.iifname, "venet101", "input interface");
	b[18] = 129;
	ok(rtnl_rule_parse(&m.u.h, &back) != NULL, "a source length past 128 is malformed");
	b[18] = 128;
	*(uint16_t *)(b + 36) = 8;	/* FRA_SRC of 4 bytes: the rest is junk attributes */
	*(uint16_t *)(b + 44) = 12;
	*(uint16_t *)(b + 46) = 0;
	ok(rtnl_rule_parse(&m.u.h, &back) != NULL, "a 4-byte source for AF_INET6 is malformed");
	rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru);
	*(uint16_t *)(b + 28) = 6;	/* FRA_PRIORITY of 2 bytes */
	ok(rtnl_rule_parse(&m.u.h, &back) != NULL, "a 2-byte priority is malformed");
	rtnl_rule_msg(&m, RTM_NEWRULE, 0, &ru);
	memcpy(b + 60, "venet1012345", 12);	/* no NUL left in the name */
	ok(rtnl_rule_parse(&m.u.h, &back) != NULL, "an unterminated iifname is malformed");
	rtnl_rule_msg(&m, RTM_DELRULE, 0, &ru);
	ok(rtnl_rule_parse(&m.u.h, &back) != NULL, "another message type is refused");
	m.u.h.nlmsg_type = RTM_NEWRULE;
	m.u.h.nlmsg_len = 16 + 8;
	ok(rtnl_rule_parse(&m.u.h, &back) != NULL, "a message shorter than fib_rule_hdr");
}

static void test_bridge_requests(void)
{
	static const unsigned char mac[6] = { 2, 0, 0, 0, 0x73, 1 };
	struct rtnl_msg m;
	const unsigned char *b = m.u.buf;

	is_int(rtnl_brport_msg(&m, 12, 0, 1), 0, "bridge port request builds");
	is_int(m.u.h.nlmsg_type, RTM_SETLINK, "RTM_SETLINK (RTM_NEWLINK never reaches the bridge)");
	ok(b[16] == AF_BRIDGE && u32_at(b + 20) == 12, "ifinfomsg: AF_BRIDGE, the port's index");
	is_int(m.u.h.nlmsg_len, 32 + 4 + 8 + 8, "one nest of two u8 attributes");
	ok(u16_at(b + 32) == 20 && u16_at(b + 34) == (IFLA_PROTINFO | NLA_F_NESTED),
	   "IFLA_PROTINFO flagged as a nest (else it is an STP state)");
	ok(u16_at(b + 36) == 5 && u16_at(b + 38) == IFLA_BRPORT_LEARNING && b[40] == 0,
	   "learning off");
	ok(u16_at(b + 44) == 5 && u16_at(b + 46) == IFLA_BRPORT_LOCKED && b[48] == 1, "locked");
	ok(rtnl_brport_msg(&m, 0, 0, 1) < 0 && errno == EINVAL, "index 0 refused");

	is_int(rtnl_fdb_static_msg(&m, 12, mac), 0, "FDB request builds");
	is_int(m.u.h.nlmsg_type, RTM_NEWNEIGH, "RTM_NEWNEIGH");
	is_int(m.u.h.nlmsg_flags, NLM_F_CREATE | NLM_F_REPLACE, "create or move to this port");
	ok(b[16] == AF_BRIDGE && u32_at(b + 20) == 12, "ndmsg: AF_BRIDGE, the port's index");
	is_int(u16_at(b + 24), NUD_NOARP, "state static (NUD_NOARP), not local (NUD_PERMANENT)");
	is_int(b[26], NTF_MASTER, "flags: the bridge's FDB");
	ok(m.u.h.nlmsg_len == 40 && u16_at(b + 28) == 10 && u16_at(b + 30) == NDA_LLADDR &&
	   !memcmp(b + 32, mac, 6), "NDA_LLADDR");
}

static void test_attr_parse(void)
{
	unsigned char buf[16] __attribute__((aligned(4))) = { 0 };
	const struct rtattr *tb[4];

	*(uint16_t *)buf = 8;
	*(uint16_t *)(buf + 2) = 2;
	ok(!rtnl_attr_parse(buf, 8, tb, 3), "one attribute");
	ok(tb[2] == (void *)buf && !tb[1], "indexed by type");
	ok(rtnl_attr_parse(buf, 10, tb, 3) != NULL, "trailing bytes shorter than a header");
	*(uint16_t *)(buf + 2) = 60;
	ok(!rtnl_attr_parse(buf, 8, tb, 3), "unknown types past max are skipped");
	ok(!tb[0] && !tb[1] && !tb[2] && !tb[3], "and not stored");
	*(uint16_t *)buf = 9;
	ok(rtnl_attr_parse(buf, 8, tb, 3) != NULL, "length past the buffer");
}

int main(void)
{
	test_build();
	test_overflow();
	test_acks();
	test_link_parse();
	test_neigh_parse();
	test_veth_request();
	test_rule_request();
	test_rule_refused();
	test_rule_parse();
	test_bridge_requests();
	test_attr_parse();
	return done_testing();
}
