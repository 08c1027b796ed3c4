/*
 * dmploop: images made, written and read through the library, patterns
 * written and checked on devices, corruption and checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "dmploop.h"

int cmd_create(int argc, char **argv)
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


/* lib-write SEED OFF LEN FILE...: the pattern written by the library. */
int cmd_lib_write(int argc, char **argv)
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
int cmd_lib_grow(int argc, char **argv)
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

/* pattern-write DEV SEED OFF LEN: O_DIRECT writes, then fsync. */
int cmd_pattern_write(int argc, char **argv)
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
int cmd_pattern_verify(int argc, char **argv)
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
int cmd_compare(int argc, char **argv)
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

/* Entries START.. START+COUNT-1 set to VALUE, VALUE+STEP, ... (raw on-disk values). */
static void bat_fill(int fd, uint32_t start, uint32_t count, uint32_t value, uint32_t step)
{
	unsigned char *buf = xmalloc_aligned(CHUNK);
	uint32_t i, n, j;
	int r;

	for (i = 0; i < count; i += n) {
		n = count - i < CHUNK / 4 ? count - i : CHUNK / 4;
		for (j = 0; j < n; j++)
			ploop_put_le32(buf + 4 * j, value + (i + j) * step);
		r = ploop_pwrite_full(fd, buf, 4 * (size_t)n, ploop_bat_entry_offset(start + i));
		if (r)
			die(111, "write", -r);
	}
	free(buf);
}

/*
 * mangle FILE FIELD [VALUE]: FIELD is sig, type, cluster, entries, first,
 * inuse, flags, or bat:I (entry I set to VALUE, raw on-disk value);
 * getbat:I prints entry I; batfill:I COUNT VALUE STEP sets COUNT entries
 * from I on to VALUE, VALUE+STEP, ...
 */
int cmd_mangle(int argc, char **argv)
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
	} else if (!strncmp(f, "batfill:", 8) && argc == 6) {
		bat_fill(fd, (uint32_t)num(f + 8), (uint32_t)num(argv[3]), (uint32_t)num(argv[4]),
			 (uint32_t)num(argv[5]));
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
int cmd_header(int argc, char **argv)
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
		[PLOOP_F_SHORT_FILE] = "short-file", [PLOOP_F_BAD_SIGNATURE] = "bad-signature",
		[PLOOP_F_BAD_TYPE] = "bad-type", [PLOOP_F_BAD_CLUSTER_SIZE] = "bad-cluster-size",
		[PLOOP_F_BAD_BAT_ENTRIES] = "bad-bat-entries",
		[PLOOP_F_BAD_FIRST_BLOCK] = "bad-first-block", [PLOOP_F_IN_USE] = "in-use",
		[PLOOP_F_TRUNCATED_TAIL] = "truncated-tail",
		[PLOOP_F_ENTRY_INVALID] = "entry-invalid",
		[PLOOP_F_ENTRY_IN_HEADER] = "entry-in-header",
		[PLOOP_F_ENTRY_PAST_EOF] = "entry-past-eof",
		[PLOOP_F_ENTRY_DUPLICATE] = "entry-duplicate", [PLOOP_F_LEAKED] = "leaked",
		[PLOOP_F_HOLE] = "hole", [PLOOP_F_BAD_GEOMETRY] = "bad-geometry",
		[PLOOP_F_BAD_FLAGS] = "bad-flags", [PLOOP_F_BAD_EXTENSION] = "bad-extension",
		[PLOOP_F_TOO_MANY] = "too-many",
	};

	return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "unknown";
}

/* libcheck FILE [repair]: findings, one a line; exit 1 if any matter. */
int cmd_libcheck(int argc, char **argv)
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

