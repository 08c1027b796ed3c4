#include <errno.h>

#include "test_ploop_util.h"
#include "tap.h"

#define CB 4096u
#define NCL 2000u	/* BAT of 8064 bytes: header+BAT take file clusters 0-1 */
#define DATA 4u		/* virtual clusters 0-3 written, in file clusters 2-5 */

static char path[64];

static void make_image(enum ploop_version v)
{
	struct ploop_stack s = { .count = 0 };
	struct ploop_image *img;
	unsigned char w[DATA * CB];

	tmp_path(path, sizeof path);
	ploop_image_create(path, NCL * CB, CB, v, PLOOP_EXPANDED);
	ploop_image_open(&img, path, PLOOP_OPEN_RW);
	ploop_stack_push(&s, img);
	fill_pattern(w, sizeof w, 5);
	ploop_write(&s, w, sizeof w, 0);
	ploop_image_close(img);
}

/* 1 if virtual cluster vc still holds the pattern make_image wrote. */
static int cluster_intact(uint32_t vc)
{
	struct ploop_stack s = { .count = 0 };
	struct ploop_image *img;
	unsigned char w[DATA * CB], r[CB];
	int same;

	if (ploop_image_open(&img, path, 0))
		return 0;
	ploop_stack_push(&s, img);
	fill_pattern(w, sizeof w, 5);
	same = !ploop_read(&s, r, CB, (uint64_t)vc * CB) && !memcmp(r, w + vc * CB, CB);
	ploop_image_close(img);
	return same;
}

static int all_intact(void)
{
	uint32_t vc;

	for (vc = 0; vc < DATA; vc++)
		if (!cluster_intact(vc))
			return 0;
	return 1;
}

static int others_intact(uint32_t skip)
{
	uint32_t vc;

	for (vc = 0; vc < DATA; vc++)
		if (vc != skip && !cluster_intact(vc))
			return 0;
	return 1;
}

static const struct ploop_finding *find(const struct ploop_report *rep,
					enum ploop_finding_kind kind)
{
	size_t i;

	for (i = 0; i < rep->count; i++)
		if (rep->items[i].kind == kind)
			return &rep->items[i];
	return NULL;
}

/* Check, then repair, then check again; returns the second check's result. */
static int check_repair(const char *name, enum ploop_finding_kind kind, int fixable)
{
	const struct ploop_finding *f;
	struct ploop_report rep;
	int r;

	r = ploop_check(path, 0, &rep);
	f = find(&rep, kind);
	ok(f && !f->repaired, "%s: found (%s)", name, f ? f->text : "-");
	ok(kind == PLOOP_F_LEAKED ? r == 0 : r > 0, "%s: check returns %d", name, r);
	ploop_report_free(&rep);
	r = ploop_check(path, PLOOP_CHECK_REPAIR, &rep);
	f = find(&rep, kind);
	ok(f && f->repaired == fixable, "%s: %s (%s)", name, fixable ? "repaired" : "not repairable",
	   f ? f->text : "-");
	ploop_report_free(&rep);
	r = ploop_check(path, 0, &rep);
	if (fixable)
		ok(r == 0 && !find(&rep, kind), "%s: clean after repair", name);
	ploop_report_free(&rep);
	return r;
}

static void test_clean(void)
{
	struct ploop_report rep;

	make_image(PLOOP_V2);
	is_int(ploop_check(path, 0, &rep), 0, "fresh image: check returns 0");
	is_int(rep.count, 0, "fresh image: no findings");
	ploop_report_free(&rep);
	ok(all_intact(), "fresh image: data readable");
	unlink(path);
}

static void test_fatal_header(const char *name, uint64_t off, uint32_t v,
			      enum ploop_finding_kind kind)
{
	make_image(PLOOP_V2);
	poke32(path, off, v);
	check_repair(name, kind, 0);
	unlink(path);
}

