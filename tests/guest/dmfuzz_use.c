/*
 * dmfuzz: using a table the kernel took (reads against the library's
 * reading of the same files, writes, discard, flush, suspend and resume,
 * sometimes with the files changed meanwhile) and checking the image after
 * the device is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "ploop/ploop.h"
#include "dmfuzz.h"

#define PIECE (64u << 10)
#define HEAD_BYTES (4u << 20)
#define WRITE_SPAN (64ull << 20)	/* writes land in the device's first 64 MiB */

struct dev {
	int fd;
	uint64_t size;
	unsigned char *buf, *want;
};

static void dev_open(const char *name, int rw, struct dev *d)
{
	struct dm_info info;
	char path[32];
	int r = dm_info(name, &info);

	if (r)
		fz_die(111, "dm_info", -r);
	snprintf(path, sizeof path, "/dev/dm-%u", info.minor);
	d->fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_DIRECT | O_CLOEXEC);
	if (d->fd < 0)
		fz_die(111, path, errno);
	if (ioctl(d->fd, BLKGETSIZE64, &d->size) < 0)
		fz_die(111, "BLKGETSIZE64", errno);
	d->buf = fz_alloc(PIECE);
	d->want = fz_alloc(PIECE);
}

static void dev_close(struct dev *d)
{
	close(d->fd);
	free(d->buf);
	free(d->want);
}

static void pattern(unsigned char *buf, size_t len, uint64_t seed, uint64_t off)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed * 151 + (off + i) * 13 + ((off + i) >> 12));
}

/* The library's view of the table's stack; -errno when it will not read it. */
static int oracle_open(const struct fz_case *c, struct ploop_stack *s)
{
	struct ploop_image *img;
	unsigned i;
	int r = 0;

	s->count = 0;
	for (i = 0; i < c->ntable && !r; i++) {
		r = ploop_image_open(&img, c->file[c->table[i]],
				     PLOOP_OPEN_FORCE | (c->table_raw[i] ? PLOOP_OPEN_RAW : 0));
		if (!r && (r = ploop_stack_push(s, img)))
			ploop_image_close(img);
	}
	if (r)
		for (i = 0; i < s->count; i++)
			ploop_image_close(s->delta[i]);
	return r;
}

static void oracle_close(struct ploop_stack *s)
{
	unsigned i;

	for (i = 0; i < s->count; i++)
		ploop_image_close(s->delta[i]);
	s->count = 0;
}

static int dev_pread(struct dev *d, size_t len, uint64_t off)
{
	ssize_t n = pread(d->fd, d->buf, len, (off_t)off);

	return n == (ssize_t)len ? 0 : n < 0 ? -errno : -EIO;
}

/* Reads [off, off + len) in pieces; compares with the library when it reads. */
static void read_range(struct fz *f, struct dev *d, struct ploop_stack *s, int lib,
		       uint64_t off, uint64_t len)
{
	char what[96];
	size_t n;
	int r;

	for (; len; off += n, len -= n) {
		n = len < PIECE ? (size_t)len : PIECE;
		r = dev_pread(d, n, off);
		snprintf(what, sizeof what, "offset %" PRIu64, off);
		if (r) {
			fz_fail(f, "a read from a table the kernel took failed", what);
			return;
		}
		if (!lib || ploop_read(s, d->want, n, off))
			continue;
		if (memcmp(d->buf, d->want, n)) {
			fz_fail(f, "the device and the library read differently", what);
			return;
		}
	}
}

static void reads(struct fz *f, const struct fz_case *c, struct dev *d)
{
	struct ploop_stack s;
	uint64_t off;
	int lib, r, i;

	r = oracle_open(c, &s);
	lib = !r;
	if (r)
		f->lib_disagree++;
	read_range(f, d, &s, lib, 0, d->size < HEAD_BYTES ? d->size : HEAD_BYTES);
	if (d->size > PIECE)
		read_range(f, d, &s, lib, (d->size - PIECE) & ~4095ull, PIECE);
	for (i = 0; i < 3 && d->size > PIECE; i++) {
		off = fz_below(f, d->size - PIECE) & ~4095ull;
		read_range(f, d, &s, lib, off, PIECE);
	}
	if (lib)
		oracle_close(&s);
}

