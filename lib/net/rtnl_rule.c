#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/fib_rules.h>

#include "net/rtnl.h"

static size_t rule_addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

int rtnl_rule_msg(struct rtnl_msg *m, uint16_t type, uint16_t flags, const struct rtnl_rule *ru)
{
	struct fib_rule_hdr frh = { .family = ru->family, .src_len = ru->src_len,
				    .action = ru->action };
	size_t len = rule_addr_len(ru->family);

	if (!len) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (ru->src_len > len * 8 || strnlen(ru->iifname, sizeof ru->iifname) == sizeof ru->iifname ||
	    (ru->action != FR_ACT_TO_TBL && ru->action != FR_ACT_GOTO &&
	     ru->action != FR_ACT_BLACKHOLE) ||
	    (ru->action == FR_ACT_GOTO && ru->target <= ru->priority)) {
		errno = EINVAL;
		return -1;
	}
	rtnl_msg_init(m, type, flags, &frh, sizeof frh);
	rtnl_attr_put_u32(m, FRA_PRIORITY, ru->priority);
	if (ru->src_len)
		rtnl_attr_put(m, FRA_SRC, ru->src, len);
	if (ru->iifname[0])
		rtnl_attr_put_str(m, FRA_IIFNAME, ru->iifname);
	if (ru->action == FR_ACT_TO_TBL)
		rtnl_attr_put_u32(m, FRA_TABLE, ru->table);
	if (ru->action == FR_ACT_GOTO)
		rtnl_attr_put_u32(m, FRA_GOTO, ru->target);
	return 0;
}

int rtnl_rule_add(struct rtnl *r, const struct rtnl_rule *ru)
{
	struct rtnl_msg m;

	if (rtnl_rule_msg(&m, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, ru) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_rule_del(struct rtnl *r, const struct rtnl_rule *ru)
{
	struct rtnl_msg m;

	if (rtnl_rule_msg(&m, RTM_DELRULE, 0, ru) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}

int rtnl_rule_dump(struct rtnl *r, int family, rtnl_msg_fn *fn, void *ctx)
{
	struct fib_rule_hdr frh = { .family = family };
	struct rtnl_msg m;

	if (!rule_addr_len(family)) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	rtnl_msg_init(&m, RTM_GETRULE, NLM_F_DUMP, &frh, sizeof frh);
	return rtnl_talk(r, &m, fn, ctx);
}
