/*
 * dmfuzz: the seed images (made with lib/ploop) and the mutations of one
 * iteration's copy of a seed stack.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/ploop.h"
#include "dmfuzz.h"

#define K64 (64u << 10)
#define M1 (1u << 20)
#define HASH_BYTES (16ull << 20)
#define CHECK_MAX (256ull << 20)	/* larger (sparse) files: no library check */

struct seed_spec {
	uint64_t size;
	uint32_t cluster;
	enum ploop_version version;
	unsigned deltas;
	int raw_base;
	uint64_t grow_to;		/* grown by the library after writing (0: not) */
	unsigned writes;		/* pattern writes per delta */
	unsigned weight;
};

static const struct seed_spec specs[] = {
	{ 8 * M1, K64, PLOOP_V2, 1, 0, 0, 24, 6 },
	{ 8 * M1, K64, PLOOP_V1, 1, 0, 0, 24, 4 },
	{ 2 * M1, 4096, PLOOP_V2, 1, 0, 0, 40, 4 },
	{ 8 * M1, K64, PLOOP_V2, 3, 0, 0, 10, 4 },
	{ 4 * M1, K64, PLOOP_V2, 2, 1, 0, 10, 3 },
	{ 16 * M1, M1, PLOOP_V2, 1, 0, 0, 4, 1 },
	{ 4 * M1, 4096, PLOOP_V2, 1, 0, 16 * M1, 30, 3 },
	{ 8 * M1, K64, PLOOP_V2, 1, 0, 0, 0, 2 },
	{ 2 * M1, 4096, PLOOP_V1, 2, 0, 0, 20, 2 },
};

static void die_r(const char *what, int r)
{
	if (r)
		fz_die(111, what, -r);
}

static void pattern(unsigned char *buf, size_t len, uint64_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 9));
}

/* Writes `writes` random pieces (partial and whole clusters) into the stack's top. */
static void seed_fill(struct fz *f, struct ploop_stack *s, const struct seed_spec *sp)
{
	unsigned char *buf = fz_alloc(2 * sp->cluster);
	uint64_t off, len;
	unsigned i;

	for (i = 0; i < sp->writes; i++) {
		len = fz_below(f, 2) ? sp->cluster : 512 * (1 + fz_below(f, 2 * sp->cluster / 512));
		off = 512 * fz_below(f, (sp->size - len) / 512 + 1);
		pattern(buf, len, fz_rand(f));
		die_r("ploop_write", ploop_write(s, buf, len, off));
	}
	die_r("ploop_flush", ploop_flush(s));
	free(buf);
}

static void seed_make(struct fz *f, unsigned k, const struct seed_spec *sp)
{
	struct ploop_image *img;
	struct ploop_stack s = { .count = 0 };
	char path[FZ_PATH_MAX], name[16];
	unsigned i, j;

	snprintf(name, sizeof name, "seed%u", k);
	for (i = 0; i < sp->deltas; i++) {
		fz_path(path, f->dir, name, i);
		unlink(path);
		die_r(path, ploop_image_create(path, sp->size, sp->cluster, sp->version,
					       i == 0 && sp->raw_base ? PLOOP_RAW : PLOOP_EXPANDED));
		s.count = 0;
		for (j = 0; j <= i; j++) {
			fz_path(path, f->dir, name, j);
			die_r(path, ploop_image_open(&img, path,
						     (j == i ? PLOOP_OPEN_RW : 0) |
						     (j == 0 && sp->raw_base ? PLOOP_OPEN_RAW : 0)));
			die_r("ploop_stack_push", ploop_stack_push(&s, img));
		}
		seed_fill(f, &s, sp);
		if (i == sp->deltas - 1 && sp->grow_to)
			die_r("ploop_image_grow", ploop_image_grow(s.delta[i], sp->grow_to));
		for (j = 0; j < s.count; j++)
			die_r("ploop_image_close", ploop_image_close(s.delta[j]));
	}
	f->seeds[k] = (struct fz_seed){ .n = sp->deltas, .raw_base = sp->raw_base,
					.weight = sp->weight };
}

void fz_seeds_make(struct fz *f)
{
	unsigned k;

	f->rng = 0x5eed;
	for (k = 0; k < sizeof specs / sizeof specs[0]; k++)
		seed_make(f, k, &specs[k]);
	f->nseeds = k;
}