/* Header fields that do not decide the layout: data must stay readable. */
static void test_field(const char *name, uint64_t off, uint32_t v, enum ploop_finding_kind kind,
		       int fixable)
{
	make_image(PLOOP_V2);
	poke32(path, off, v);
	check_repair(name, kind, fixable);
	ok(all_intact(), "%s: data intact", name);
	unlink(path);
}

static void test_entry(const char *name, uint32_t vc, uint32_t entry, enum ploop_finding_kind kind)
{
	make_image(PLOOP_V2);
	poke32(path, ploop_bat_entry_offset(vc), entry);
	check_repair(name, kind, 1);
	ok(others_intact(vc), "%s: data of the other clusters intact", name);
	unlink(path);
}

static void test_duplicate(void)
{
	make_image(PLOOP_V2);
	poke32(path, ploop_bat_entry_offset(10), peek32(path, ploop_bat_entry_offset(1)));
	check_repair("duplicate entry", PLOOP_F_ENTRY_DUPLICATE, 1);
	ok(all_intact(), "duplicate: the first user keeps its data");
	is_int(peek32(path, ploop_bat_entry_offset(10)), 0, "duplicate: second entry dropped");
	unlink(path);
}

static void test_v1_misaligned(void)
{
	make_image(PLOOP_V1);
	poke32(path, ploop_bat_entry_offset(9), 2 * (CB / 512) + 3);
	check_repair("v1 misaligned sector offset", PLOOP_F_ENTRY_INVALID, 1);
	ok(all_intact(), "v1: data intact");
	unlink(path);
}

static void test_tail(void)
{
	unsigned char junk[100];

	make_image(PLOOP_V2);
	memset(junk, 0x77, sizeof junk);
	poke(path, file_size(path), junk, sizeof junk);
	check_repair("partial unused tail", PLOOP_F_TRUNCATED_TAIL, 1);
	is_int(file_size(path), (2 + DATA) * CB, "tail truncated to whole clusters");
	ok(all_intact(), "tail: data intact");
	unlink(path);

	make_image(PLOOP_V2);
	is_int(truncate(path, (2 + DATA) * CB - 1000), 0, "cut the last cluster short");
	check_repair("last used cluster cut short", PLOOP_F_TRUNCATED_TAIL, 1);
	is_int(file_size(path), (2 + DATA) * CB, "short cluster padded back");
	ok(others_intact(DATA - 1), "short cluster: earlier clusters intact");
	unlink(path);
}

static void test_in_use(void)
{
	struct ploop_image *img;
	struct ploop_report rep;

	make_image(PLOOP_V2);
	poke32(path, PLOOP_OFF_IN_USE, PLOOP_IN_USE);
	check_repair("in-use mark", PLOOP_F_IN_USE, 1);
	is_int(ploop_image_open(&img, path, PLOOP_OPEN_RW), 0, "opens after the check");
	ploop_image_close(img);
	ok(all_intact(), "in-use: data intact");

	poke32(path, PLOOP_OFF_IN_USE, PLOOP_IN_USE);
	poke32(path, PLOOP_OFF_TYPE, 3);
	ploop_check(path, PLOOP_CHECK_REPAIR, &rep);
	ok(find(&rep, PLOOP_F_IN_USE) && !find(&rep, PLOOP_F_IN_USE)->repaired,
	   "in-use mark stays while an unrepaired problem remains");
	ploop_report_free(&rep);
	unlink(path);
}

static void test_leaks(void)
{
	unsigned char junk[2 * CB];

	make_image(PLOOP_V2);
	memset(junk, 0x33, sizeof junk);
	poke(path, file_size(path), junk, sizeof junk);
	check_repair("leaked clusters at the end", PLOOP_F_LEAKED, 1);
	is_int(file_size(path), (2 + DATA) * CB, "leaked tail reclaimed");
	ok(all_intact(), "leak: data intact");
	unlink(path);

	make_image(PLOOP_V2);
	poke32(path, ploop_bat_entry_offset(1), 0);
	check_repair("leaked cluster in the middle", PLOOP_F_LEAKED, 0);
	is_int(file_size(path), (2 + DATA) * CB, "middle leak: file untouched");
	ok(others_intact(1), "middle leak: data of the other clusters intact");
	unlink(path);
}

