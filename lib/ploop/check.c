#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/ploop.h"

struct check {
	int fd;
	int repair;
	int unresolved;
	struct ploop_report *rep;
	size_t cap;			/* rep->items allocated */
	struct ploop_header h;
	uint64_t cb;			/* cluster bytes */
	uint64_t file_bytes;
	uint64_t first_c;		/* first data cluster */
	uint64_t file_c;		/* whole clusters in the file */
	uint32_t *bat;
	unsigned char *used;		/* file_c + 1 flags: cluster named by an entry */
};

static void note(struct check *c, enum ploop_finding_kind kind, uint32_t cluster, int repaired,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void note(struct check *c, enum ploop_finding_kind kind, uint32_t cluster, int repaired,
		 const char *fmt, ...)
{
	struct ploop_report *rep = c->rep;
	struct ploop_finding *f, *items;
	va_list ap;

	if (!repaired && kind != PLOOP_F_LEAKED)
		c->unresolved++;
	if (rep->count > PLOOP_FINDINGS_MAX)
		return;
	if (rep->count == c->cap) {	/* grown by doubling: a check may note a thousand */
		items = realloc(rep->items, (c->cap ? 2 * c->cap : 16) * sizeof *items);
		if (!items)
			return;
		rep->items = items;
		c->cap = c->cap ? 2 * c->cap : 16;
	}
	f = &rep->items[rep->count++];
	memset(f, 0, sizeof *f);
	if (rep->count > PLOOP_FINDINGS_MAX) {
		f->kind = PLOOP_F_TOO_MANY;
		snprintf(f->text, sizeof f->text, "more findings not listed");
		return;
	}
	f->kind = kind;
	f->cluster = cluster;
	f->repaired = repaired;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof f->text, fmt, ap);
	va_end(ap);
}

void ploop_report_free(struct ploop_report *rep)
{
	free(rep->items);
	rep->items = NULL;
	rep->count = 0;
}

/* Header fields that decide the layout; a bad one stops the check. */
static int check_header(struct check *c)
{
	unsigned char b[PLOOP_HEADER_SIZE];
	uint64_t entries, cs;
	int r;

	if (c->file_bytes < PLOOP_HEADER_SIZE) {
		note(c, PLOOP_F_SHORT_FILE, 0, 0, "file of %llu bytes is shorter than the header",
		     (unsigned long long)c->file_bytes);
		return 1;
	}
	r = ploop_pread_full(c->fd, b, sizeof b, 0);
	if (r)
		return r;
	if (ploop_header_decode(b, sizeof b, &c->h)) {
		note(c, PLOOP_F_BAD_SIGNATURE, 0, 0, "bad signature \"%.16s\"", (const char *)b);
		return 1;
	}
	if (c->h.type != PLOOP_TYPE_EXPANDING)
		note(c, PLOOP_F_BAD_TYPE, 0, 0, "image type %u, not 2", c->h.type);
	cs = c->h.cluster_sectors;
	if (!ploop_cluster_bytes_valid(cs * PLOOP_SECTOR)) {
		note(c, PLOOP_F_BAD_CLUSTER_SIZE, 0, 0,
		     "cluster size %u sectors is not a power of two from 1 to 131072",
		     c->h.cluster_sectors);
		return 1;
	}
	c->cb = cs * PLOOP_SECTOR;
	entries = c->h.size_sectors / cs + (c->h.size_sectors % cs != 0);
	if (entries != c->h.bat_entries || !entries) {
		note(c, PLOOP_F_BAD_BAT_ENTRIES, 0, 0,
		     "%u BAT entries for a virtual size of %llu sectors (want %llu)",
		     c->h.bat_entries, (unsigned long long)c->h.size_sectors,
		     (unsigned long long)entries);
		return 1;
	}
	if (c->h.first_block != ploop_first_block_sectors(entries, c->h.cluster_sectors)) {
		note(c, PLOOP_F_BAD_FIRST_BLOCK, 0, 0, "first block offset %u sectors, want %llu",
		     c->h.first_block,
		     (unsigned long long)ploop_first_block_sectors(entries, c->h.cluster_sectors));
		return 1;
	}
	c->first_c = c->h.first_block / cs;
	if (c->file_bytes < c->first_c * c->cb) {
		note(c, PLOOP_F_SHORT_FILE, 0, 0, "file of %llu bytes ends inside header+BAT",
		     (unsigned long long)c->file_bytes);
		return 1;
	}
	c->file_c = c->file_bytes / c->cb;
	return 0;
}

static int load_bat(struct check *c)
{
	uint64_t bytes = (uint64_t)c->h.bat_entries * 4;
	unsigned char *raw = malloc(bytes);
	int r;

	c->bat = malloc(bytes);
	c->used = calloc(c->file_c + 1, 1);
	if (!raw || !c->bat || !c->used) {
		free(raw);
		return -ENOMEM;
	}
	r = ploop_pread_full(c->fd, raw, bytes, PLOOP_HEADER_SIZE);
	if (!r)
		ploop_bat_decode(raw, c->h.bat_entries, c->bat);
	free(raw);
	return r;
}

