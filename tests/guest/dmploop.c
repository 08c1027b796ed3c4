/*
 * dmploop: the in-guest driver of tests/system/5x-*.t for the dm-ploop
 * kernel target. Images are made and read with lib/ploop (an independent
 * userspace implementation, the oracle); tables are loaded with lib/dm.
 * Each subcommand prints one line per result and exits 0 on success,
 * 1 on a test failure (mismatch, findings), 100 on usage, 111 on a system
 * error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "ploop/ploop.h"

#define CHUNK (1u << 20)

static const char *prog = "dmploop";

static void die(int code, const char *what, int err)
{
	if (err)
		fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", prog, what);
	exit(code);
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		die(100, "bad number", 0);
	switch (*end) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end)
		die(100, "bad number suffix", 0);
	return v;
}

static void *xmalloc_aligned(size_t len)
{
	void *p;

	if (posix_memalign(&p, 4096, len))
		die(111, "out of memory", 0);
	return p;
}

/* Deterministic content: every 8-byte word depends on seed and offset. */
static uint64_t pattern_word(uint64_t seed, uint64_t off)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ull + (off >> 3) + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void pattern_fill(unsigned char *buf, size_t len, uint64_t seed, uint64_t off)
{
	size_t i;
	uint64_t w;

	for (i = 0; i < len; i += 8) {
		w = pattern_word(seed, off + i);
		memcpy(buf + i, &w, 8);
	}
}

static int open_dev(const char *dev, int flags)
{
	int fd = open(dev, flags | O_CLOEXEC);

	if (fd < 0)
		die(111, dev, errno);
	return fd;
}

static void pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	int r = ploop_pread_full(fd, buf, len, off);

	if (r)
		die(111, "read", -r);
}

/* ---- images through the library ---------------------------------------- */

static int cmd_create(int argc, char **argv)
{
	enum ploop_version v = PLOOP_V2;
	enum ploop_kind kind = PLOOP_EXPANDED;
	int i, r;

	if (argc < 4)
		die(100, "usage: create FILE SIZE CLUSTER [v1|raw|prealloc]", 0);
	for (i = 4; i < argc; i++) {
		if (!strcmp(argv[i], "v1"))
			v = PLOOP_V1;
		else if (!strcmp(argv[i], "raw"))
			kind = PLOOP_RAW;
		else if (!strcmp(argv[i], "prealloc"))
			kind = PLOOP_PREALLOCATED;
		else
			die(100, "create: unknown option", 0);
	}
	r = ploop_image_create(argv[1], num(argv[2]), (uint32_t)num(argv[3]), v, kind);
	if (r)
		die(111, argv[1], -r);
	return 0;
}


/* FILE... bottom to top; "raw:" marks a raw image; top RW when rw. */
static void stack_open(struct ploop_stack *s, int n, char **files, int rw)
{
	struct ploop_image *img;
	unsigned flags;
	const char *path;
	int i, r;

	memset(s, 0, sizeof *s);
	for (i = 0; i < n; i++) {
		path = files[i];
		flags = PLOOP_OPEN_FORCE;
		if (!strncmp(path, "raw:", 4)) {
			flags |= PLOOP_OPEN_RAW;
			path += 4;
		}
		if (rw && i == n - 1)
			flags |= PLOOP_OPEN_RW;
		r = ploop_image_open(&img, path, flags);
		if (r)
			die(111, path, -r);
		r = ploop_stack_push(s, img);
		if (r)
			die(111, "stack", -r);
	}
}

static void stack_close(struct ploop_stack *s)
{
	unsigned i;
	int r;

	for (i = 0; i < s->count; i++) {
		r = ploop_image_close(s->delta[i]);
		if (r)
			die(111, "close", -r);
	}
}