static void test_hole(void)
{
	int fd, punched;

	make_image(PLOOP_V2);
	fd = open(path, O_RDWR);
	punched = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 3 * CB, CB) == 0 &&
		  lseek(fd, 0, SEEK_HOLE) == 3 * CB;
	close(fd);
	if (!punched) {
		ok(1, "# SKIP no hole punching on /tmp");
		unlink(path);
		return;
	}
	check_repair("sparse hole in a used cluster", PLOOP_F_HOLE, 1);
	ok(others_intact(1), "hole: other data intact");
	unlink(path);
}

static void test_many(void)
{
	struct ploop_report rep;
	uint32_t vc;
	int r;

	make_image(PLOOP_V2);
	for (vc = DATA; vc < NCL; vc++)
		poke32(path, ploop_bat_entry_offset(vc), PLOOP_BAT_INVALID);
	r = ploop_check(path, 0, &rep);
	is_int(r, NCL - DATA, "every bad entry counted");
	ok(rep.count == PLOOP_FINDINGS_MAX + 1 && rep.items[PLOOP_FINDINGS_MAX].kind == PLOOP_F_TOO_MANY,
	   "findings list bounded");
	ploop_report_free(&rep);
	unlink(path);
}

int main(void)
{
	test_clean();
	test_fatal_header("bad signature", 4, 0x41414141, PLOOP_F_BAD_SIGNATURE);
	test_fatal_header("cluster size not a power of two", PLOOP_OFF_CLUSTER, 3000,
			  PLOOP_F_BAD_CLUSTER_SIZE);
	test_fatal_header("cluster size zero", PLOOP_OFF_CLUSTER, 0, PLOOP_F_BAD_CLUSTER_SIZE);
	test_fatal_header("BAT entries vs size", PLOOP_OFF_BAT_ENTRIES, NCL + 1,
			  PLOOP_F_BAD_BAT_ENTRIES);
	test_fatal_header("first block offset", PLOOP_OFF_FIRST_BLOCK, 8, PLOOP_F_BAD_FIRST_BLOCK);
	test_fatal_header("type", PLOOP_OFF_TYPE, 1, PLOOP_F_BAD_TYPE);
	test_field("heads", PLOOP_OFF_HEADS, 7, PLOOP_F_BAD_GEOMETRY, 1);
	test_field("cylinders", PLOOP_OFF_CYLINDERS, 12345, PLOOP_F_BAD_GEOMETRY, 1);
	test_field("unknown flag bits", PLOOP_OFF_FLAGS, 0x80, PLOOP_F_BAD_FLAGS, 1);
	test_field("conversion in progress", PLOOP_OFF_FLAGS, PLOOP_FLAG_CONVERTING,
		   PLOOP_F_BAD_FLAGS, 0);
	test_field("extension offset past EOF", PLOOP_OFF_EXT, 0x7fffffff, PLOOP_F_BAD_EXTENSION, 1);
	test_field("extension offset into header", PLOOP_OFF_EXT, 1, PLOOP_F_BAD_EXTENSION, 1);
	test_entry("entry past end of file", 7, 100, PLOOP_F_ENTRY_PAST_EOF);
	test_entry("entry over a data cluster past EOF", 2, 6, PLOOP_F_ENTRY_PAST_EOF);
	test_entry("entry into header+BAT", 8, 1, PLOOP_F_ENTRY_IN_HEADER);
	test_entry("entry 0xFFFFFFFF", 9, PLOOP_BAT_INVALID, PLOOP_F_ENTRY_INVALID);
	test_duplicate();
	test_v1_misaligned();
	test_tail();
	test_in_use();
	test_leaks();
	test_hole();
	test_many();
	return done_testing();
}
