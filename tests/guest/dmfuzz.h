#ifndef VZHOST_TEST_DMFUZZ_H
#define VZHOST_TEST_DMFUZZ_H

#include <stdint.h>

/* The dm-ploop table-load fuzzer (dmfuzz.c: the loop; dmfuzz_case.c: seeds
 * and mutations; dmfuzz_use.c: using a loaded table and checking after). */

#define FZ_PATH_MAX 512
#define FZ_DELTAS_MAX 8
#define FZ_SEEDS_MAX 12
#define FZ_WRITES_MAX 8

struct fz_seed {
	unsigned n;			/* deltas, bottom first: DIR/seedK.I */
	int raw_base;			/* delta 0 is a raw image */
	unsigned weight;		/* relative chance of being picked */
};

struct fz {
	const char *dir;
	uint64_t iter, seed, rng;
	uint64_t refused, loaded, written, resume_refused, lib_disagree, failures;
	unsigned nseeds;
	struct fz_seed seeds[FZ_SEEDS_MAX];
};

struct fz_write {
	uint64_t off, len, seed;
};

/* One iteration's stack: files DIR/x.I and the table built over them. */
struct fz_case {
	unsigned n;
	char file[FZ_DELTAS_MAX][FZ_PATH_MAX];
	int raw[FZ_DELTAS_MAX];
	unsigned ntable;
	unsigned table[FZ_DELTAS_MAX];	/* file per table slot, bottom first */
	int table_raw[FZ_DELTAS_MAX];
	uint32_t cluster_sectors;
	uint64_t sectors;		/* device length */
	int ro, by_path;
	int changed_live;		/* files changed while suspended */
	int matter_before;		/* library findings of the top that matter */
	uint64_t hash_before[FZ_DELTAS_MAX];
	unsigned nwrites;
	struct fz_write writes[FZ_WRITES_MAX];
};

void fz_die(int code, const char *what, int err) __attribute__((noreturn));
uint64_t fz_rand(struct fz *f);
uint64_t fz_below(struct fz *f, uint64_t n);
void *fz_alloc(size_t len);
void fz_path(char *out, const char *dir, const char *name, unsigned i);
void fz_fail(struct fz *f, const char *what, const char *detail);

/* dmfuzz_case.c */
void fz_seeds_make(struct fz *f);
void fz_seed_add(struct fz *f, unsigned n, unsigned weight);
void fz_file_copy(const char *from, const char *to);
void fz_case_make(struct fz *f, struct fz_case *c);
void fz_mutate_file(struct fz *f, const char *path);
void fz_files_hash(const struct fz_case *c, uint64_t *out);
int fz_files_changed(const struct fz_case *c, const uint64_t *before);
int fz_top_matter(const struct fz_case *c);
/* The top delta's findings on stderr, one line each (after a failure). */
void fz_top_findings(const struct fz_case *c);

/* dmfuzz_use.c */
void fz_use(struct fz *f, struct fz_case *c, const char *name);
void fz_seed_kernel(struct fz *f, const char *name);
void fz_after(struct fz *f, struct fz_case *c);

#endif