/* lib-write SEED OFF LEN FILE...: the pattern written by the library. */
static int cmd_lib_write(int argc, char **argv)
{
	struct ploop_stack s;
	uint64_t seed, off, len, done;
	unsigned char *buf;
	size_t n;
	int r;

	if (argc < 5)
		die(100, "usage: lib-write SEED OFF LEN FILE...", 0);
	seed = num(argv[1]);
	off = num(argv[2]);
	len = num(argv[3]);
	stack_open(&s, argc - 4, argv + 4, 1);
	buf = xmalloc_aligned(CHUNK);
	for (done = 0; done < len; done += n) {
		n = len - done < CHUNK ? len - done : CHUNK;
		pattern_fill(buf, n, seed, off + done);
		r = ploop_write(&s, buf, n, off + done);
		if (r)
			die(111, "ploop_write", -r);
	}
	r = ploop_flush(&s);
	if (r)
		die(111, "ploop_flush", -r);
	stack_close(&s);
	free(buf);
	return 0;
}

/* lib-grow FILE SIZE: grows the image (relocating clusters as needed). */
static int cmd_lib_grow(int argc, char **argv)
{
	struct ploop_image *img;
	int r;

	if (argc != 3)
		die(100, "usage: lib-grow FILE SIZE", 0);
	r = ploop_image_open(&img, argv[1], PLOOP_OPEN_RW | PLOOP_OPEN_FORCE);
	if (r)
		die(111, argv[1], -r);
	r = ploop_image_grow(img, num(argv[2]));
	if (r)
		die(111, "grow", -r);
	r = ploop_image_close(img);
	if (r)
		die(111, "close", -r);
	return 0;
}

static int verify_buf(const unsigned char *buf, size_t n, uint64_t seed, uint64_t off,
		      unsigned char *want)
{
	size_t i;

	pattern_fill(want, n, seed, off);
	if (!memcmp(buf, want, n))
		return 0;
	for (i = 0; i < n && buf[i] == want[i]; i++)
		;
	printf("mismatch at %" PRIu64 "\n", off + i);
	return 1;
}

/* pattern-write DEV SEED OFF LEN: O_DIRECT writes, then fsync. */
static int cmd_pattern_write(int argc, char **argv)
{
	uint64_t seed, off, len, done;
	unsigned char *buf;
	size_t n;
	int fd, r;

	if (argc != 5)
		die(100, "usage: pattern-write DEV SEED OFF LEN", 0);
	seed = num(argv[2]);
	off = num(argv[3]);
	len = num(argv[4]);
	fd = open_dev(argv[1], O_WRONLY | O_DIRECT);
	buf = xmalloc_aligned(CHUNK);
	for (done = 0; done < len; done += n) {
		n = len - done < CHUNK ? len - done : CHUNK;
		pattern_fill(buf, n, seed, off + done);
		r = ploop_pwrite_full(fd, buf, n, off + done);
		if (r)
			die(111, "write", -r);
	}
	if (fsync(fd) < 0)
		die(111, "fsync", errno);
	close(fd);
	free(buf);
	return 0;
}

/* pattern-verify DEV|lib SEED OFF LEN [FILE...] */
static int cmd_pattern_verify(int argc, char **argv)
{
	struct ploop_stack s;
	uint64_t seed, off, len, done;
	unsigned char *buf, *want;
	int lib = !strcmp(argv[1], "lib"), fd = -1, r;
	size_t n;

	if (argc < 5 || (lib && argc < 6))
		die(100, "usage: pattern-verify DEV|lib SEED OFF LEN [FILE...]", 0);
	seed = num(argv[2]);
	off = num(argv[3]);
	len = num(argv[4]);
	if (lib)
		stack_open(&s, argc - 5, argv + 5, 0);
	else
		fd = open_dev(argv[1], O_RDONLY | O_DIRECT);
	buf = xmalloc_aligned(CHUNK);
	want = xmalloc_aligned(CHUNK);
	for (done = 0; done < len; done += n) {
		n = len - done < CHUNK ? len - done : CHUNK;
		if (lib) {
			r = ploop_read(&s, buf, n, off + done);
			if (r)
				die(111, "ploop_read", -r);
		} else {
			pread_all(fd, buf, n, off + done);
		}
		if (verify_buf(buf, n, seed, off + done, want))
			return 1;
	}
	if (lib)
		stack_close(&s);
	else
		close(fd);
	printf("ok\n");
	return 0;
}

