#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wire.h"

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t get16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

const char *wire_parse(const void *buf, size_t len, struct wire_msg *m)
{
	const unsigned char *p = buf, *end;
	uint32_t body;

	if (len < WIRE_HDR_LEN)
		return "message shorter than its header";
	m->type = get16(p);
	m->flags = get16(p + 2);
	m->conn = get32(p + 4);
	m->id = get32(p + 8);
	body = get32(p + 12);
	if (m->type == 0 || m->type >= WIRE_TYPE_END)
		return "unknown message type";
	if (m->flags & ~WIRE_F_MORE)
		return "unknown flags";
	if (body != len - WIRE_HDR_LEN)
		return "length does not match the message";
	m->nfields = 0;
	p += WIRE_HDR_LEN;
	end = p + body;
	while (p < end) {
		struct wire_field *f;
		unsigned tag, flen;

		if (end - p < 4)
			return "field header cut short";
		tag = get16(p);
		flen = get16(p + 2);
		p += 4;
		if (tag == 0 || tag >= WF_TAG_END)
			return "unknown field";
		if ((size_t)(end - p) < flen)
			return "field runs past the end";
		if (m->nfields == WIRE_FIELDS_MAX)
			return "too many fields";
		f = &m->field[m->nfields++];
		f->tag = tag;
		f->len = flen;
		f->val = p;
		p += flen;
	}
	return NULL;
}

const struct wire_field *wire_get(const struct wire_msg *m, unsigned tag)
{
	unsigned i;

	for (i = 0; i < m->nfields; i++)
		if (m->field[i].tag == tag)
			return &m->field[i];
	return NULL;
}

const char *wire_get_str(const struct wire_msg *m, unsigned tag, char *out, size_t size)
{
	const struct wire_field *f = wire_get(m, tag);

	if (!f)
		return "missing";
	if (f->len >= size)
		return "too long";
	if (memchr(f->val, 0, f->len))
		return "holds a NUL byte";
	memcpy(out, f->val, f->len);
	out[f->len] = 0;
	return NULL;
}

const char *wire_get_u64(const struct wire_msg *m, unsigned tag, uint64_t *v)
{
	const struct wire_field *f = wire_get(m, tag);
	uint32_t v32;

	if (!f)
		return "missing";
	if (f->len == 4) {
		memcpy(&v32, f->val, 4);
		*v = v32;
	} else if (f->len == 8) {
		memcpy(v, f->val, 8);
	} else {
		return "not a 4- or 8-byte integer";
	}
	return NULL;
}

static void put(struct wire_out *o, const void *p, size_t n)
{
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void wire_set_len(struct wire_out *o)
{
	uint32_t body = (uint32_t)(o->len - WIRE_HDR_LEN);

	memcpy(o->buf + 12, &body, 4);
}

void wire_begin(struct wire_out *o, unsigned type, unsigned flags, uint32_t conn, uint32_t id)
{
	uint16_t t = (uint16_t)type, fl = (uint16_t)flags;

	o->len = 0;
	o->failed = 0;
	put(o, &t, 2);
	put(o, &fl, 2);
	put(o, &conn, 4);
	put(o, &id, 4);
	o->len += 4;
	wire_set_len(o);
}

void wire_add(struct wire_out *o, unsigned tag, const void *val, size_t len)
{
	uint16_t t = (uint16_t)tag, l = (uint16_t)len;

	if (o->failed || len > 65535 || sizeof o->buf - o->len < 4 + len) {
		o->failed = 1;
		return;
	}
	put(o, &t, 2);
	put(o, &l, 2);
	put(o, val, len);
	wire_set_len(o);
}

void wire_add_str(struct wire_out *o, unsigned tag, const char *s)
{
	wire_add(o, tag, s, strlen(s));
}

void wire_add_u32(struct wire_out *o, unsigned tag, uint32_t v)
{
	wire_add(o, tag, &v, sizeof v);
}

void wire_add_u64(struct wire_out *o, unsigned tag, uint64_t v)
{
	wire_add(o, tag, &v, sizeof v);
}

int wire_send(int sock, const struct wire_out *o, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { (void *)o->buf, o->len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	ssize_t n;

	if (o->failed) {
		errno = EMSGSIZE;
		return -1;
	}
	if (fd >= 0) {
		memset(cbuf, 0, sizeof cbuf);
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof cbuf;
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)o->len ? 0 : -1;
}

/* Closes every descriptor a control message carried; the number seen. */
static int wire_fds_take(struct msghdr *mh, int *first)
{
	struct cmsghdr *cm;
	int n = 0;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		size_t i, count;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < count; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof fd);
			if (n++ == 0)
				*first = fd;
			else
				close(fd);
		}
	}
	return n;
}

long wire_recv(int sock, void *buf, int *fd)
{
	char cbuf[CMSG_SPACE(4 * sizeof(int))];
	struct iovec iov = { buf, WIRE_MSG_MAX };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof cbuf };
	ssize_t n;
	int nfds;

	*fd = -1;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	nfds = wire_fds_take(&mh, fd);
	if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) || nfds > 1) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		errno = EMSGSIZE;
		return -1;
	}
	return (long)n;
}
