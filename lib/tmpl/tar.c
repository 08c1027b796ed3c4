#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tmpl/tar.h"

#define BLOCK 512

/* Extended headers that apply to the next member. */
struct pending {
	char path[TMPL_PATH_MAX], link[TMPL_PATH_MAX];
	int has_path, has_link, has_size, has_uid, has_gid, has_mtime;
	uint64_t size, uid, gid;
	int64_t mtime;
};

void tmpl_tar_init(struct tmpl_tar *t, ssize_t (*read)(void *, void *, size_t), void *ctx)
{
	memset(t, 0, sizeof *t);
	t->read = read;
	t->ctx = ctx;
}

/* Exactly n bytes, or a report: 0, -1. */
static int read_full(struct tmpl_tar *t, void *buf, size_t n, const char *what,
		     const struct report *rep)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = t->read(t->ctx, (char *)buf + got, n - got);

		if (r < 0) {
			if (errno != ECANCELED)
				report_msg(rep, "read %s at offset %llu: %s", what,
					   (unsigned long long)t->offset, strerror(errno));
			return -1;
		}
		if (r == 0) {
			report_msg(rep, "archive truncated in %s at offset %llu", what,
				   (unsigned long long)(t->offset + got));
			return -1;
		}
		got += (size_t)r;
	}
	t->offset += n;
	return 0;
}

static int discard(struct tmpl_tar *t, uint64_t n, const char *what, const struct report *rep)
{
	char buf[4096];

	while (n) {
		size_t k = n < sizeof buf ? (size_t)n : sizeof buf;

		if (read_full(t, buf, k, what, rep) < 0)
			return -1;
		n -= k;
	}
	return 0;
}

/* An octal field (NUL or space terminated) or GNU base-256; -1 if invalid. */
static int field_number(const unsigned char *f, size_t n, uint64_t *v)
{
	size_t i = 0;

	*v = 0;
	if (f[0] & 0x80) {
		if (f[0] != 0x80)
			return -1;	/* negative, or more than 64 bits of it */
		for (i = 1; i < n; i++) {
			if (*v >> 56)
				return -1;
			*v = *v << 8 | f[i];
		}
		return 0;
	}
	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (*v >> 61)
			return -1;
		*v = *v << 3 | (uint64_t)(f[i] - '0');
	}
	for (; i < n; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return -1;
	return 0;
}

/* A NUL-padded string field into out (with a NUL). */
static void field_string(char *out, const unsigned char *f, size_t n)
{
	size_t len = strnlen((const char *)f, n);

	memcpy(out, f, len);
	out[len] = '\0';
}

static int header_checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned long sum_u = 0;
	long sum_s = 0;

	if (field_number(h + 148, 8, &want) < 0)
		return 0;
	for (size_t i = 0; i < BLOCK; i++) {
		unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];

		sum_u += c;
		sum_s += (signed char)c;
	}
	return want == sum_u || (sum_s >= 0 && want == (unsigned long)sum_s);
}

static int block_is_zero(const unsigned char *h)
{
	for (size_t i = 0; i < BLOCK; i++)
		if (h[i])
			return 0;
	return 1;
}

/* The data of an extended header (size bytes plus padding) into buf, NUL added. */
static int ext_read(struct tmpl_tar *t, char *buf, uint64_t size, uint64_t max,
		    const char *what, const struct report *rep)
{
	if (size >= max) {
		report_msg(rep, "%s at offset %llu: %llu bytes, more than the %llu allowed", what,
			   (unsigned long long)t->offset, (unsigned long long)size,
			   (unsigned long long)max - 1);
		return -1;
	}
	if (read_full(t, buf, (size_t)size, what, rep) < 0 ||
	    discard(t, (BLOCK - size % BLOCK) % BLOCK, what, rep) < 0)
		return -1;
	buf[size] = '\0';
	return 0;
}

static int pax_number(const char *v, uint64_t *out)
{
	uint64_t n = 0;

	if (!*v)
		return -1;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (n > (UINT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*v - '0');
	}
	*out = n;
	return *v == '\0' || *v == '.' ? 0 : -1;	/* mtime may carry a fraction */
}

static int pax_string(char *out, const char *v, size_t vlen)
{
	if (vlen >= TMPL_PATH_MAX || memchr(v, '\0', vlen))
		return -1;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return 0;
}