static int clear_entry(struct check *c, uint32_t vc)
{
	unsigned char zero[4] = { 0 };

	if (!c->repair)
		return 0;
	if (ploop_pwrite_full(c->fd, zero, 4, ploop_bat_entry_offset(vc)))
		return 0;
	c->bat[vc] = 0;
	return 1;
}

/* Why entry vc is bad, or NULL; a partial last cluster counts as in the file. */
static const char *entry_problem(struct check *c, uint32_t vc, uint64_t *fc,
				 enum ploop_finding_kind *kind)
{
	uint64_t limit = c->file_c + (c->file_bytes % c->cb != 0);

	*kind = PLOOP_F_ENTRY_INVALID;
	if (ploop_bat_entry_cluster(&c->h, c->bat[vc], fc))
		return "is invalid";
	*kind = PLOOP_F_ENTRY_IN_HEADER;
	if (*fc < c->first_c)
		return "points into the header+BAT area";
	*kind = PLOOP_F_ENTRY_PAST_EOF;
	if (*fc >= limit)
		return "points past end of file";
	*kind = PLOOP_F_ENTRY_DUPLICATE;
	if (c->used[*fc])
		return "points at a cluster another entry already uses";
	return NULL;
}

static void check_entries(struct check *c)
{
	enum ploop_finding_kind kind;
	const char *why;
	uint64_t fc;
	uint32_t vc, entry;

	for (vc = 0; vc < c->h.bat_entries; vc++) {
		entry = c->bat[vc];
		if (!entry)
			continue;
		why = entry_problem(c, vc, &fc, &kind);
		if (!why) {
			c->used[fc] = 1;
			continue;
		}
		note(c, kind, vc, clear_entry(c, vc), "BAT entry %u (0x%08x) %s%s", vc, entry, why,
		     c->repair ? "; cleared, the cluster reads from the delta below" : "");
	}
}

static int zero_fill(struct check *c, uint64_t from, uint64_t to)
{
	static const unsigned char zeros[4096];
	size_t n;
	int r;

	for (; from < to; from += n) {
		n = to - from < sizeof zeros ? (size_t)(to - from) : sizeof zeros;
		r = ploop_pwrite_full(c->fd, zeros, n, from);
		if (r)
			return r;
	}
	return 0;
}

/* A partial last cluster: padded when an entry names it, else dropped. */
static void check_tail(struct check *c)
{
	uint64_t tail = c->file_bytes % c->cb, whole = c->file_c * c->cb;
	int fixed = 0;

	if (!tail)
		return;
	if (c->used[c->file_c]) {
		fixed = c->repair && !zero_fill(c, c->file_bytes, whole + c->cb);
		note(c, PLOOP_F_TRUNCATED_TAIL, (uint32_t)c->file_c, fixed,
		     "last cluster holds %llu of %llu bytes and is in use%s",
		     (unsigned long long)tail, (unsigned long long)c->cb,
		     fixed ? "; padded with zeros" : "");
		if (fixed) {
			c->file_c++;
			c->file_bytes = c->file_c * c->cb;
		}
		return;
	}
	fixed = c->repair && !ftruncate(c->fd, (off_t)whole);
	note(c, PLOOP_F_TRUNCATED_TAIL, (uint32_t)c->file_c, fixed,
	     "file ends %llu bytes into an unused cluster (interrupted extension)%s",
	     (unsigned long long)tail, fixed ? "; truncated to a whole cluster" : "");
	if (fixed)
		c->file_bytes = whole;
}

/* Runs of clusters no entry names; a run at the end is reclaimed by truncation. */
static void check_leaks(struct check *c)
{
	uint64_t start, end;
	int fixed;

	for (start = c->first_c; start < c->file_c; start = end) {
		if (c->used[start]) {
			end = start + 1;
			continue;
		}
		for (end = start; end < c->file_c && !c->used[end]; end++)
			;
		fixed = end == c->file_c && c->repair && !c->h.ext_offset &&
			!ftruncate(c->fd, (off_t)(start * c->cb));
		note(c, PLOOP_F_LEAKED, (uint32_t)start, fixed,
		     "file clusters %llu-%llu are referenced by no BAT entry%s",
		     (unsigned long long)start, (unsigned long long)end - 1,
		     fixed ? "; reclaimed by truncating the file" : "");
		if (fixed) {
			c->file_c = start;
			c->file_bytes = start * c->cb;
		}
	}
}

static void note_hole(struct check *c, uint64_t from, uint64_t to)
{
	uint64_t fc, a, b;
	int fixed;

	for (fc = from / c->cb; fc < c->file_c && fc * c->cb < to; fc++) {
		if (!c->used[fc])
			continue;
		a = from > fc * c->cb ? from : fc * c->cb;
		b = to < (fc + 1) * c->cb ? to : (fc + 1) * c->cb;
		fixed = c->repair && !zero_fill(c, a, b);
		note(c, PLOOP_F_HOLE, (uint32_t)fc, fixed,
		     "file cluster %llu has a sparse hole of %llu bytes%s", (unsigned long long)fc,
		     (unsigned long long)(b - a), fixed ? "; filled with zeros" : "");
	}
}