static uint64_t dev_size(int fd)
{
	uint64_t size;
	struct stat st;

	if (fstat(fd, &st) < 0)
		die(111, "fstat", errno);
	if (S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		die(111, "BLKGETSIZE64", errno);
	return size;
}

static uint64_t chunk_hash(const unsigned char *buf, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ buf[i]) * 0x100000001b3ull;
	return h;
}

/*
 * compare NAME DEV FILE...: the whole device, read while live, against the
 * library's read of the stack taken with the device suspended (so every
 * allocation is committed), then resumed. Chunks are compared by hash.
 */
static int cmd_compare(int argc, char **argv)
{
	struct ploop_stack s;
	unsigned char *buf;
	uint64_t *hash, size, off;
	size_t n, i;
	int fd, r, differ = 0;

	if (argc < 4)
		die(100, "usage: compare NAME DEV FILE...", 0);
	fd = open_dev(argv[2], O_RDONLY | O_DIRECT);
	size = dev_size(fd);
	buf = xmalloc_aligned(CHUNK);
	hash = calloc(size / CHUNK + 1, sizeof *hash);
	if (!hash)
		die(111, "out of memory", 0);
	for (off = 0, i = 0; off < size; off += n, i++) {
		n = size - off < CHUNK ? size - off : CHUNK;
		pread_all(fd, buf, n, off);
		hash[i] = chunk_hash(buf, n);
	}
	close(fd);
	r = dm_suspend(argv[1]);
	if (r)
		die(111, "dm_suspend", -r);
	stack_open(&s, argc - 3, argv + 3, 0);
	for (off = 0, i = 0; off < size && !differ; off += n, i++) {
		n = size - off < CHUNK ? size - off : CHUNK;
		r = ploop_read(&s, buf, n, off);
		if (r)
			die(111, "ploop_read", -r);
		if (chunk_hash(buf, n) != hash[i]) {
			printf("differ in the MiB at %" PRIu64 "\n", off);
			differ = 1;
		}
	}
	stack_close(&s);
	r = dm_resume(argv[1]);
	if (r)
		die(111, "dm_resume", -r);
	if (!differ)
		printf("same %" PRIu64 "\n", size);
	free(hash);
	free(buf);
	return differ;
}

/* ---- device-mapper ------------------------------------------------------- */

static uint64_t image_sectors(const char *file)
{
	unsigned char raw[PLOOP_HEADER_SIZE];
	struct ploop_header h;
	struct stat st;
	int fd, r;

	if (!strncmp(file, "raw:", 4)) {
		if (stat(file + 4, &st) < 0)
			die(111, file + 4, errno);
		return (uint64_t)st.st_size / PLOOP_SECTOR;
	}
	fd = open_dev(file, O_RDONLY);
	if (fstat(fd, &st) < 0)
		die(111, file, errno);
	pread_all(fd, raw, sizeof raw, 0);
	close(fd);
	r = ploop_header_decode(raw, sizeof raw, &h);
	/* Not an image the library knows: let the kernel say what is wrong. */
	return r ? (uint64_t)st.st_size / PLOOP_SECTOR : h.size_sectors;
}

/*
 * Opens the deltas (top O_RDWR unless read-only, the rest O_RDONLY; O_DIRECT
 * when the file system allows) and writes the table's parameters with fd:N,
 * or with the paths when by_path.
 */
