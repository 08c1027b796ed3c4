#include <errno.h>

#include "test_ploop_util.h"
#include "tap.h"

#define CB 4096u

static struct ploop_image *open_rw(const char *path)
{
	struct ploop_image *img = NULL;
	int r = ploop_image_open(&img, path, PLOOP_OPEN_RW);

	if (r)
		printf("# open %s: %s\n", path, strerror(-r));
	return img;
}

static void test_round_trip(enum ploop_version v, uint32_t cb)
{
	struct ploop_stack s = { .count = 0 };
	struct ploop_image *img;
	unsigned char *w = malloc(3 * cb + 1000), *r = malloc(3 * cb + 1000);
	uint64_t first_c;
	char path[64];

	tmp_path(path, sizeof path);
	ploop_image_create(path, 64ull * cb, cb, v, PLOOP_EXPANDED);
	img = open_rw(path);
	ok(img != NULL, "v%d cluster %u: open RW", v, cb);
	if (!img)
		goto out;
	is_int(peek32(path, PLOOP_OFF_IN_USE), PLOOP_IN_USE, "open RW sets the in-use mark on disk");
	ploop_stack_push(&s, img);
	first_c = img->hdr.first_block / img->hdr.cluster_sectors;
	memset(r, 0xAA, 2 * cb);
	is_int(ploop_read(&s, r, 2 * cb, 5 * cb), 0, "read unallocated");
	ok(r[0] == 0 && r[2 * cb - 1] == 0 && checksum(r, cb) == checksum(r + cb, cb),
	   "unallocated reads as zeros");
	fill_pattern(w, 3 * cb + 1000, 1);
	is_int(ploop_write(&s, w, 3 * cb + 1000, 2 * cb + 100), 0, "write across 5 clusters");
	is_int(ploop_read(&s, r, 3 * cb + 1000, 2 * cb + 100), 0, "read it back");
	ok(checksum(r, 3 * cb + 1000) == checksum(w, 3 * cb + 1000), "checksums match");
	is_int(ploop_read(&s, r, 100, 2 * cb), 0, "read the copied-up head of a partial cluster");
	ok(r[0] == 0 && r[99] == 0, "partial write zero-filled the rest of the new cluster");
	is_int(file_size(path), (first_c + 4) * cb, "4 clusters appended");
	is_int(img->bat[2], v == PLOOP_V2 ? first_c : first_c * (cb / 512),
	       v == PLOOP_V2 ? "v2 BAT entry is a cluster index" : "v1 BAT entry is a sector offset");
	is_int(peek32(path, ploop_bat_entry_offset(3)), img->bat[3], "BAT entry on disk");
	is_int(ploop_write(&s, w, 10, 64ull * cb - 5), -ERANGE, "write past the end refused");
	is_int(ploop_image_close(img), 0, "close");
	is_int(peek32(path, PLOOP_OFF_IN_USE), 0, "clean close clears the in-use mark");
	is_int(peek32(path, PLOOP_OFF_FLAGS) & PLOOP_FLAG_EMPTY, 0, "empty flag cleared once data exists");
	is_int(ploop_image_open(&img, path, 0), 0, "reopen read-only");
	s.count = 0;
	ploop_stack_push(&s, img);
	is_int(ploop_read(&s, r, 3 * cb + 1000, 2 * cb + 100), 0, "read after reopen");
	ok(checksum(r, 3 * cb + 1000) == checksum(w, 3 * cb + 1000), "data survives reopen");
	is_int(ploop_write(&s, w, 10, 0), -EBADF, "read-only image refuses writes");
	ploop_image_close(img);
out:
	unlink(path);
	free(w);
	free(r);
}

