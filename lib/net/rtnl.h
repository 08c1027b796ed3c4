#ifndef VZHOST_RTNL_H
#define VZHOST_RTNL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/*
 * A small rtnetlink client: one request, one acknowledgement. Functions
 * return 0 or -1 with errno set (the kernel's errno for refused requests,
 * EBADMSG for replies we cannot parse, ENOSPC for requests that do not fit);
 * callers name the object in their messages.
 */

#define RTNL_MSG_MAX 1024	/* every request we build fits */
#define RTNL_REPLY_MAX 32768	/* one datagram of replies */

struct rtnl_msg {
	union {
		struct nlmsghdr h;
		unsigned char buf[RTNL_MSG_MAX];
	} u;
	int overflow;		/* an attribute did not fit: the request is not sent */
};

/* Building requests (pure; see tests/unit/test_rtnl.c). */
void rtnl_msg_init(struct rtnl_msg *m, uint16_t type, uint16_t flags, const void *hdr,
		   size_t hdr_len);
void rtnl_attr_put(struct rtnl_msg *m, uint16_t type, const void *data, size_t len);
void rtnl_attr_put_str(struct rtnl_msg *m, uint16_t type, const char *s);
void rtnl_attr_put_u32(struct rtnl_msg *m, uint16_t type, uint32_t v);
/* Nested attributes: begin returns the offset to hand to end. */
size_t rtnl_nest_begin(struct rtnl_msg *m, uint16_t type);
void rtnl_nest_end(struct rtnl_msg *m, size_t off);

/*
 * Parsing replies (pure). rtnl_reply_walk checks one datagram holding
 * replies to request seq: every message must lie inside buf; messages of
 * other sequence numbers are skipped; each data message goes to fn (which
 * returns 0 or a negative errno to stop). Returns 1 when the reply is
 * complete (an acknowledgement or NLMSG_DONE), 0 when more datagrams
 * follow, or a negative errno: the kernel's, fn's, or -EBADMSG.
 */
typedef int rtnl_msg_fn(const struct nlmsghdr *h, void *ctx);
int rtnl_reply_walk(const void *buf, size_t len, uint32_t seq, rtnl_msg_fn *fn, void *ctx);
/*
 * The parsers of kernel messages return NULL, or why the message is not
 * one or is malformed (a callback of rtnl_reply_walk turns that into
 * -EBADMSG).
 */
/* Attributes in [data, data+len) into tb[0..max] (later duplicates win). */
const char *rtnl_attr_parse(const void *data, size_t len, const struct rtattr **tb,
			    unsigned max);

struct rtnl_link_info {
	int index;
	unsigned flags;		/* IFF_* */
	int master;		/* 0: none */
	char name[16];
	char kind[16];		/* IFLA_INFO_KIND ("veth", "bridge"); "" if none */
	unsigned char addr[6];
	int has_addr;
};
/* An RTM_NEWLINK message. */
const char *rtnl_link_parse(const struct nlmsghdr *h, struct rtnl_link_info *out);

struct rtnl_neigh_info {
	int family, ifindex;
	unsigned flags;		/* NTF_* */
	unsigned char dst[16];
};
/* An RTM_NEWNEIGH message. */
const char *rtnl_neigh_parse(const struct nlmsghdr *h, struct rtnl_neigh_info *out);

/* A socket in one network namespace. */
struct rtnl {
	int fd;
	uint32_t seq;
};

int rtnl_open(struct rtnl *r);
/* A socket inside the network namespace of process pid (the caller's
   namespace is restored before returning). */
int rtnl_open_ns(struct rtnl *r, pid_t pid);
void rtnl_close(struct rtnl *r);
/* Sends m with NLM_F_REQUEST|NLM_F_ACK and waits for the answer; data
   messages in the answer go to fn (may be NULL). */
int rtnl_talk(struct rtnl *r, struct rtnl_msg *m, rtnl_msg_fn *fn, void *ctx);

/* Links (rtnl_link.c). */
int rtnl_link_get(struct rtnl *r, const char *name, struct rtnl_link_info *out);
int rtnl_link_index(struct rtnl *r, const char *name);	/* > 0, or -1 (ENODEV) */
/*
 * A veth pair: name here, peer in the namespace of peer_pid (0: here);
 * mac/peer_mac may be NULL (the kernel picks random ones).
 */
int rtnl_veth_create(struct rtnl *r, const char *name, const unsigned char *mac,
		     const char *peer, const unsigned char *peer_mac, pid_t peer_pid);