/* Adds a seed made through the kernel target (written by dmfuzz.c). */
void fz_seed_add(struct fz *f, unsigned n, unsigned weight)
{
	f->seeds[f->nseeds++] = (struct fz_seed){ .n = n, .weight = weight };
}

void fz_file_copy(const char *from, const char *to)
{
	unsigned char *buf = fz_alloc(M1);
	int in, out;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (in < 0 || out < 0)
		fz_die(111, in < 0 ? from : to, errno);
	while ((n = read(in, buf, M1)) > 0)
		if (write(out, buf, (size_t)n) != n)
			fz_die(111, to, errno);
	if (n < 0)
		fz_die(111, from, errno);
	close(in);
	close(out);
	free(buf);
}

static uint32_t get32(int fd, uint64_t off)
{
	unsigned char b[4] = { 0 };

	if (ploop_pread_full(fd, b, 4, off))
		return 0;
	return ploop_le32(b);
}

static void put32(int fd, uint64_t off, uint32_t v)
{
	unsigned char b[4];

	ploop_put_le32(b, v);
	ploop_pwrite_full(fd, b, 4, off);
}

static uint32_t interesting(struct fz *f, uint32_t orig)
{
	static const uint32_t values[] = {
		0, 1, 2, 3, 8, 63, 64, 127, 128, 2048, 4096, 0x7fff, 0x8000, 0xffff,
		0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x746f6e59,
	};

	switch (fz_below(f, 4)) {
	case 0:
		return orig + (uint32_t)fz_below(f, 5) - 2;
	case 1:
		return fz_below(f, 2) ? orig * 2 : orig / 2;
	case 2:
		return (uint32_t)fz_rand(f);
	default:
		return values[fz_below(f, sizeof values / sizeof values[0])];
	}
}

/* A BAT entry's new value, chosen near the edges of what the file allows. */
static uint32_t entry_value(struct fz *f, int fd, uint32_t entries, uint64_t file_clusters,
			    uint32_t cs, int v1)
{
	uint32_t first = get32(fd, PLOOP_OFF_FIRST_BLOCK) / (cs ? cs : 1);
	uint64_t c;

	switch (fz_below(f, 6)) {
	case 0:
		c = first ? first - 1 : 0;
		break;
	case 1:
		c = file_clusters ? file_clusters - 1 : 0;
		break;
	case 2:
		c = file_clusters + fz_below(f, 2);
		break;
	case 3:
		return get32(fd, ploop_bat_entry_offset((uint32_t)fz_below(f, entries)));
	case 4:
		return interesting(f, 0);
	default:
		c = first + fz_below(f, file_clusters > first ? file_clusters - first : 1);
		break;
	}
	if (v1 && !fz_below(f, 8))
		return (uint32_t)(c * cs + 1);	/* not cluster aligned */
	return (uint32_t)(v1 ? c * cs : c);
}

static void mutate_bat(struct fz *f, int fd, uint64_t size)
{
	uint32_t entries = get32(fd, PLOOP_OFF_BAT_ENTRIES), cs = get32(fd, PLOOP_OFF_CLUSTER);
	unsigned char sig[16] = { 0 };
	uint64_t fc = cs ? size / ((uint64_t)cs * PLOOP_SECTOR) : 0, i;
	unsigned n;

	ploop_pread_full(fd, sig, sizeof sig, 0);
	if (!entries)
		return;
	if (fz_below(f, 5)) {
		i = fz_below(f, entries + (fz_below(f, 10) ? 0 : 4));
		put32(fd, ploop_bat_entry_offset((uint32_t)i),
		      entry_value(f, fd, entries, fc, cs, !memcmp(sig, PLOOP_SIG_V1, 16)));
		return;
	}
	for (n = 1 + (unsigned)fz_below(f, 16); n--;) {
		i = PLOOP_HEADER_SIZE + fz_below(f, 4ull * entries);
		put32(fd, i & ~3ull, (uint32_t)fz_rand(f));
	}
}