static uint64_t cluster_bytes(const struct fz_case *c)
{
	return (uint64_t)c->cluster_sectors * 512;
}

static int overlaps(const struct fz_write *w, uint64_t off, uint64_t len)
{
	return off < w->off + w->len && w->off < off + len;
}

/* Writes a discard covers read from below afterwards: no longer checked. */
static void writes_forget(struct fz_case *c, uint64_t off, uint64_t len)
{
	unsigned i = 0;

	while (i < c->nwrites) {
		if (overlaps(&c->writes[i], off, len))
			c->writes[i] = c->writes[--c->nwrites];
		else
			i++;
	}
}

static void discard(struct fz *f, struct fz_case *c, struct dev *d)
{
	uint64_t cb = cluster_bytes(c), span = d->size < WRITE_SPAN ? d->size : WRITE_SPAN;
	uint64_t range[2];

	if (!cb || span < cb)
		return;
	range[0] = fz_below(f, span / cb) * cb;
	range[1] = cb * (1 + fz_below(f, 4));
	if (range[1] > d->size - range[0])
		range[1] = d->size - range[0];
	writes_forget(c, range[0], range[1]);
	if (ioctl(d->fd, BLKDISCARD, range) < 0 && errno != EOPNOTSUPP)
		fz_fail(f, "a discard failed", strerror(errno));
}

static void write_one(struct fz *f, struct fz_case *c, struct dev *d)
{
	uint64_t cb = cluster_bytes(c), span = d->size < WRITE_SPAN ? d->size : WRITE_SPAN;
	struct fz_write *w;
	unsigned i;
	ssize_t n;

	if (c->nwrites == FZ_WRITES_MAX || span < 4096)
		return;
	w = &c->writes[c->nwrites];
	w->len = 4096u << fz_below(f, 5);
	if (fz_below(f, 3) == 0 && cb >= 4096 && cb <= PIECE)
		w->len = cb;
	if (w->len > span)
		w->len = 4096;
	w->off = fz_below(f, (span - w->len) / 4096 + 1) * 4096;
	if (w->len == cb)
		w->off -= w->off % cb;
	for (i = 0; i < c->nwrites; i++)
		if (overlaps(&c->writes[i], w->off, w->len))
			return;		/* each write checked on its own: none overlap */
	w->seed = fz_rand(f);
	pattern(d->buf, w->len, w->seed, w->off);
	n = pwrite(d->fd, d->buf, w->len, (off_t)w->off);
	if (n == (ssize_t)w->len) {
		c->nwrites++;
		return;
	}
	if (n < 0 && errno == ENOSPC)
		return;
	fz_fail(f, "a write to a table the kernel took failed", n < 0 ? strerror(errno) : "short");
}

static void writes(struct fz *f, struct fz_case *c, struct dev *d)
{
	char what[64];
	unsigned i, n;

	if (fz_below(f, 4) == 0)
		discard(f, c, d);
	for (n = 1 + (unsigned)fz_below(f, 4); n--;)
		write_one(f, c, d);
	if (fsync(d->fd) < 0)
		fz_fail(f, "a flush failed", strerror(errno));
	for (i = 0; i < c->nwrites; i++) {
		if (dev_pread(d, c->writes[i].len, c->writes[i].off))
			continue;
		pattern(d->want, c->writes[i].len, c->writes[i].seed, c->writes[i].off);
		snprintf(what, sizeof what, "offset %" PRIu64 "%s", c->writes[i].off,
			 c->changed_live ? " (files changed while suspended)" : "");
		if (memcmp(d->buf, d->want, c->writes[i].len))
			fz_fail(f, "the device does not read back what was written", what);
	}
	f->written++;
}