/* One "key=value" record of a pax header (value not NUL terminated). */
static int pax_record(struct pending *p, const char *key, size_t klen, const char *v,
		      size_t vlen, int global)
{
	char num[32];
	uint64_t n;

#define KEY(s) (klen == sizeof(s) - 1 && !memcmp(key, s, klen))
	if (klen >= 11 && !memcmp(key, "GNU.sparse.", 11))
		return -1;
	if (global)
		return 0;
	if (KEY("path"))
		return (p->has_path = 1, pax_string(p->path, v, vlen));
	if (KEY("linkpath"))
		return (p->has_link = 1, pax_string(p->link, v, vlen));
	if (!(KEY("size") || KEY("uid") || KEY("gid") || KEY("mtime")))
		return 0;	/* atime, uname, xattrs, comments: not used */
	if (vlen >= sizeof num)
		return -1;
	memcpy(num, v, vlen);
	num[vlen] = '\0';
	if (pax_number(num, &n) < 0)
		return -1;
	if (KEY("size"))
		p->has_size = 1, p->size = n;
	else if (KEY("uid"))
		p->has_uid = 1, p->uid = n;
	else if (KEY("gid"))
		p->has_gid = 1, p->gid = n;
	else
		p->has_mtime = 1, p->mtime = n > INT64_MAX ? INT64_MAX : (int64_t)n;
#undef KEY
	return 0;
}

/* Records "LEN key=value\n" covering the whole buffer. */
static int pax_parse(struct pending *p, const char *buf, size_t len, int global,
		     const struct report *rep, uint64_t offset)
{
	size_t pos = 0;

	while (pos < len) {
		size_t rlen = 0, i = pos;
		const char *key, *eq;

		for (; i < len && buf[i] >= '0' && buf[i] <= '9' && rlen <= len; i++)
			rlen = rlen * 10 + (size_t)(buf[i] - '0');
		if (i == pos || i >= len || buf[i] != ' ' || rlen > len - pos ||
		    rlen < i - pos + 3 || buf[pos + rlen - 1] != '\n')
			goto bad;
		key = buf + i + 1;
		eq = memchr(key, '=', (size_t)(buf + pos + rlen - 1 - key));
		if (!eq || eq == key)
			goto bad;
		if (pax_record(p, key, (size_t)(eq - key), eq + 1,
			       (size_t)(buf + pos + rlen - 1 - (eq + 1)), global) < 0) {
			report_msg(rep, "pax header at offset %llu: record \"%.*s\" refused (bad value, or sparse files)",
				   (unsigned long long)offset, (int)(eq - key), key);
			return -1;
		}
		pos += rlen;
	}
	return 0;
bad:
	report_msg(rep, "pax header at offset %llu: malformed record", (unsigned long long)offset);
	return -1;
}

static const char *type_refused(char type)
{
	switch (type) {
	case 'S': return "a GNU sparse file (not supported)";
	case 'V': case 'M': case 'N': return "a GNU volume/multi-volume entry (not supported)";
	default: return NULL;
	}
}

static int type_known(char type)
{
	return type == TMPL_FILE || type == TMPL_HARDLINK || type == TMPL_SYMLINK ||
	       type == TMPL_DIR || type == TMPL_CHAR || type == TMPL_BLOCK || type == TMPL_FIFO;
}

/* The member from a ustar header and the pending extended headers. */
static int member_fill(struct tmpl_tar *t, const unsigned char *h, const struct pending *p,
		       struct tmpl_member *m, const struct report *rep)
{
	uint64_t mode, mtime;
	int posix = !memcmp(h + 257, "ustar\0", 6);

	if (p->has_path) {
		memcpy(m->path, p->path, sizeof m->path);
	} else if (posix && h[345]) {
		char prefix[156], name[101];

		field_string(prefix, h + 345, 155);
		field_string(name, h, 100);
		snprintf(m->path, sizeof m->path, "%s/%s", prefix, name);
	} else {
		field_string(m->path, h, 100);
	}
	if (p->has_link)
		memcpy(m->link, p->link, sizeof m->link);
	else
		field_string(m->link, h + 157, 100);
	m->type = h[156] ? (char)h[156] : TMPL_FILE;
	if (m->type == '7')
		m->type = TMPL_FILE;	/* contiguous file: a regular file */
	if (field_number(h + 100, 8, &mode) < 0 || field_number(h + 136, 12, &mtime) < 0 ||
	    (!p->has_size && field_number(h + 124, 12, &m->size) < 0) ||
	    (!p->has_uid && field_number(h + 108, 8, &m->uid) < 0) ||
	    (!p->has_gid && field_number(h + 116, 8, &m->gid) < 0)) {
		report_msg(rep, "%s: malformed numeric field in its header at offset %llu",
			   m->path, (unsigned long long)t->offset - BLOCK);
		return -1;
	}
	m->mode = (unsigned)(mode & 07777);
	m->mtime = p->has_mtime ? p->mtime : (int64_t)(mtime & INT64_MAX);
	if (p->has_size)
		m->size = p->size;
	if (p->has_uid)
		m->uid = p->uid;
	if (p->has_gid)
		m->gid = p->gid;
	if (!m->path[0]) {
		report_msg(rep, "member at offset %llu has an empty name",
			   (unsigned long long)t->offset - BLOCK);
		return -1;
	}
	if (type_refused(m->type)) {
		report_msg(rep, "%s: refused: %s", m->path, type_refused(m->type));
		return -1;
	}
	if (!type_known(m->type)) {
		report_msg(rep, "%s: refused: unknown member type '%c'", m->path,
			   m->type >= 0x20 && m->type < 0x7f ? m->type : '?');
		return -1;
	}
	if (m->type != TMPL_FILE && m->type != TMPL_DIR && m->size) {
		/* links and nodes carry no data; directories may (GNU dumpdir), skipped */
		report_msg(rep, "%s: a link or device node with %llu data bytes", m->path,
			   (unsigned long long)m->size);
		return -1;
	}
	if ((m->type == TMPL_SYMLINK || m->type == TMPL_HARDLINK) && !m->link[0]) {
		report_msg(rep, "%s: a link without a target", m->path);
		return -1;
	}
	t->left = m->size;
	t->pad = (BLOCK - m->size % BLOCK) % BLOCK;
	return 0;
}