/* Holes inside clusters in use (SEEK_HOLE); skipped where unsupported. */
static void check_holes(struct check *c)
{
	off_t pos = (off_t)(c->first_c * c->cb), hole, data;
	off_t end = (off_t)(c->file_c * c->cb);

	while (pos < end) {
		hole = lseek(c->fd, pos, SEEK_HOLE);
		if (hole < 0 || hole >= end)
			return;
		data = lseek(c->fd, hole, SEEK_DATA);
		if (data < 0 || data > end)
			data = end;
		note_hole(c, (uint64_t)hole, (uint64_t)data);
		pos = data;
	}
}

static int write_header_field(struct check *c, unsigned off, const void *v, size_t len)
{
	return c->repair && !ploop_pwrite_full(c->fd, v, len, off);
}

/* CHS is only kept for compatibility: a wrong one is rewritten from the size. */
static void check_geometry(struct check *c)
{
	uint32_t heads, cyls, spt;
	unsigned char v[8];
	int fixed;

	ploop_geometry((uint64_t)c->h.bat_entries * c->h.cluster_sectors, &heads, &cyls, &spt);
	if (heads == c->h.heads && cyls == c->h.cylinders)
		return;
	ploop_put_le32(v, heads);
	ploop_put_le32(v + 4, cyls);
	fixed = write_header_field(c, PLOOP_OFF_HEADS, v, sizeof v);
	note(c, PLOOP_F_BAD_GEOMETRY, 0, fixed, "geometry %u heads, %u cylinders, want %u and %u%s",
	     c->h.heads, c->h.cylinders, heads, cyls, fixed ? "; rewritten" : "");
}

/*
 * "empty" is left alone either way: whether OpenVZ clears it once data is
 * written is not known, and a wrong bit costs nothing.
 */
static void check_flags(struct check *c)
{
	uint32_t known = PLOOP_FLAG_EMPTY | PLOOP_FLAG_CONVERTING, want = c->h.flags & known;
	unsigned char v[4];
	int fixed;

	if (c->h.flags & PLOOP_FLAG_CONVERTING)
		note(c, PLOOP_F_BAD_FLAGS, 0, 0,
		     "flag \"format conversion in progress\" is set: a conversion was interrupted");
	if (want == c->h.flags)
		return;
	ploop_put_le32(v, want);
	fixed = write_header_field(c, PLOOP_OFF_FLAGS, v, sizeof v);
	note(c, PLOOP_F_BAD_FLAGS, 0, fixed, "flags 0x%08x have unknown bits%s", c->h.flags,
	     fixed ? "; cleared" : "");
}

/* The optional extension (a dirty bitmap) must lie in the data area. */
static void check_extension(struct check *c)
{
	uint64_t off = c->h.ext_offset;
	int fixed;

	if (!off || (off >= c->h.first_block && off < c->file_bytes / PLOOP_SECTOR))
		return;
	fixed = write_header_field(c, PLOOP_OFF_EXT, (const unsigned char[8]){ 0 }, 8);
	note(c, PLOOP_F_BAD_EXTENSION, 0, fixed, "format extension offset %llu sectors points %s%s",
	     (unsigned long long)off, off < c->h.first_block ? "into header+BAT" : "past end of file",
	     fixed ? "; cleared (the extension is optional)" : "");
}

static void check_in_use(struct check *c)
{
	int fixed;

	if (!c->h.in_use)
		return;
	fixed = c->repair && !c->unresolved && !fdatasync(c->fd) &&
		!ploop_pwrite_full(c->fd, (const unsigned char[4]){ 0 }, 4, PLOOP_OFF_IN_USE);
	note(c, PLOOP_F_IN_USE, 0, fixed, "disk-in-use mark is set (not closed cleanly)%s",
	     fixed ? "; cleared after the check" : "");
}

int ploop_check(const char *path, unsigned flags, struct ploop_report *rep)
{
	struct check c = { .rep = rep, .repair = !!(flags & PLOOP_CHECK_REPAIR) };
	struct stat st;
	int r;

	rep->items = NULL;
	rep->count = 0;
	c.fd = ploop_file_open(path, c.repair ? O_RDWR : O_RDONLY, 0);
	if (c.fd < 0)
		return c.fd;
	r = fstat(c.fd, &st) < 0 ? -errno : 0;
	if (r)
		goto done;
	c.file_bytes = (uint64_t)st.st_size;
	r = check_header(&c);
	if (r)
		goto done;
	r = load_bat(&c);
	if (r)
		goto done;
	check_entries(&c);
	check_tail(&c);
	check_leaks(&c);
	check_holes(&c);
	check_geometry(&c);
	check_flags(&c);
	check_extension(&c);
	check_in_use(&c);
	if (c.repair && fdatasync(c.fd) < 0)
		r = -errno;
done:
	if (r > 0)
		r = 0;
	free(c.bat);
	free(c.used);
	if (close(c.fd) < 0 && !r)
		r = -errno;
	return r < 0 ? r : c.unresolved;
}