static void mutate_size(struct fz *f, int fd, uint64_t size, uint32_t cb)
{
	uint64_t to;

	switch (fz_below(f, 6)) {
	case 0:
		to = fz_below(f, PLOOP_HEADER_SIZE + 1);
		break;
	case 1:
		to = fz_below(f, size + 1);
		break;
	case 2:
		to = size > cb ? size - cb : 0;
		break;
	case 3:
		to = size + 1 + fz_below(f, cb);
		break;
	case 4:
		to = size + cb * (1 + fz_below(f, 4));
		break;
	default:
		to = size + (1ull << (30 + fz_below(f, 14)));	/* sparse, up to 8 TiB */
		break;
	}
	if (ftruncate(fd, (off_t)to) < 0 && errno != EFBIG && errno != EINVAL)
		fz_die(111, "ftruncate", errno);
}

/* One mutation of an image file: header, signature, BAT, size, mark, holes. */
void fz_mutate_file(struct fz *f, const char *path)
{
	static const uint32_t fields[] = { 0x10, 0x14, 0x18, 0x1c, 0x20, 0x24, 0x28, 0x2c,
					   0x30, 0x34, 0x38, 0x3c };
	uint32_t cs, off;
	struct stat st;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		fz_die(111, path, errno);
	cs = get32(fd, PLOOP_OFF_CLUSTER);
	cs = cs && cs <= (1u << 17) ? cs : 128;
	switch (fz_below(f, 9)) {
	case 0:
		off = (uint32_t)fz_below(f, PLOOP_HEADER_SIZE);
		ploop_pwrite_full(fd, (unsigned char[1]){ (unsigned char)fz_rand(f) }, 1, off);
		break;
	case 1:
	case 2:
		off = fields[fz_below(f, sizeof fields / sizeof fields[0])];
		put32(fd, off, interesting(f, get32(fd, off)));
		break;
	case 3:
		ploop_pwrite_full(fd, fz_below(f, 2) ? PLOOP_SIG_V1 : PLOOP_SIG_V2, 16, 0);
		break;
	case 4:
	case 5:
		mutate_bat(f, fd, (uint64_t)st.st_size);
		break;
	case 6:
		mutate_size(f, fd, (uint64_t)st.st_size, cs * PLOOP_SECTOR);
		break;
	case 7:
		put32(fd, PLOOP_OFF_IN_USE, fz_below(f, 2) ? PLOOP_IN_USE : 0);
		break;
	default:
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      (off_t)(fz_below(f, (uint64_t)st.st_size / 4096 + 1) * 4096),
			      (off_t)(4096 * (1 + fz_below(f, 32)))) < 0)
			fz_die(111, "punch", errno);
		break;
	}
	close(fd);
}

static uint64_t header_sectors(const char *path, int raw)
{
	unsigned char b[PLOOP_HEADER_SIZE];
	struct ploop_header h;
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		fz_die(111, path, errno);
	r = raw ? -1 : ploop_pread_full(fd, b, sizeof b, 0);
	close(fd);
	if (!r && !ploop_header_decode(b, sizeof b, &h) && h.size_sectors)
		return h.size_sectors;
	return st.st_size >= 512 ? (uint64_t)st.st_size / 512 : 1;
}

/* The table over the case's files: as the seed has it, or changed. */
static void table_mutate(struct fz *f, struct fz_case *c)
{
	unsigned i, t, top = c->ntable - 1;

	switch (fz_below(f, 10)) {
	case 0:
		c->cluster_sectors = fz_below(f, 2) ? 1u << fz_below(f, 20) :
				     (uint32_t)interesting(f, c->cluster_sectors);
		break;
	case 1:
		c->sectors = fz_below(f, 2) ? c->sectors + 1 + fz_below(f, 4096) :
			     1 + fz_below(f, c->sectors);
		break;
	case 2:
		if (c->ntable < FZ_DELTAS_MAX) {	/* one file twice in the stack */
			c->table[c->ntable] = c->table[fz_below(f, c->ntable)];
			c->table_raw[c->ntable] = 0;
			c->ntable++;
		}
		break;
	case 3:
		for (i = 0; i < c->ntable / 2; i++) {
			t = c->table[i];
			c->table[i] = c->table[top - i];
			c->table[top - i] = t;
			t = (unsigned)c->table_raw[i];
			c->table_raw[i] = c->table_raw[top - i];
			c->table_raw[top - i] = (int)t;
		}
		break;
	case 4:
		if (c->ntable > 1) {
			i = (unsigned)fz_below(f, c->ntable - 1);
			memmove(&c->table[i], &c->table[i + 1], (top - i) * sizeof c->table[0]);
			memmove(&c->table_raw[i], &c->table_raw[i + 1],
				(top - i) * sizeof c->table_raw[0]);
			c->ntable--;
		}
		break;
	case 5:
		i = (unsigned)fz_below(f, c->ntable);
		c->table_raw[i] = !c->table_raw[i];
		break;
	default:
		break;
	}
}