static void test_in_use(void)
{
	struct ploop_image *img;
	char path[64];

	tmp_path(path, sizeof path);
	ploop_image_create(path, 16 * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	poke32(path, PLOOP_OFF_IN_USE, PLOOP_IN_USE);
	is_int(ploop_image_open(&img, path, PLOOP_OPEN_RW), -EUCLEAN, "in-use mark set: needs check");
	is_int(ploop_image_open(&img, path, PLOOP_OPEN_FORCE), 0, "forced open");
	is_int(img->needs_check, 1, "forced open reports needs_check");
	ploop_image_close(img);
	unlink(path);
}

static void test_truncated_tail_alloc(void)
{
	struct ploop_stack s = { .count = 0 };
	struct ploop_image *img;
	unsigned char junk[100], w[CB], r[CB];
	char path[64];

	tmp_path(path, sizeof path);
	ploop_image_create(path, 16 * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	memset(junk, 0x55, sizeof junk);
	poke(path, CB, junk, sizeof junk);
	img = open_rw(path);
	ploop_stack_push(&s, img);
	is_int(img->next_free, 1, "a partial tail is rounded down");
	fill_pattern(w, CB, 9);
	is_int(ploop_write(&s, w, CB, 0), 0, "write a full cluster");
	is_int(img->bat[0], 1, "allocated over the partial tail");
	is_int(file_size(path), 2 * CB, "file is whole clusters again");
	ploop_read(&s, r, CB, 0);
	ok(!memcmp(r, w, CB), "data intact");
	ploop_image_close(img);
	unlink(path);
}

static void test_kinds(void)
{
	struct ploop_image *img;
	struct ploop_report rep;
	char path[64];
	uint32_t i, bad = 0;

	tmp_path(path, sizeof path);
	is_int(ploop_image_create(path, 100 * CB, CB, PLOOP_V2, PLOOP_PREALLOCATED), 0,
	       "create preallocated");
	is_int(file_size(path), 101 * CB, "preallocated: every cluster in the file");
	is_int(ploop_image_open(&img, path, 0), 0, "open preallocated");
	for (i = 0; i < 100; i++)
		bad += img->bat[i] != i + 1;
	is_int(bad, 0, "identity mapping after the header area");
	is_int(img->hdr.flags, 0, "preallocated image is not flagged empty");
	ploop_image_close(img);
	is_int(ploop_check(path, 0, &rep), 0, "preallocated image checks clean");
	is_int(rep.count, 0, "no findings (no holes, no leaks)");
	ploop_report_free(&rep);
	unlink(path);

	is_int(ploop_image_create(path, 100 * CB, CB, PLOOP_V1, PLOOP_PREALLOCATED), 0,
	       "create v1 preallocated");
	is_int(peek32(path, ploop_bat_entry_offset(5)), (5 + 1) * (CB / 512), "v1 identity in sectors");
	unlink(path);

	is_int(ploop_image_create(path, 100 * CB + 10, CB, PLOOP_V2, PLOOP_RAW), 0, "create raw");
	is_int(file_size(path), 100 * CB + 512, "raw: plain file, size rounded to a sector");
	unlink(path);
}

/* base: clusters 0-3 = A; mid: 1-2 = B; top: partial write into 2 and 3. */
static void test_stack(void)
{
	struct ploop_stack s = { .count = 0 };
	struct ploop_image *d[3];
	unsigned char a[4 * CB], b[2 * CB], c[100], r[4 * CB], want[4 * CB];
	char p[3][64];
	int i;

	for (i = 0; i < 3; i++) {
		tmp_path(p[i], sizeof p[i]);
		ploop_image_create(p[i], 8 * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	}
	fill_pattern(a, sizeof a, 1);
	fill_pattern(b, sizeof b, 2);
	fill_pattern(c, sizeof c, 3);
	d[0] = open_rw(p[0]);
	ploop_stack_push(&s, d[0]);
	ploop_write(&s, a, sizeof a, 0);
	ploop_image_close(d[0]);
	ploop_image_open(&d[0], p[0], 0);
	s.delta[0] = d[0];
	d[1] = open_rw(p[1]);
	ploop_stack_push(&s, d[1]);
	ploop_write(&s, b, sizeof b, CB);
	ploop_image_close(d[1]);
	ploop_image_open(&d[1], p[1], 0);
	s.delta[1] = d[1];
	d[2] = open_rw(p[2]);
	is_int(ploop_stack_push(&s, d[2]), 0, "3 deltas stacked");
	is_int(ploop_write(&s, c, sizeof c, 3 * CB - 50), 0, "write straddling clusters 2 and 3");
	memcpy(want, a, sizeof want);
	memcpy(want + CB, b, 2 * CB);
	memcpy(want + 3 * CB - 50, c, sizeof c);
	is_int(ploop_read(&s, r, sizeof r, 0), 0, "read through the stack");
	ok(!memcmp(r, want, CB), "cluster 0 from the base");
	ok(!memcmp(r + CB, want + CB, CB), "cluster 1 from the middle");
	ok(!memcmp(r + 2 * CB, want + 2 * CB, CB), "cluster 2: top, copied up from the middle");
	ok(!memcmp(r + 3 * CB, want + 3 * CB, CB), "cluster 3: top, copied up from the base");
	is_int(ploop_stack_resolve(&s, 2, 1, &(uint64_t){ 0 }), 1, "resolve cluster 1 -> middle");
	is_int(ploop_stack_resolve(&s, 2, 7, &(uint64_t){ 0 }), -ENOENT, "cluster 7 -> nowhere");
	is_int(ploop_stack_resolve(&s, 2, 3, &(uint64_t){ 0 }), 2, "cluster 3 -> top");

	/* merge the top into the middle; the 2-delta stack must read the same */
	ploop_image_close(d[1]);
	d[1] = open_rw(p[1]);
	is_int(ploop_merge(d[1], d[2]), 0, "merge top into middle");
	ploop_image_close(d[2]);
	s.delta[1] = d[1];
	s.count = 2;
	is_int(ploop_read(&s, r, sizeof r, 0), 0, "read the merged stack");
	ok(!memcmp(r, want, sizeof want), "merged stack reads the same data");
	is_int(ploop_write(&s, c, 1, 0), 0, "write after merge");
	for (i = 0; i < 2; i++)
		ploop_image_close(d[i]);
	for (i = 0; i < 3; i++)
		unlink(p[i]);
}

/* 1008 entries fill the first 4 KiB cluster; 3000 need three: clusters 1-2 move. */
static void test_grow(enum ploop_version v)
{
	struct ploop_stack s = { .count = 0 };
	struct ploop_image *img;
	struct ploop_report rep;
	unsigned char w[4 * CB], r[4 * CB];
	char path[64];
	size_t i, bad = 0;

	tmp_path(path, sizeof path);
	ploop_image_create(path, 1008ull * CB, CB, v, PLOOP_EXPANDED);
	img = open_rw(path);
	ploop_stack_push(&s, img);
	fill_pattern(w, sizeof w, 4);
	ploop_write(&s, w, 3 * CB, 0);
	ploop_write(&s, w + 3 * CB, CB, 1000ull * CB);
	ok(img->hdr.first_block == CB / 512, "v%d: BAT fits one cluster before growing", v);
	is_int(ploop_image_grow(img, 3000ull * CB), 0, "grow to 3000 clusters");
	is_int(img->hdr.first_block, 3 * CB / 512, "first block offset now 3 clusters");
	is_int(peek32(path, PLOOP_OFF_BAT_ENTRIES), 3000, "BAT entries on disk");
	is_int(ploop_read(&s, r, 3 * CB, 0), 0, "read moved clusters");
	ok(!memcmp(r, w, 3 * CB), "data of relocated clusters intact");
	ploop_read(&s, r, CB, 1000ull * CB);
	ok(!memcmp(r, w + 3 * CB, CB), "data of other clusters intact");
	for (i = 1008; i < 3000; i++)
		bad += img->bat[i] != 0;
	is_int(bad, 0, "new BAT entries are empty");
	ploop_read(&s, r, CB, 2999ull * CB);
	ok(r[0] == 0 && r[CB - 1] == 0, "new space reads as zeros");
	is_int(ploop_write(&s, w, CB, 2999ull * CB), 0, "write into the new space");
	is_int(ploop_image_grow(img, 10ull * CB), -EINVAL, "shrink refused");
	is_int(ploop_image_close(img), 0, "close");
	is_int(ploop_check(path, 0, &rep), 0, "grown image checks clean");
	for (i = 0; i < rep.count; i++)
		printf("# %s\n", rep.items[i].text);
	ploop_report_free(&rep);
	unlink(path);
}

static void test_merge_grows_parent(void)
{
	struct ploop_image *parent, *child;
	struct ploop_stack s = { .count = 0 };
	unsigned char w[CB], r[CB];
	char p[2][64];

	tmp_path(p[0], sizeof p[0]);
	tmp_path(p[1], sizeof p[1]);
	ploop_image_create(p[0], 8 * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	ploop_image_create(p[1], 2000ull * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	child = open_rw(p[1]);
	ploop_stack_push(&s, child);
	fill_pattern(w, CB, 7);
	ploop_write(&s, w, CB, 1500ull * CB);
	parent = open_rw(p[0]);
	is_int(ploop_merge(parent, child), 0, "merge a larger child");
	is_int(parent->hdr.bat_entries, 2000, "parent grown to the child's size");
	s.delta[0] = parent;
	ploop_read(&s, r, CB, 1500ull * CB);
	ok(!memcmp(r, w, CB), "merged cluster readable in the parent");
	ploop_image_close(parent);
	ploop_image_close(child);
	unlink(p[0]);
	unlink(p[1]);
}

/* More clusters than one merge batch (1024): every one lands, checked after reopen. */
static void test_merge_batches(void)
{
	struct ploop_image *parent, *child;
	struct ploop_stack s = { .count = 0 };
	unsigned char w[CB], r[CB];
	uint32_t vc, n = 2600;
	int bad = 0;
	char p[2][64];

	tmp_path(p[0], sizeof p[0]);
	tmp_path(p[1], sizeof p[1]);
	ploop_image_create(p[0], 3000ull * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	ploop_image_create(p[1], 3000ull * CB, CB, PLOOP_V2, PLOOP_EXPANDED);
	parent = open_rw(p[0]);
	ploop_stack_push(&s, parent);
	fill_pattern(w, CB, 1);
	ploop_write(&s, w, CB, 5ull * CB);	/* one cluster the parent already has */
	child = open_rw(p[1]);
	s.delta[0] = child;
	for (vc = 0; vc < n; vc++) {
		fill_pattern(w, CB, vc + 100);
		ploop_write(&s, w, CB, (uint64_t)vc * CB);
	}
	is_int(ploop_merge(parent, child), 0, "merge 2600 clusters (three batches)");
	ploop_image_close(child);
	ploop_image_close(parent);
	parent = open_rw(p[0]);
	s.delta[0] = parent;
	for (vc = 0; parent && vc < n; vc++) {
		fill_pattern(w, CB, vc + 100);
		if (ploop_read(&s, r, CB, (uint64_t)vc * CB) || memcmp(r, w, CB))
			bad++;
	}
	is_int(bad, 0, "every merged cluster reads back after reopening the parent");
	ploop_image_close(parent);
	unlink(p[0]);
	unlink(p[1]);
}

static void test_big_cluster(void)
{
	test_round_trip(PLOOP_V2, 1 << 20);
}

int main(void)
{
	test_round_trip(PLOOP_V2, CB);
	test_round_trip(PLOOP_V1, CB);
	test_big_cluster();
	test_in_use();
	test_truncated_tail_alloc();
	test_kinds();
	test_stack();
	test_grow(PLOOP_V2);
	test_grow(PLOOP_V1);
	test_merge_grows_parent();
	test_merge_batches();
	return done_testing();
}