int tmpl_tar_next(struct tmpl_tar *t, struct tmpl_member *m, const struct report *rep)
{
	static char ext[TMPL_PAX_MAX];
	unsigned char h[BLOCK];
	struct pending p;

	if (tmpl_tar_skip(t, rep) < 0)
		return -1;
	memset(&p, 0, sizeof p);
	for (;;) {
		uint64_t size, at = t->offset;
		size_t got = 0;

		/* End of input right at a header: a missing end marker, tolerated like tar does. */
		while (got < BLOCK) {
			ssize_t r = t->read(t->ctx, h + got, BLOCK - got);

			if (r < 0) {
				if (errno != ECANCELED)
					report_msg(rep, "read header at offset %llu: %s",
						   (unsigned long long)at, strerror(errno));
				return -1;
			}
			if (r == 0)
				break;
			got += (size_t)r;
		}
		t->offset += got;
		if (got == 0 && at > 0 && !(p.has_path || p.has_link || p.has_size))
			return 0;
		if (got < BLOCK) {
			report_msg(rep, "archive truncated in a header at offset %llu",
				   (unsigned long long)at);
			return -1;
		}
		if (block_is_zero(h))
			return 0;
		if (memcmp(h + 257, "ustar", 5) || !header_checksum_ok(h)) {
			report_msg(rep, "not a tar archive: bad header at offset %llu (%s)",
				   (unsigned long long)at,
				   memcmp(h + 257, "ustar", 5) ? "no ustar magic" : "checksum mismatch");
			return -1;
		}
		if (field_number(h + 124, 12, &size) < 0) {
			report_msg(rep, "malformed size in the header at offset %llu",
				   (unsigned long long)at);
			return -1;
		}
		switch (h[156]) {
		case 'L':
			if (ext_read(t, ext, size, TMPL_PATH_MAX, "GNU long name", rep) < 0)
				return -1;
			memcpy(p.path, ext, (size_t)size + 1);
			p.has_path = 1;
			continue;
		case 'K':
			if (ext_read(t, ext, size, TMPL_PATH_MAX, "GNU long link", rep) < 0)
				return -1;
			memcpy(p.link, ext, (size_t)size + 1);
			p.has_link = 1;
			continue;
		case 'x':
		case 'g':
			if (ext_read(t, ext, size, TMPL_PAX_MAX, "pax header", rep) < 0 ||
			    pax_parse(&p, ext, (size_t)size, h[156] == 'g', rep, at) < 0)
				return -1;
			continue;
		}
		memset(m, 0, sizeof *m);
		return member_fill(t, h, &p, m, rep) < 0 ? -1 : 1;
	}
}

ssize_t tmpl_tar_data(struct tmpl_tar *t, const struct tmpl_member *m, void *buf, size_t n,
		      const struct report *rep)
{
	ssize_t r;

	if (!t->left)
		return 0;
	if (n > t->left)
		n = (size_t)t->left;
	r = t->read(t->ctx, buf, n);
	if (r < 0) {
		if (errno != ECANCELED)
			report_msg(rep, "%s: read: %s", m->path, strerror(errno));
		return -1;
	}
	if (r == 0) {
		report_msg(rep, "%s: archive truncated: %llu data bytes missing", m->path,
			   (unsigned long long)t->left);
		return -1;
	}
	t->left -= (uint64_t)r;
	t->offset += (uint64_t)r;
	return r;
}

int tmpl_tar_skip(struct tmpl_tar *t, const struct report *rep)
{
	uint64_t n = t->left + t->pad;

	t->left = t->pad = 0;
	return discard(t, n, "member data", rep);
}