void fz_case_make(struct fz *f, struct fz_case *c)
{
	char from[FZ_PATH_MAX], name[16];
	unsigned total = 0, pick, k, i, n;
	const struct fz_seed *s;

	memset(c, 0, sizeof *c);
	for (k = 0; k < f->nseeds; k++)
		total += f->seeds[k].weight;
	pick = (unsigned)fz_below(f, total);
	for (k = 0; pick >= f->seeds[k].weight; k++)
		pick -= f->seeds[k].weight;
	s = &f->seeds[k];
	snprintf(name, sizeof name, "seed%u", k);
	c->n = c->ntable = s->n;
	for (i = 0; i < s->n; i++) {
		fz_path(from, f->dir, name, i);
		fz_path(c->file[i], f->dir, "x", i);
		fz_file_copy(from, c->file[i]);
		c->raw[i] = c->table_raw[i] = s->raw_base && !i;
		c->table[i] = i;
	}
	c->sectors = header_sectors(c->file[s->n - 1], c->raw[s->n - 1]);
	c->cluster_sectors = 0;
	for (i = s->n; i-- > 0 && !c->cluster_sectors;) {
		int fd = c->raw[i] ? -1 : open(c->file[i], O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			c->cluster_sectors = get32(fd, PLOOP_OFF_CLUSTER);
			close(fd);
		}
	}
	for (n = (unsigned)fz_below(f, 4); n--;) {
		i = (unsigned)fz_below(f, 3) ? s->n - 1 : (unsigned)fz_below(f, s->n);
		if (!c->raw[i])
			fz_mutate_file(f, c->file[i]);
	}
	if (fz_below(f, 3) == 0)
		table_mutate(f, c);
	c->ro = fz_below(f, 10) == 0;
	c->by_path = fz_below(f, 5) == 0;
}

/*
 * Size and the first HASH_BYTES (header, BAT and the first data) of a file:
 * what a refused or read-only table could have written. Bounded, since a
 * mutation may leave a sparse file of terabytes.
 */
static uint64_t file_hash(const char *path)
{
	unsigned char *buf = fz_alloc(M1);
	uint64_t h = 0xcbf29ce484222325ull, done = 0;
	struct stat st;
	ssize_t n, i;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		fz_die(111, path, errno);
	h = (h ^ (uint64_t)st.st_size) * 0x100000001b3ull;
	while (done < HASH_BYTES && (n = read(fd, buf, M1)) > 0) {
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ull;
		done += (uint64_t)n;
	}
	close(fd);
	free(buf);
	return h;
}

void fz_files_hash(const struct fz_case *c, uint64_t *out)
{
	unsigned i;

	for (i = 0; i < c->n; i++)
		out[i] = file_hash(c->file[i]);
}

int fz_files_changed(const struct fz_case *c, const uint64_t *before)
{
	uint64_t now[FZ_DELTAS_MAX];
	unsigned i;

	fz_files_hash(c, now);
	for (i = 0; i < c->n; i++)
		if (now[i] != before[i])
			return 1;
	return 0;
}

/* Findings of the library's check of the top file that matter (-1: unknown). */
int fz_top_matter(const struct fz_case *c)
{
	struct ploop_report rep;
	unsigned top = c->table[c->ntable - 1];
	struct stat st;
	int r;

	if (c->raw[top] || stat(c->file[top], &st) < 0 || (uint64_t)st.st_size > CHECK_MAX)
		return -1;
	r = ploop_check(c->file[top], 0, &rep);
	ploop_report_free(&rep);
	return r;
}

void fz_top_findings(const struct fz_case *c)
{
	struct ploop_report rep;
	size_t i;

	if (ploop_check(c->file[c->table[c->ntable - 1]], 0, &rep) < 0)
		return;
	for (i = 0; i < rep.count; i++)
		fprintf(stderr, "  finding: %s\n", rep.items[i].text);
	ploop_report_free(&rep);
}