static void table_params(char *out, size_t len, unsigned cluster, int n, char **files,
			 int ro, int by_path)
{
	size_t used;
	const char *path;
	int i, fd, flags, raw;

	used = (size_t)snprintf(out, len, "%u %d", cluster, n);
	for (i = 0; i < n; i++) {
		path = files[i];
		raw = !strncmp(path, "raw:", 4);
		if (raw)
			path += 4;
		if (by_path) {
			used += (size_t)snprintf(out + used, len - used, " %s%s", raw ? "raw:" : "", path);
			continue;
		}
		flags = (!ro && i == n - 1) ? O_RDWR : O_RDONLY;
		fd = open(path, flags | O_DIRECT);
		if (fd < 0 && errno == EINVAL)
			fd = open(path, flags);
		if (fd < 0)
			die(111, path, errno);
		used += (size_t)snprintf(out + used, len - used, " %sfd:%d", raw ? "raw:" : "", fd);
	}
	if (used >= len)
		die(111, "table too long", 0);
}

/* [ro] [path] [len=SECTORS] CLUSTER FILE... -> loads the inactive table. */
static int load_table(const char *name, int argc, char **argv)
{
	struct dm_target_spec_line t;
	char params[DM_PARAMS_MAX];
	int ro = 0, by_path = 0, i = 0, r;
	uint64_t len = 0;

	for (; i < argc; i++) {
		if (!strcmp(argv[i], "ro"))
			ro = 1;
		else if (!strcmp(argv[i], "path"))
			by_path = 1;
		else if (!strncmp(argv[i], "len=", 4))
			len = num(argv[i] + 4);
		else
			break;
	}
	if (argc - i < 2)
		die(100, "usage: ... [ro] [path] [len=N] CLUSTER FILE...", 0);
	table_params(params, sizeof params, (unsigned)num(argv[i]), argc - i - 1, argv + i + 1,
		     ro, by_path);
	t.start = 0;
	t.length = len ? len : image_sectors(argv[argc - 1]);
	t.type = "ploop";
	t.params = params;
	r = dm_load(name, &t, ro);
	if (r) {
		printf("load failed: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}

static void print_dev(const char *name)
{
	struct dm_info info;
	int r = dm_info(name, &info);

	if (r)
		die(111, "dm_info", -r);
	printf("/dev/dm-%u\n", info.minor);
}

/* setup NAME [ro] [path] [len=N] CLUSTER FILE...: prints the device node. */
static int cmd_setup(int argc, char **argv)
{
	int r;

	if (argc < 4)
		die(100, "usage: setup NAME [ro] [path] [len=N] CLUSTER FILE...", 0);
	r = dm_create(argv[1], NULL);
	if (r)
		die(111, "dm_create", -r);
	if (load_table(argv[1], argc - 2, argv + 2)) {
		dm_remove(argv[1]);
		return 1;
	}
	r = dm_resume(argv[1]);
	if (r) {
		printf("resume failed: %s\n", strerror(-r));
		dm_remove(argv[1]);
		return 1;
	}
	print_dev(argv[1]);
	return 0;
}

/* reload NAME [ro] [path] CLUSTER FILE...: load, suspend, resume. */
static int cmd_reload(int argc, char **argv)
{
	int r;

	if (argc < 4)
		die(100, "usage: reload NAME [ro] [path] CLUSTER FILE...", 0);
	if (load_table(argv[1], argc - 2, argv + 2))
		return 1;
	r = dm_suspend(argv[1]);
	if (r)
		die(111, "dm_suspend", -r);
	r = dm_resume(argv[1]);
	if (r) {
		printf("resume failed: %s\n", strerror(-r));
		return 1;
	}
	return 0;
}

static int cmd_simple(int argc, char **argv)
{
	int r;

	if (argc != 2)
		die(100, "usage: suspend|resume|remove NAME", 0);
	if (!strcmp(argv[0], "suspend"))
		r = dm_suspend(argv[1]);
	else if (!strcmp(argv[0], "resume"))
		r = dm_resume(argv[1]);
	else
		r = dm_remove(argv[1]);
	if (r) {
		printf("%s failed: %s\n", argv[0], strerror(-r));
		return 1;
	}
	return 0;
}

/* status|table NAME */
static int cmd_status(int argc, char **argv)
{
	struct dm_target_spec_line t;
	char params[DM_PARAMS_MAX], type[32];
	int r;

	if (argc != 2)
		die(100, "usage: status|table NAME", 0);
	r = dm_status(argv[1], !strcmp(argv[0], "table"), &t, params, sizeof params, type,
		      sizeof type);
	if (r)
		die(111, "dm_status", -r);
	printf("%" PRIu64 " %" PRIu64 " %s %s\n", t.start, t.length, type, params);
	return 0;
}

/* discard DEV OFF LEN */
static int cmd_discard(int argc, char **argv)
{
	uint64_t range[2];
	int fd;

	if (argc != 4)
		die(100, "usage: discard DEV OFF LEN", 0);
	range[0] = num(argv[2]);
	range[1] = num(argv[3]);
	fd = open_dev(argv[1], O_WRONLY);
	if (ioctl(fd, BLKDISCARD, range) < 0)
		die(111, "BLKDISCARD", errno);
	close(fd);
	return 0;
}

/* flush DEV: fsync on a block device sends a cache flush (commit). */
static int cmd_flush(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		die(100, "usage: flush DEV", 0);
	fd = open_dev(argv[1], O_RDONLY);
	if (fsync(fd) < 0)
		die(111, "fsync", errno);
	close(fd);
	return 0;
}

/*
 * fsync-loop DIR FIRST LEN: writes DIR/rec.N (N = FIRST, FIRST+1, ...) with
 * LEN bytes of pattern N, fsyncs the file and the directory, then prints
 * "synced N"; forever (the test cuts the power).
 */
static int cmd_fsync_loop(int argc, char **argv)
{
	char path[4096];
	unsigned char *buf;
	uint64_t n, len;
	int dfd, fd, r;

	if (argc != 4)
		die(100, "usage: fsync-loop DIR FIRST LEN", 0);
	n = num(argv[2]);
	len = num(argv[3]);
	if (len > CHUNK)
		die(100, "fsync-loop: LEN over 1 MiB", 0);
	buf = xmalloc_aligned(CHUNK);
	dfd = open_dev(argv[1], O_RDONLY | O_DIRECTORY);
	for (r = 0; !r; n++) {
		snprintf(path, sizeof path, "%s/rec.%" PRIu64, argv[1], n);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			die(111, path, errno);
		pattern_fill(buf, len, n, 0);
		r = ploop_pwrite_full(fd, buf, len, 0);
		if (!r && (fsync(fd) < 0 || fsync(dfd) < 0))
			r = -errno;
		close(fd);
		if (!r)
			printf("synced %" PRIu64 "\n", n);
		fflush(stdout);
	}
	die(111, path, -r);
	return 111;
}

/* records-verify DIR LAST LEN: rec.1 .. rec.LAST; prints the bad ones. */
static int cmd_records_verify(int argc, char **argv)
{
	unsigned char *buf, *want;
	char path[4096];
	uint64_t n, last, len;
	int fd, bad = 0;

	if (argc != 4)
		die(100, "usage: records-verify DIR LAST LEN", 0);
	last = num(argv[2]);
	len = num(argv[3]);
	if (len > CHUNK)
		die(100, "records-verify: LEN over 1 MiB", 0);
	buf = xmalloc_aligned(CHUNK);
	want = xmalloc_aligned(CHUNK);
	for (n = 1; n <= last; n++) {
		snprintf(path, sizeof path, "%s/rec.%" PRIu64, argv[1], n);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || ploop_pread_full(fd, buf, len, 0) ||
		    verify_buf(buf, len, n, 0, want)) {
			printf("record %" PRIu64 " missing or wrong\n", n);
			bad = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	printf("%" PRIu64 " records checked\n", last);
	return bad;
}

/* ---- concurrent writes into one unallocated cluster ---------------------- */

struct writer {
	pthread_t tid;
	int fd;
	uint64_t off;
	uint64_t seed;
	pthread_barrier_t *start;
	int err;
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	unsigned char *buf = xmalloc_aligned(4096);

	pattern_fill(buf, 4096, w->seed, w->off);
	pthread_barrier_wait(w->start);
	w->err = -ploop_pwrite_full(w->fd, buf, 4096, w->off);
	free(buf);
	return NULL;
}

/* concurrent DEV OFF CLUSTER_BYTES SEED: one thread per 4 KiB block (max 64). */
static int cmd_concurrent(int argc, char **argv)
{
	struct writer w[64];
	pthread_barrier_t start;
	unsigned char *buf, *want;
	uint64_t off, cluster, seed;
	unsigned n, i;
	int fd, bad = 0;

	if (argc != 5)
		die(100, "usage: concurrent DEV OFF CLUSTER_BYTES SEED", 0);
	off = num(argv[2]);
	cluster = num(argv[3]);
	seed = num(argv[4]);
	n = (unsigned)(cluster / 4096 < 64 ? cluster / 4096 : 64);
	fd = open_dev(argv[1], O_RDWR | O_DIRECT);
	pthread_barrier_init(&start, NULL, n);
	for (i = 0; i < n; i++) {
		w[i] = (struct writer){ .fd = fd, .off = off + (uint64_t)i * (cluster / n),
					.seed = seed, .start = &start };
		if (pthread_create(&w[i].tid, NULL, writer_run, &w[i]))
			die(111, "pthread_create", 0);
	}
	for (i = 0; i < n; i++) {
		pthread_join(w[i].tid, NULL);
		if (w[i].err)
			die(111, "concurrent write", w[i].err);
	}
	if (fsync(fd) < 0)
		die(111, "fsync", errno);
	buf = xmalloc_aligned(4096);
	want = xmalloc_aligned(4096);
	for (i = 0; i < n; i++) {
		pread_all(fd, buf, 4096, w[i].off);
		bad |= verify_buf(buf, 4096, seed, w[i].off, want);
	}
	close(fd);
	if (!bad)
		printf("ok %u writers\n", n);
	return bad;
}

/* ---- corruption and checks ------------------------------------------------ */

static void put32(int fd, uint64_t off, uint32_t v)
{
	unsigned char b[4];
	int r;

	ploop_put_le32(b, v);
	r = ploop_pwrite_full(fd, b, 4, off);
	if (r)
		die(111, "write", -r);
}

static uint32_t get32(int fd, uint64_t off)
{
	unsigned char b[4];

	pread_all(fd, b, 4, off);
	return ploop_le32(b);
}

/*
 * mangle FILE FIELD [VALUE]: FIELD is sig, type, cluster, entries, first,
 * inuse, flags, or bat:I (entry I set to VALUE, raw on-disk value);
 * getbat:I prints entry I.
 */
static int cmd_mangle(int argc, char **argv)
{
	static const struct { const char *name; uint32_t off; } fields[] = {
		{ "type", PLOOP_OFF_TYPE }, { "cluster", PLOOP_OFF_CLUSTER },
		{ "entries", PLOOP_OFF_BAT_ENTRIES }, { "first", PLOOP_OFF_FIRST_BLOCK },
		{ "inuse", PLOOP_OFF_IN_USE }, { "flags", PLOOP_OFF_FLAGS },
	};
	const char *f;
	size_t i;
	int fd, r;

	if (argc < 3)
		die(100, "usage: mangle FILE FIELD [VALUE]", 0);
	f = argv[2];
	fd = open_dev(argv[1], O_RDWR);
	if (!strncmp(f, "getbat:", 7)) {
		printf("%u\n", get32(fd, ploop_bat_entry_offset((uint32_t)num(f + 7))));
		close(fd);
		return 0;
	}
	if (!strcmp(f, "sig")) {
		r = ploop_pwrite_full(fd, "WithoutFreeSpacX", 16, 0);
		if (r)
			die(111, "write", -r);
	} else if (!strncmp(f, "bat:", 4) && argc == 4) {
		put32(fd, ploop_bat_entry_offset((uint32_t)num(f + 4)), (uint32_t)num(argv[3]));
	} else {
		for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
			if (!strcmp(f, fields[i].name))
				break;
		if (i == sizeof fields / sizeof fields[0] || argc != 4)
			die(100, "mangle: unknown field or missing value", 0);
		put32(fd, fields[i].off, (uint32_t)num(argv[3]));
	}
	if (fsync(fd) < 0)
		die(111, "fsync", errno);
	close(fd);
	return 0;
}

/* header FILE: the fields a test looks at. */
static int cmd_header(int argc, char **argv)
{
	unsigned char raw[PLOOP_HEADER_SIZE];
	struct ploop_header h;
	int fd, r;

	if (argc != 2)
		die(100, "usage: header FILE", 0);
	fd = open_dev(argv[1], O_RDONLY);
	pread_all(fd, raw, sizeof raw, 0);
	close(fd);
	r = ploop_header_decode(raw, sizeof raw, &h);
	if (r)
		die(111, argv[1], -r);
	printf("version=%d size=%" PRIu64 " entries=%u in_use=0x%08x flags=%u\n", (int)h.version,
	       h.size_sectors, h.bat_entries, h.in_use, h.flags);
	return 0;
}

static const char *finding_name(enum ploop_finding_kind k)
{
	static const char *const names[] = {
		"short-file", "bad-signature", "bad-type", "bad-cluster-size",
		"bad-bat-entries", "bad-first-block", "in-use", "truncated-tail",
		"entry-invalid", "entry-in-header", "entry-past-eof", "entry-duplicate",
		"leaked", "hole", "too-many",
	};

	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

/* libcheck FILE [repair]: findings, one a line; exit 1 if any matter. */
static int cmd_libcheck(int argc, char **argv)
{
	struct ploop_report rep = { 0 };
	size_t i;
	int r;

	if (argc < 2)
		die(100, "usage: libcheck FILE [repair]", 0);
	r = ploop_check(argv[1], argc > 2 ? PLOOP_CHECK_REPAIR : 0, &rep);
	if (r < 0)
		die(111, argv[1], -r);
	for (i = 0; i < rep.count; i++)
		printf("%s %u %s%s\n", finding_name(rep.items[i].kind), rep.items[i].cluster,
		       rep.items[i].text, rep.items[i].repaired ? " (repaired)" : "");
	printf("matter %d\n", r);
	ploop_report_free(&rep);
	return r ? 1 : 0;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmds[] = {
	{ "create", cmd_create }, { "lib-write", cmd_lib_write }, { "lib-grow", cmd_lib_grow },
	{ "pattern-write", cmd_pattern_write }, { "pattern-verify", cmd_pattern_verify },
	{ "compare", cmd_compare }, { "setup", cmd_setup }, { "reload", cmd_reload },
	{ "suspend", cmd_simple }, { "resume", cmd_simple }, { "remove", cmd_simple },
	{ "status", cmd_status }, { "table", cmd_status }, { "discard", cmd_discard }, { "records-verify", cmd_records_verify }, { "fsync-loop", cmd_fsync_loop }, { "flush", cmd_flush },
	{ "concurrent", cmd_concurrent }, { "mangle", cmd_mangle }, { "header", cmd_header },
	{ "libcheck", cmd_libcheck },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		die(100, "usage: dmploop COMMAND ARGS...", 0);
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	die(100, "unknown command", 0);
	return 100;
}
