/*
 * dmfuzz: table-load fuzzing of the dm-ploop kernel target
 * (tests/system/54-dm-ploop-fuzz.t). Real images are made with lib/ploop
 * and through the target itself; each iteration copies one stack, mutates
 * it (header fields, BAT entries, file size, in-use mark, signature,
 * stack order and composition), loads it and, when the kernel takes it,
 * uses it: reads compared with the library's reading of the same files,
 * writes, a discard, a flush, a suspend (sometimes with the files changed
 * meanwhile) and resume, removal, then the library checks the image is no
 * worse than before. The kernel must refuse cleanly or work; the test
 * watches the kernel log for anything else.
 *
 *   dmfuzz SEED COUNT DIR
 *
 * Iteration i uses the random stream SEED + i, so one failing iteration
 * is replayed with SEED + i and COUNT 1; DIR/progress names the one
 * running (for a hang). Prints a line per 100 iterations and per failure,
 * then a summary; exit 1 on a failure, 100 on usage, 111 on a system
 * error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "ploop/ploop.h"
#include "dmfuzz.h"

#define DEV_NAME "dmfuzz"
#define READ_MAX (8u << 20)		/* device bytes compared per iteration */

static const char *prog = "dmfuzz";

void fz_die(int code, const char *what, int err)
{
	if (err)
		fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", prog, what);
	exit(code);
}

uint64_t fz_rand(struct fz *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dull;
}

uint64_t fz_below(struct fz *f, uint64_t n)
{
	return n ? fz_rand(f) % n : 0;
}

void *fz_alloc(size_t len)
{
	void *p;

	if (posix_memalign(&p, 4096, len ? len : 1))
		fz_die(111, "out of memory", 0);
	return p;
}

void fz_path(char *out, const char *dir, const char *name, unsigned i)
{
	if ((size_t)snprintf(out, FZ_PATH_MAX, "%s/%s.%u", dir, name, i) >= FZ_PATH_MAX)
		fz_die(100, "directory name too long", 0);
}

void fz_fail(struct fz *f, const char *what, const char *detail)
{
	printf("iteration %" PRIu64 " (seed %" PRIu64 "): %s%s%s\n", f->iter, f->seed, what,
	       *detail ? ": " : "", detail);
	fflush(stdout);
	f->failures++;
}

/* Opens the deltas and writes the table's parameters (fd:N or paths). */
static int table_params(struct fz *f, struct fz_case *c, char *out, size_t len, int *fds)
{
	size_t used;
	int i, flags;

	used = (size_t)snprintf(out, len, "%u %u", c->cluster_sectors, c->ntable);
	for (i = 0; i < (int)c->ntable; i++) {
		fds[i] = -1;
		if (c->by_path) {
			used += (size_t)snprintf(out + used, len - used, " %s%s",
						 c->table_raw[i] ? "raw:" : "",
						 c->file[c->table[i]]);
			continue;
		}
		flags = (!c->ro && i == (int)c->ntable - 1) ? O_RDWR : O_RDONLY;
		fds[i] = open(c->file[c->table[i]], flags | O_DIRECT | O_CLOEXEC);
		if (fds[i] < 0)
			fz_die(111, c->file[c->table[i]], errno);
		used += (size_t)snprintf(out + used, len - used, " %sfd:%d",
					 c->table_raw[i] ? "raw:" : "", fds[i]);
	}
	if (fz_below(f, 40) == 0)
		used += (size_t)snprintf(out + used, len - used, " %u", (unsigned)fz_below(f, 3));
	return used < len ? 0 : -E2BIG;
}

static void fds_close(int *fds, unsigned n)
{
	while (n--)
		if (fds[n] >= 0)
			close(fds[n]);
}

/* Creates and loads the device; 0 when the kernel took the table. */
static int load(struct fz *f, struct fz_case *c)
{
	struct dm_target_spec_line t = { .start = 0, .type = "ploop" };
	char params[DM_PARAMS_MAX];
	int fds[FZ_DELTAS_MAX], r;

	r = dm_create(DEV_NAME, NULL);
	if (r)
		fz_die(111, "dm_create (a device left over?)", -r);
	if (table_params(f, c, params, sizeof params, fds))
		fz_die(111, "table too long", 0);
	t.length = c->sectors;
	t.params = params;
	r = dm_load(DEV_NAME, &t, c->ro);
	fds_close(fds, c->ntable);
	if (!r)
		r = dm_resume(DEV_NAME);
	if (r) {
		dm_remove(DEV_NAME);
		return r;
	}
	return 0;
}

static void unload(struct fz *f)
{
	int r = dm_remove(DEV_NAME);

	if (r) {
		fz_fail(f, "cannot remove the device", strerror(-r));
		fz_die(111, "dm_remove", -r);
	}
}

/* One iteration: a mutated copy of a seed stack, loaded and used. */
static void iterate(struct fz *f)
{
	struct fz_case c;
	int r;

	fz_case_make(f, &c);
	fz_files_hash(&c, c.hash_before);
	c.matter_before = fz_top_matter(&c);
	r = load(f, &c);
	if (r) {
		f->refused++;
		if (fz_files_changed(&c, c.hash_before))
			fz_fail(f, "a refused table changed the image files", "");
		return;
	}
	f->loaded++;
	fz_use(f, &c, DEV_NAME);
	unload(f);
	fz_after(f, &c);
}

/* DIR/progress names the iteration running, for a run that hangs. */
static void progress(const struct fz *f)
{
	char path[FZ_PATH_MAX];
	FILE *out;

	if ((size_t)snprintf(path, sizeof path, "%s/progress", f->dir) >= sizeof path)
		fz_die(100, "directory name too long", 0);
	out = fopen(path, "we");
	if (!out)
		fz_die(111, path, errno);
	fprintf(out, "iteration %" PRIu64 " seed %" PRIu64 "\n", f->iter, f->seed);
	fclose(out);
}

int main(int argc, char **argv)
{
	struct fz f = { 0 };
	uint64_t seed, count, i;

	if (argc != 4)
		fz_die(100, "usage: dmfuzz SEED COUNT DIR", 0);
	seed = strtoull(argv[1], NULL, 0);
	count = strtoull(argv[2], NULL, 0);
	f.dir = argv[3];
	fz_seeds_make(&f);
	fz_seed_kernel(&f, DEV_NAME);
	for (i = 0; i < count; i++) {
		f.iter = i;
		f.seed = seed + i;
		f.rng = (seed + i) * 0x9e3779b97f4a7c15ull + 1;
		progress(&f);
		iterate(&f);
		if (!((i + 1) % 100)) {
			printf("%" PRIu64 " iterations: %" PRIu64 " refused, %" PRIu64
			       " loaded, %" PRIu64 " failures\n", i + 1, f.refused, f.loaded,
			       f.failures);
			fflush(stdout);
		}
	}
	printf("done %" PRIu64 " iterations: %" PRIu64 " refused, %" PRIu64 " loaded (%" PRIu64
	       " with writes, %" PRIu64 " resumes refused), %" PRIu64 " library disagreements, %"
	       PRIu64 " failures\n", count, f.refused, f.loaded, f.written, f.resume_refused,
	       f.lib_disagree, f.failures);
	return f.failures ? 1 : 0;
}
