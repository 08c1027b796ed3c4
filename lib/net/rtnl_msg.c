#include <errno.h>
#include <string.h>

#include "net/rtnl.h"

void rtnl_msg_init(struct rtnl_msg *m, uint16_t type, uint16_t flags, const void *hdr,
		   size_t hdr_len)
{
	memset(m, 0, sizeof *m);
	m->u.h.nlmsg_len = NLMSG_LENGTH(hdr_len);
	m->u.h.nlmsg_type = type;
	m->u.h.nlmsg_flags = flags;
	if (NLMSG_SPACE(hdr_len) > sizeof m->u.buf) {
		m->overflow = 1;
		return;
	}
	memcpy(NLMSG_DATA(&m->u.h), hdr, hdr_len);
	m->u.h.nlmsg_len = NLMSG_SPACE(hdr_len);
}

void rtnl_attr_put(struct rtnl_msg *m, uint16_t type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(m->u.h.nlmsg_len);
	struct rtattr *a;

	if (m->overflow || len > 0xffff - RTA_LENGTH(0) ||
	    off + RTA_SPACE(len) > sizeof m->u.buf) {
		m->overflow = 1;
		return;
	}
	a = (struct rtattr *)(m->u.buf + off);
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	memset((unsigned char *)RTA_DATA(a) + len, 0, RTA_SPACE(len) - RTA_LENGTH(len));
	m->u.h.nlmsg_len = off + RTA_SPACE(len);
}

void rtnl_attr_put_str(struct rtnl_msg *m, uint16_t type, const char *s)
{
	rtnl_attr_put(m, type, s, strlen(s) + 1);
}

void rtnl_attr_put_u32(struct rtnl_msg *m, uint16_t type, uint32_t v)
{
	rtnl_attr_put(m, type, &v, sizeof v);
}

size_t rtnl_nest_begin(struct rtnl_msg *m, uint16_t type)
{
	size_t off = NLMSG_ALIGN(m->u.h.nlmsg_len);

	rtnl_attr_put(m, type, NULL, 0);
	return off;
}

void rtnl_nest_end(struct rtnl_msg *m, size_t off)
{
	struct rtattr *a;

	if (m->overflow)
		return;
	a = (struct rtattr *)(m->u.buf + off);
	a->rta_len = m->u.h.nlmsg_len - off;
}

static int rtnl_error_msg(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof *e))
		return -EBADMSG;
	e = NLMSG_DATA(h);
	if (e->error > 0 || e->error < -4095)
		return -EBADMSG;
	return e->error ? e->error : 1;
}

static int rtnl_done_msg(const struct nlmsghdr *h)
{
	int err;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof err))
		return 1;
	memcpy(&err, NLMSG_DATA(h), sizeof err);
	return err < 0 && err >= -4095 ? err : 1;
}

int rtnl_reply_walk(const void *buf, size_t len, uint32_t seq, rtnl_msg_fn *fn, void *ctx)
{
	const unsigned char *p = buf;
	size_t off = 0;
	int r;

	while (off < len) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)(p + off);

		if (len - off < sizeof *h || h->nlmsg_len < sizeof *h || h->nlmsg_len > len - off)
			return -EBADMSG;
		off += NLMSG_ALIGN(h->nlmsg_len) < len - off ? NLMSG_ALIGN(h->nlmsg_len) : len - off;
		if (h->nlmsg_seq != seq || h->nlmsg_type == NLMSG_NOOP)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR)
			return rtnl_error_msg(h);
		if (h->nlmsg_type == NLMSG_DONE)
			return rtnl_done_msg(h);
		if (h->nlmsg_type == NLMSG_OVERRUN)
			return -ENOBUFS;
		if (fn && (r = fn(h, ctx)) < 0)
			return r;
	}
	return 0;
}

const char *rtnl_attr_parse(const void *data, size_t len, const struct rtattr **tb,
			    unsigned max)
{
	const unsigned char *p = data;
	size_t off = 0;

	memset(tb, 0, (max + 1) * sizeof *tb);
	while (len - off >= sizeof(struct rtattr)) {
		const struct rtattr *a = (const struct rtattr *)(p + off);
		unsigned type = a->rta_type & NLA_TYPE_MASK;

		if (a->rta_len < sizeof *a || a->rta_len > len - off)
			return "an attribute's length is outside the message";
		if (type <= max)
			tb[type] = a;
		off += RTA_ALIGN(a->rta_len) < len - off ? RTA_ALIGN(a->rta_len) : len - off;
	}
	return off == len ? NULL : "bytes after the last attribute";
}