/* A suspend, maybe with a file changed meanwhile; 0 when resumed. */
static int suspend_resume(struct fz *f, struct fz_case *c, const char *name)
{
	int r = dm_suspend(name);

	if (r) {
		fz_fail(f, "suspend failed", strerror(-r));
		return r;
	}
	if (fz_below(f, 2)) {
		fz_mutate_file(f, c->file[c->table[fz_below(f, c->ntable)]]);
		c->changed_live = 1;
	}
	r = dm_resume(name);
	if (r && !c->changed_live)
		fz_fail(f, "resume of unchanged files failed", strerror(-r));
	if (r)
		f->resume_refused++;
	return r;
}

void fz_use(struct fz *f, struct fz_case *c, const char *name)
{
	struct dev d;

	dev_open(name, !c->ro, &d);
	reads(f, c, &d);
	if (!c->ro)
		writes(f, c, &d);
	if (fz_below(f, 3) == 0) {
		dev_close(&d);
		if (suspend_resume(f, c, name))
			return;
		/* Files changed under a suspended device that resumed: what was
		   written before may be gone (a hole punched, the file cut, a
		   BAT entry moved), so only writes from now on are checked. */
		if (c->changed_live)
			c->nwrites = 0;
		dev_open(name, !c->ro, &d);
		reads(f, c, &d);
		if (!c->ro && fz_below(f, 2))
			writes(f, c, &d);
	}
	dev_close(&d);
}

/* The library reads back every write once the device is gone. */
static void writes_verify(struct fz *f, const struct fz_case *c)
{
	unsigned char *buf, *want;
	struct ploop_stack s;
	char what[64];
	unsigned i;

	if (!c->nwrites || oracle_open(c, &s))
		return;
	buf = fz_alloc(PIECE);
	want = fz_alloc(PIECE);
	for (i = 0; i < c->nwrites; i++) {
		if (ploop_read(&s, buf, c->writes[i].len, c->writes[i].off))
			continue;
		pattern(want, c->writes[i].len, c->writes[i].seed, c->writes[i].off);
		snprintf(what, sizeof what, "offset %" PRIu64, c->writes[i].off);
		if (memcmp(buf, want, c->writes[i].len))
			fz_fail(f, "the library does not read what was written", what);
	}
	free(buf);
	free(want);
	oracle_close(&s);
}

/* After removal: read-only tables changed nothing; used images are no worse. */
void fz_after(struct fz *f, struct fz_case *c)
{
	char what[64];
	int matter;

	if (c->changed_live)
		return;
	if (c->ro) {
		if (fz_files_changed(c, c->hash_before))
			fz_fail(f, "a read-only table changed the image files", "");
		return;
	}
	matter = fz_top_matter(c);
	if (c->matter_before >= 0 && matter > c->matter_before) {
		snprintf(what, sizeof what, "%d findings that matter, %d before", matter,
			 c->matter_before);
		fz_fail(f, "the library's check finds the image worse after use", what);
		fz_top_findings(c);
	}
	writes_verify(f, c);
}

/* A seed written through the target itself: a copy of seed 0, used, removed. */
void fz_seed_kernel(struct fz *f, const char *name)
{
	struct dm_target_spec_line t = { .start = 0, .type = "ploop" };
	char from[FZ_PATH_MAX], to[FZ_PATH_MAX], params[64];
	struct fz_case c = { .cluster_sectors = 128 };
	char seed[16];
	struct dev d;
	int fd, r, i;

	fz_path(from, f->dir, "seed0", 0);
	snprintf(seed, sizeof seed, "seed%u", f->nseeds);
	fz_path(to, f->dir, seed, 0);
	fz_file_copy(from, to);
	fd = open(to, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		fz_die(111, to, errno);
	snprintf(params, sizeof params, "128 1 fd:%d", fd);
	t.length = 8 * 2048;
	t.params = params;
	r = dm_create(name, NULL);
	if (!r)
		r = dm_load(name, &t, 0);
	close(fd);
	if (!r)
		r = dm_resume(name);
	if (r)
		fz_die(111, "loading the seed written through the kernel", -r);
	dev_open(name, 1, &d);
	for (i = 0; i < 2; i++)
		writes(f, &c, &d);
	dev_close(&d);
	r = dm_remove(name);
	if (r)
		fz_die(111, "dm_remove", -r);
	fz_seed_add(f, 1, 4);
}