/* The request rtnl_veth_create sends (pure); -1 EINVAL for a bad name. */
int rtnl_veth_msg(struct rtnl_msg *m, const char *name, const unsigned char *mac,
		  const char *peer, const unsigned char *peer_mac, pid_t peer_pid);
int rtnl_link_set_up(struct rtnl *r, int index, int up);
int rtnl_link_set_master(struct rtnl *r, int index, int master);	/* 0: detach */
int rtnl_link_set_name(struct rtnl *r, int index, const char *name);
int rtnl_link_set_netns(struct rtnl *r, int index, pid_t pid);
int rtnl_link_del(struct rtnl *r, int index);

/* Addresses, routes, neighbours (rtnl_addr.c, rtnl_route.c, rtnl_neigh.c);
   addr is 4 or 16 bytes by family. */
int rtnl_addr_add(struct rtnl *r, int index, int family, const void *addr, unsigned prefix,
		  unsigned ifa_flags);
int rtnl_addr_del(struct rtnl *r, int index, int family, const void *addr, unsigned prefix);

struct rtnl_route {
	int family;
	unsigned char dst[16];
	unsigned dst_len;	/* 0 with dst all zero: the default route */
	unsigned char gw[16];
	int has_gw;
	int oif;
	unsigned char scope;	/* RT_SCOPE_* */
	unsigned flags;		/* RTNH_F_ONLINK */
	int replace;		/* add: replace an existing route (else EEXIST) */
};
int rtnl_route_add(struct rtnl *r, const struct rtnl_route *rt);
int rtnl_route_del(struct rtnl *r, const struct rtnl_route *rt);

/* lladdr NULL: a proxy entry (NTF_PROXY); otherwise a permanent entry. */
int rtnl_neigh_add(struct rtnl *r, int index, int family, const void *dst,
		   const unsigned char *lladdr);
int rtnl_neigh_del(struct rtnl *r, int index, int family, const void *dst, int proxy);
/* Every proxy entry of family on any interface, to fn. */
int rtnl_neigh_proxy_dump(struct rtnl *r, int family, rtnl_msg_fn *fn, void *ctx);

/*
 * Policy rules (rtnl_rule.c): "[from SRC/LEN] [iif NAME] priority PRIO"
 * then lookup TABLE, goto TARGET (a later priority) or blackhole.
 */
struct rtnl_rule {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char src[16];
	unsigned src_len;	/* 0: any source */
	char iifname[16];	/* "": any input interface */
	uint32_t priority;
	unsigned char action;	/* FR_ACT_TO_TBL, FR_ACT_GOTO or FR_ACT_BLACKHOLE */
	uint32_t table;		/* FR_ACT_TO_TBL */
	uint32_t target;	/* FR_ACT_GOTO: the priority to go on at, > priority */
};
/* The request for ru (pure); -1 EINVAL or EAFNOSUPPORT for a rule we do not build. */
int rtnl_rule_msg(struct rtnl_msg *m, uint16_t type, uint16_t flags, const struct rtnl_rule *ru);
/* Adds ru; EEXIST when the same rule is there already. */
int rtnl_rule_add(struct rtnl *r, const struct rtnl_rule *ru);
/* Deletes the first rule matching ru (ENOENT: none). */
int rtnl_rule_del(struct rtnl *r, const struct rtnl_rule *ru);
/* Every rule of family, to fn. */
int rtnl_rule_dump(struct rtnl *r, int family, rtnl_msg_fn *fn, void *ctx);
/* An RTM_NEWRULE message. */
const char *rtnl_rule_parse(const struct nlmsghdr *h, struct rtnl_rule *out);

/*
 * Bridge ports (rtnl_bridge.c). rtnl_brport_set sets a port's learning
 * and locked flags: a locked port forwards only frames whose source MAC
 * has an FDB entry on that port. rtnl_fdb_add_static adds such an entry
 * (static, not local) for mac on port index.
 */
int rtnl_brport_msg(struct rtnl_msg *m, int index, int learning, int locked);
int rtnl_brport_set(struct rtnl *r, int index, int learning, int locked);
int rtnl_fdb_static_msg(struct rtnl_msg *m, int index, const unsigned char mac[6]);
int rtnl_fdb_add_static(struct rtnl *r, int index, const unsigned char mac[6]);

/* Writes value to /proc/sys/net/PATH in the caller's network namespace. */
int net_sysctl_write(const char *path, const char *value);

#endif
