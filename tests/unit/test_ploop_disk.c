/* The ploop disk library's offline operations (lib/ploop/disk.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ploop/disk.h"
#include "tap.h"
#include "test_ploop_util.h"

#define MB (1u << 20)
#define DISK (32u * MB)

static struct ploop_disk_ctx ctx;

static void make_dir(char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/ploop-disk-XXXXXX");
	if (!mkdtemp(dir))
		abort();
}

static void remove_dir(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# cannot remove %s\n", dir);
}

static int create(const char *dir, uint64_t size, enum ploop_version v, enum ploop_kind k, int mkfs)
{
	struct ploop_disk_create_opts o = { .size_bytes = size, .version = v, .kind = k, .mkfs = mkfs };
	char path[512];

	snprintf(path, sizeof path, "%s/root.hds", dir);
	return ploop_disk_create(path, &o, &ctx);
}

/* Writes len bytes of pattern seed at off through the disk's delta stack. */
static int disk_write(const char *dir, uint64_t off, size_t len, unsigned seed)
{
	struct ploop_disk_stack ds;
	unsigned char *buf = malloc(len);
	int r = ploop_disk_stack_open(&ds, dir, 1, &ctx);

	fill_pattern(buf, len, seed);
	if (!r) {
		r = ploop_write(&ds.stack, buf, len, off);
		if (ploop_disk_stack_close(&ds) && !r)
			r = -EIO;
	}
	free(buf);
	return r;
}

/* The checksum of the whole disk as read through the stack, or 0 on error. */
static uint64_t disk_sum(const char *dir)
{
	struct ploop_disk_stack ds;
	unsigned char *buf;
	uint64_t sum = 0, size;

	if (ploop_disk_stack_open(&ds, dir, 0, &ctx))
		return 0;
	size = ds.dd.size_sectors * PLOOP_SECTOR;
	buf = malloc(size);
	if (!ploop_read(&ds.stack, buf, size, 0))
		sum = checksum(buf, size);
	free(buf);
	ploop_disk_stack_close(&ds);
	return sum;
}

static unsigned delta_count(const char *dir)
{
	struct ploop_dd dd;

	return ploop_disk_load(dir, &dd, &ctx) ? 0 : dd.count;
}

static uint64_t file_in(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return file_size(path);
}

static void test_create(void)
{
	static const struct { enum ploop_version v; enum ploop_kind k; const char *name;
			      uint64_t bytes; } cases[] = {
		{ PLOOP_V2, PLOOP_EXPANDED, "v2 expanded", MB },
		{ PLOOP_V1, PLOOP_EXPANDED, "v1 expanded", MB },
		{ PLOOP_V2, PLOOP_PREALLOCATED, "v2 preallocated", MB + DISK },
		{ PLOOP_V1, PLOOP_PREALLOCATED, "v1 preallocated", MB + DISK },
		{ PLOOP_V2, PLOOP_RAW, "raw", DISK },
	};
	struct ploop_disk_info info;
	char dir[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		make_dir(dir, sizeof dir);
		is_int(create(dir, DISK, cases[i].v, cases[i].k, 0), 0, cases[i].name);
		is_int((long long)file_in(dir, "root.hds"), (long long)cases[i].bytes,
		       "image file size");
		is_int(ploop_disk_info(dir, &info, &ctx), 0, "info");
		is_int(info.kind, cases[i].k, "info reports the kind");
		is_int(info.version, cases[i].k == PLOOP_RAW ? PLOOP_V2 : cases[i].v, "info version");
		is_int((long long)info.size_bytes, DISK, "info size");
		is_int(create(dir, DISK, cases[i].v, cases[i].k, 0), -EEXIST, "second create refused");
		ok(strstr(ctx.error, "DiskDescriptor.xml") != NULL, "error names the descriptor: %s",
		   ctx.error);
		is_int(disk_write(dir, 5 * MB + 100, 3 * MB, (unsigned)i), 0, "write");
		is_int(ploop_disk_check(dir, 0, &ctx), 0, "check finds nothing");
		remove_dir(dir);
	}
	make_dir(dir, sizeof dir);
	is_int(create(dir, 3ull << 40, PLOOP_V1, PLOOP_EXPANDED, 0), -EFBIG, "v1 over 2 TiB refused");
	ok(strstr(ctx.error, "too large") != NULL, "error says too large: %s", ctx.error);
	remove_dir(dir);
}

/* DISKINODES: the filesystem gets about that many inodes; nonsense is refused. */
static void test_mkfs_inodes(void)
{
	struct ploop_disk_create_opts o = { .size_bytes = 64 * MB, .mkfs = 1, .inodes = 5000 };
	struct ploop_disk_stack ds;
	unsigned char sb[4] = { 0 };
	char dir[64], img[96];
	uint32_t count;

	make_dir(dir, sizeof dir);
	snprintf(img, sizeof img, "%s/root.hds", dir);
	is_int(ploop_disk_create(img, &o, &ctx), 0, "create with 5000 inodes");
	is_int(ploop_disk_stack_open(&ds, dir, 0, &ctx), 0, "open");
	ploop_read(&ds.stack, sb, 4, 1024);	/* s_inodes_count, little-endian */
	ploop_disk_stack_close(&ds);
	count = sb[0] | sb[1] << 8 | sb[2] << 16 | (uint32_t)sb[3] << 24;
	ok(count >= 5000 && count < 10000, "about 5000 inodes (%u; 64 MiB would get 4096 by ratio)",
	   count);
	remove_dir(dir);

	make_dir(dir, sizeof dir);
	snprintf(img, sizeof img, "%s/root.hds", dir);
	o.inodes = 100;
	is_int(ploop_disk_create(img, &o, &ctx), -EINVAL, "100 inodes refused");
	ok(strstr(ctx.error, "root.hds: 100 inodes: out of range") != NULL,
	   "error names the image and the count: %s",
	   ctx.error);
	ok(file_in(dir, "root.hds") == 0 && file_in(dir, "DiskDescriptor.xml") == 0,
	   "nothing left behind");
	remove_dir(dir);
}

static void test_mkfs(void)
{
	struct ploop_disk_stack ds;
	unsigned char m[2] = { 0 };
	char dir[64];

	if (access("/sbin/mke2fs", X_OK)) {
		ok(1, "# SKIP no /sbin/mke2fs");
		return;
	}
	make_dir(dir, sizeof dir);
	is_int(create(dir, 64 * MB, PLOOP_V2, PLOOP_EXPANDED, 1), 0, "create with ext4");
	is_int(ploop_disk_stack_open(&ds, dir, 0, &ctx), 0, "open");
	ploop_read(&ds.stack, m, 2, 1080);
	ploop_disk_stack_close(&ds);
	ok(m[0] == 0x53 && m[1] == 0xEF, "ext4 superblock magic through the image");
	ok(file_in(dir, "root.hds") < 16 * MB, "zero filesystem blocks stay unallocated (%llu bytes)",
	   (unsigned long long)file_in(dir, "root.hds"));
	ok(file_in(dir, ".root.hds.mkfs") == 0, "scratch file removed");
	remove_dir(dir);
	test_mkfs_inodes();
}

static void test_snapshots(void)
{
	char dir[64], s1[PLOOP_GUID_LEN + 1], s2[PLOOP_GUID_LEN + 1], s3[PLOOP_GUID_LEN + 1];
	uint64_t a, b, c;

	make_dir(dir, sizeof dir);
	create(dir, DISK, PLOOP_V2, PLOOP_EXPANDED, 0);
	disk_write(dir, 0, 4 * MB, 1);
	a = disk_sum(dir);
	is_int(ploop_disk_snapshot(dir, NULL, 0, s1, &ctx), 0, "snapshot 1");
	ok(ploop_guid_valid(s1), "snapshot GUID returned");
	is_int(delta_count(dir), 2, "two deltas");
	disk_write(dir, 2 * MB + 7, MB, 2);
	b = disk_sum(dir);
	ok(a != b, "write over the snapshot changes the disk");
	is_int(ploop_disk_snapshot(dir, "{11111111-2222-4333-8444-555555555555}", 0, s2, &ctx), 0,
	       "snapshot 2 with a given GUID");
	is_str(s2, "{11111111-2222-4333-8444-555555555555}", "given GUID used");
	disk_write(dir, 10 * MB, 2 * MB, 3);
	c = disk_sum(dir);
	is_int(ploop_disk_snapshot_delete(dir, s1, &ctx), 0, "snapshot-delete 1 (merges its child in)");
	is_int(delta_count(dir), 2, "one delta fewer");
	ok(disk_sum(dir) == c, "content unchanged by delete");
	is_int(ploop_disk_snapshot_delete(dir, PLOOP_GUID_TOP, &ctx), -EBUSY, "top cannot be deleted");
	is_int(ploop_disk_snapshot_delete(dir, "{99999999-2222-4333-8444-555555555555}", &ctx), -ENOENT,
	       "unknown GUID");
	is_int(ploop_disk_snapshot_switch(dir, s2, 0, &ctx), 0, "switch to snapshot 2");
	ok(disk_sum(dir) == b, "switch shows the disk as at snapshot 2");
	is_int(delta_count(dir), 2, "switch keeps snapshot + new top");
	disk_write(dir, 20 * MB, MB, 4);
	c = disk_sum(dir);
	is_int(ploop_disk_snapshot(dir, NULL, 0, s3, &ctx), 0, "snapshot 3");
	is_int(ploop_disk_snapshot_switch(dir, s2, 0, &ctx), -EEXIST,
	       "switch over a later snapshot refused without force");
	is_int(ploop_disk_snapshot_merge(dir, NULL, &ctx), 0, "merge top into snapshot 3");
	is_int(delta_count(dir), 2, "merged");
	ok(disk_sum(dir) == c, "merge keeps content");
	is_int(ploop_disk_snapshot_merge(dir, NULL, &ctx), 0, "merge again: into the base");
	is_int(delta_count(dir), 1, "single delta left");
	ok(disk_sum(dir) == c, "content kept");
	is_int(ploop_disk_check(dir, PLOOP_DISK_CHECK_FORCE, &ctx), 0, "check -F clean");
	is_int(ploop_disk_snapshot_merge(dir, NULL, &ctx), -EINVAL, "base has no parent");
	is_int(ploop_disk_delete(dir, &ctx), 0, "delete the disk");
	is_int((long long)file_in(dir, "root.hds"), 0, "image gone");
	is_int((long long)file_in(dir, PLOOP_DD_NAME), 0, "descriptor gone");
	remove_dir(dir);
}

static int copy_to_file(const char *dir, const char *since, const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600), r;

	r = ploop_disk_copy_out(dir, since, fd, &ctx);
	close(fd);
	return r;
}

static int copy_from_file(const char *file, const char *image)
{
	int fd = open(file, O_RDONLY), r;

	r = ploop_disk_copy_in(fd, image, &ctx);
	close(fd);
	return r;
}

static void test_copy(void)
{
	char a[64], b[64], stream[96], image[96], s[PLOOP_GUID_LEN + 1];
	int p[2];

	make_dir(a, sizeof a);
	make_dir(b, sizeof b);
	snprintf(stream, sizeof stream, "%s/stream", b);
	snprintf(image, sizeof image, "%s/root.hds", b);
	create(a, DISK, PLOOP_V1, PLOOP_EXPANDED, 0);
	disk_write(a, MB / 2, 5 * MB, 7);
	ploop_disk_snapshot(a, NULL, 0, NULL, &ctx);
	disk_write(a, 12 * MB, MB + 3, 8);
	is_int(copy_to_file(a, NULL, stream), 0, "copy out (v1 disk with a snapshot)");
	is_int((long long)file_size(stream), 1 * MB + 8 * MB, "stream: header cluster + 8 data clusters");
	is_int(copy_from_file(stream, image), 0, "copy in");
	ok(disk_sum(a) == disk_sum(b) && disk_sum(a), "restored disk equals the source byte for byte");
	{
		char sig[PLOOP_SIG_SIZE];

		peek(image, 0, sig, sizeof sig);
		ok(!memcmp(sig, PLOOP_SIG_V2, PLOOP_SIG_SIZE), "the stream is a v2 ploop image");
	}
	unlink(stream);

	/* incremental: b is a's state at snapshot s; a changes; only the changes travel */
	is_int(ploop_disk_snapshot(a, NULL, 0, s, &ctx), 0, "snapshot on the source");
	disk_write(a, 20 * MB, 2 * MB, 9);
	is_int(copy_to_file(a, s, stream), 0, "incremental copy since the snapshot");
	is_int((long long)file_size(stream), 1 * MB + 2 * MB, "only the two changed clusters");
	snprintf(image, sizeof image, "%s/incr.hds", b);
	is_int(copy_from_file(stream, image), 0, "incremental applied on the copy");
	ok(disk_sum(a) == disk_sum(b), "copy equals the source after the increment");
	is_int(delta_count(b), 1, "applied increment merged down");

	/* a stream through a pipe, as ploop copy | ssh | ploop copy -i - does */
	if (!pipe(p)) {
		pid_t pid = fork();

		if (!pid) {
			close(p[0]);
			_exit(ploop_disk_copy_out(a, NULL, p[1], &ctx) ? 1 : 0);
		}
		close(p[1]);
		remove_dir(b);
		make_dir(b, sizeof b);
		snprintf(image, sizeof image, "%s/root.hds", b);
		is_int(ploop_disk_copy_in(p[0], image, &ctx), 0, "copy in from a pipe");
		close(p[0]);
		waitpid(pid, NULL, 0);
		ok(disk_sum(a) == disk_sum(b), "pipe copy equals the source");
	}
	/* a truncated stream is refused */
	snprintf(stream, sizeof stream, "%s/stream2", a);
	copy_to_file(a, NULL, stream);
	ok(!truncate(stream, (off_t)(file_size(stream) - 100)), "stream cut short");
	snprintf(image, sizeof image, "%s/other.hds", b);
	ok(copy_from_file(stream, image) < 0, "truncated stream refused: %s", ctx.error);
	ok(access(image, F_OK) != 0, "nothing left behind");
	remove_dir(a);
	remove_dir(b);
}

static void test_convert(void)
{
	static const struct { int kind; enum ploop_version v; const char *name; } steps[] = {
		{ -1, PLOOP_V2, "v1 -> v2" }, { PLOOP_PREALLOCATED, 0, "expanded -> preallocated" },
		{ PLOOP_RAW, 0, "preallocated -> raw" }, { PLOOP_EXPANDED, 0, "raw -> expanded" },
		{ -1, PLOOP_V1, "v2 -> v1" }, { PLOOP_RAW, 0, "expanded -> raw" },
		{ PLOOP_PREALLOCATED, 0, "raw -> preallocated" }, { PLOOP_EXPANDED, 0, "-> expanded" },
	};
	struct ploop_disk_info info;
	char dir[64];
	uint64_t sum;
	size_t i;

	make_dir(dir, sizeof dir);
	create(dir, DISK, PLOOP_V1, PLOOP_EXPANDED, 0);
	disk_write(dir, 3 * MB + 11, 4 * MB, 5);
	sum = disk_sum(dir);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		is_int(ploop_disk_convert(dir, steps[i].kind, steps[i].v, &ctx), 0, steps[i].name);
		ok(disk_sum(dir) == sum, "data kept (%s)", steps[i].name);
		ploop_disk_info(dir, &info, &ctx);
		if (steps[i].kind >= 0)
			is_int(info.kind, steps[i].kind, "kind after convert");
		if (steps[i].v)
			is_int(info.version, steps[i].v, "version after convert");
		is_int(ploop_disk_check(dir, PLOOP_DISK_CHECK_FORCE, &ctx), 0, "check clean");
	}
	is_int((long long)file_in(dir, "root.hds"), 6 * MB, "expanded again: header + 5 clusters");
	ploop_disk_snapshot(dir, NULL, 0, NULL, &ctx);
	is_int(ploop_disk_convert(dir, PLOOP_RAW, 0, &ctx), -EBUSY, "convert with snapshots refused");
	remove_dir(dir);
}

static void test_compact(void)
{
	unsigned char *zero = calloc(1, 4 * MB);
	struct ploop_disk_stack ds;
	uint64_t before, sum, got;
	char dir[64];

	make_dir(dir, sizeof dir);
	create(dir, DISK, PLOOP_V2, PLOOP_EXPANDED, 0);
	disk_write(dir, 0, 16 * MB, 6);
	ploop_disk_stack_open(&ds, dir, 1, &ctx);
	ploop_write(&ds.stack, zero, 4 * MB, 2 * MB);	/* clusters 2-5 become zeros */
	ploop_write(&ds.stack, zero, MB, 9 * MB);
	ploop_disk_stack_close(&ds);
	sum = disk_sum(dir);
	before = file_in(dir, "root.hds");
	is_int(ploop_disk_compact(dir, &got, &ctx), 0, "compact");
	is_int((long long)file_in(dir, "root.hds"), (long long)(before - 5 * MB),
	       "five zero clusters returned");
	ok(got >= 5 * MB, "reported bytes returned (%llu)", (unsigned long long)got);
	ok(disk_sum(dir) == sum, "data kept");
	is_int(ploop_disk_check(dir, PLOOP_DISK_CHECK_FORCE, &ctx), 0, "check clean after compact");

	/* a zero cluster in a snapshot delta that hides data below must stay */
	ploop_disk_snapshot(dir, NULL, 0, NULL, &ctx);
	ploop_disk_stack_open(&ds, dir, 1, &ctx);
	ploop_write(&ds.stack, zero, MB, 0);
	ploop_disk_stack_close(&ds);
	sum = disk_sum(dir);
	ploop_disk_compact(dir, &got, &ctx);
	ok(disk_sum(dir) == sum, "zero cluster shadowing data below kept");
	free(zero);
	remove_dir(dir);
}

static void test_temporary(void)
{
	char dir[64], dd[96];
	unsigned merged;
	uint64_t sum;

	make_dir(dir, sizeof dir);
	snprintf(dd, sizeof dd, "%s/%s", dir, PLOOP_DD_NAME);
	create(dir, DISK, PLOOP_V2, PLOOP_EXPANDED, 0);
	disk_write(dir, 0, 2 * MB, 1);
	/* what a copy that crashed while the disk was mounted leaves behind */
	is_int(ploop_disk_snapshot(dir, NULL, 1, NULL, &ctx), 0, "temporary snapshot");
	disk_write(dir, MB, 2 * MB, 2);
	sum = disk_sum(dir);
	is_int(ploop_disk_merge_temporary(dir, &merged, &ctx), 0, "merge temporary");
	is_int(merged, 1, "one merged");
	is_int(delta_count(dir), 1, "back to one delta");
	ok(disk_sum(dir) == sum, "data kept");

	ploop_disk_snapshot(dir, NULL, 1, NULL, &ctx);
	is_int(ploop_disk_check(dir, 0, &ctx), 0, "check merges a leftover temporary snapshot");
	is_int(delta_count(dir), 1, "merged by check");
	ploop_disk_snapshot(dir, NULL, 1, NULL, &ctx);
	snprintf(dd, sizeof dd, "%s/stream", dir);
	is_int(copy_to_file(dir, NULL, dd), 0, "copy");
	is_int(delta_count(dir), 1, "merged by copy");
	remove_dir(dir);
}

static void test_resize(void)
{
	char dir[64];
	uint64_t sum;

	make_dir(dir, sizeof dir);
	create(dir, DISK, PLOOP_V2, PLOOP_EXPANDED, 0);
	disk_write(dir, 0, 3 * MB, 1);
	ploop_disk_snapshot(dir, NULL, 0, NULL, &ctx);
	disk_write(dir, 30 * MB, 2 * MB, 2);
	sum = disk_sum(dir);
	is_int(ploop_disk_resize(dir, 200 * MB, &ctx), 0, "offline grow with a snapshot");
	is_int(disk_write(dir, 150 * MB, MB, 3), 0, "write past the old end");
	ok(disk_sum(dir) != sum, "disk changed");
	is_int(ploop_disk_check(dir, PLOOP_DISK_CHECK_FORCE, &ctx), 0, "check clean");
	is_int(ploop_disk_resize(dir, 100 * MB, &ctx), -EBUSY, "shrink with snapshots refused");
	ploop_disk_snapshot_merge(dir, NULL, &ctx);
	is_int(ploop_disk_resize(dir, 100 * MB, &ctx), 0, "offline shrink");
	is_int(ploop_disk_check(dir, PLOOP_DISK_CHECK_FORCE, &ctx), 0, "check clean after shrink");
	ok(file_in(dir, "root.hds") <= 7 * MB, "clusters past the end dropped");
	remove_dir(dir);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

/* dir's descriptor with its one delta renamed to file (which need not exist). */
static void descriptor_naming(const char *from, const char *dir, const char *file)
{
	char src[128], dst[128], text[8192], *at;
	FILE *f;
	size_t n;

	snprintf(src, sizeof src, "%s/%s", from, PLOOP_DD_NAME);
	snprintf(dst, sizeof dst, "%s/%s", dir, PLOOP_DD_NAME);
	f = fopen(src, "r");
	n = f ? fread(text, 1, sizeof text - 1, f) : 0;
	if (f)
		fclose(f);
	text[n] = 0;
	at = strstr(text, "<File>root.hds</File>");
	if (!at)
		abort();
	{
		char out[8192 + 512];

		snprintf(out, sizeof out, "%.*s<File>%s</File>%s", (int)(at - text), text, file,
			 at + strlen("<File>root.hds</File>"));
		write_text(dst, out);
	}
}

static int has(const char *s, const char *part)
{
	if (strstr(s, part))
		return 1;
	printf("#   \"%s\" lacks \"%s\"\n", s, part);
	return 0;
}

/* A moved-in directory pointing at another disk's image: refused, the other image untouched. */
static void test_refusals(void)
{
	struct ploop_disk_stack ds;
	char victim[64], evil[64], link[128], path[160], dir2[160];
	uint64_t sum;

	make_dir(victim, sizeof victim);
	make_dir(evil, sizeof evil);
	create(victim, DISK, PLOOP_V2, PLOOP_EXPANDED, 0);
	disk_write(victim, 0, MB, 7);
	sum = disk_sum(victim);

	descriptor_naming(victim, evil, "root.hds");
	snprintf(link, sizeof link, "%s/root.hds", victim);
	snprintf(path, sizeof path, "%s/root.hds", evil);
	ok(!symlink(link, path), "root.hds planted as a symlink to another disk's image");
	is_int(ploop_disk_stack_open(&ds, evil, 1, &ctx), -ELOOP, "opening the disk read-write is refused");
	ok(has(ctx.error, "/root.hds: is a symbolic link; refused"), "naming the file and the cause");
	is_int(ploop_disk_snapshot(evil, NULL, 0, NULL, &ctx), -ELOOP, "a snapshot of it is refused");
	ok(disk_sum(victim) == sum, "the other disk reads as before");
	is_int(ploop_disk_check(victim, PLOOP_DISK_CHECK_FORCE, &ctx), 0,
	       "and checks clean (no in-use mark left by a write through the link)");
	unlink(path);
	ok(!mkfifo(path, 0600), "root.hds planted as a FIFO");
	is_int(ploop_disk_stack_open(&ds, evil, 0, &ctx), -ENXIO, "refused without blocking");
	ok(has(ctx.error, "root.hds: is a FIFO, socket or device"), "saying what it is");
	unlink(path);

	descriptor_naming(victim, evil, "../victim/root.hds");
	is_int(ploop_disk_snapshot(evil, NULL, 0, NULL, &ctx), -EINVAL,
	       "a delta named ../victim/root.hds is refused");
	ok(has(ctx.error, "is not a plain name in the disk directory"), "as not a plain name");
	descriptor_naming(victim, evil, link);
	is_int(ploop_disk_snapshot(evil, NULL, 0, NULL, &ctx), -EINVAL,
	       "a delta named by an absolute path is refused");
	ok(disk_sum(victim) == sum, "the other disk is untouched");

	snprintf(path, sizeof path, "%s/%s", evil, PLOOP_DD_NAME);
	unlink(path);
	snprintf(link, sizeof link, "%s/%s", victim, PLOOP_DD_NAME);
	ok(!symlink(link, path), "DiskDescriptor.xml planted as a symlink to the other's");
	is_int(ploop_disk_snapshot(evil, NULL, 0, NULL, &ctx), -ELOOP, "a snapshot through it is refused");
	ok(has(ctx.error, "DiskDescriptor.xml: is a symbolic link; refused"), "naming the descriptor");
	is_int(delta_count(victim), 1, "the other disk got no snapshot");

	snprintf(dir2, sizeof dir2, "%s/root.hdd", evil);
	ok(!symlink(victim, dir2), "the image directory itself planted as a symlink");
	is_int(ploop_disk_snapshot(dir2, NULL, 0, NULL, &ctx), -ELOOP, "a snapshot through it is refused");
	ok(has(ctx.error, "/root.hdd: is a symbolic link; refused"), "naming the directory");
	is_int(delta_count(victim), 1, "the other disk still has no snapshot");
	is_int(ploop_disk_snapshot(victim, NULL, 0, NULL, &ctx), 0, "control: the real disk snapshots");
	is_int(delta_count(victim), 2, "control: and has two deltas");
	remove_dir(evil);
	remove_dir(victim);
}

/* A child holding dir's lock until it reads from go. */
static pid_t lock_holder(const char *dir, int *go)
{
	int ready[2], wait_fd[2];
	struct ploop_disk_lock l;
	pid_t pid;
	char c;

	if (pipe(ready) || pipe(wait_fd))
		abort();
	pid = fork();
	if (pid == 0) {
		if (ploop_disk_lock(dir, 1000, &l, &ctx) || write(ready[1], "r", 1) != 1 ||
		    read(wait_fd[0], &c, 1) != 1)
			_exit(1);
		ploop_disk_unlock(&l);
		_exit(0);
	}
	close(ready[1]);
	close(wait_fd[0]);
	if (read(ready[0], &c, 1) != 1)
		abort();
	close(ready[0]);
	*go = wait_fd[1];
	return pid;
}

static void snapshots_in_child(const char *dir, unsigned n, pid_t *pid)
{
	unsigned i;

	*pid = fork();
	if (*pid)
		return;
	for (i = 0; i < n; i++)
		if (ploop_disk_snapshot(dir, NULL, 0, NULL, &ctx))
			_exit(1);
	_exit(0);
}

static void test_lock(void)
{
	struct ploop_disk_lock l;
	char dir[64], want[64];
	int go, status, a, b;
	pid_t holder, p1, p2;

	make_dir(dir, sizeof dir);
	create(dir, DISK, PLOOP_V2, PLOOP_EXPANDED, 0);
	holder = lock_holder(dir, &go);
	is_int(ploop_disk_lock(dir, 300, &l, &ctx), -EBUSY, "a second locker gives up after its wait");
	snprintf(want, sizeof want, "locked by pid %d (", (int)holder);
	ok(has(ctx.error, want) && has(ctx.error, "test_ploop_disk"), "naming the holder: %s", ctx.error);
	if (write(go, "g", 1) != 1)
		abort();
	close(go);
	waitpid(holder, &status, 0);
	is_int(ploop_disk_lock(dir, 300, &l, &ctx), 0, "control: free once the holder is done");
	ploop_disk_unlock(&l);

	snapshots_in_child(dir, 10, &p1);
	snapshots_in_child(dir, 10, &p2);
	a = waitpid(p1, &status, 0) == p1 && WIFEXITED(status) && !WEXITSTATUS(status);
	b = waitpid(p2, &status, 0) == p2 && WIFEXITED(status) && !WEXITSTATUS(status);
	ok(a && b, "two processes taking 10 snapshots each at once both succeed");
	is_int(delta_count(dir), 21, "and the descriptor holds all 20 snapshots and the top");
	is_int(ploop_disk_check(dir, PLOOP_DISK_CHECK_FORCE, &ctx), 0, "which check clean");
	remove_dir(dir);
}

int main(void)
{
	test_create();
	test_mkfs();
	test_snapshots();
	test_copy();
	test_convert();
	test_compact();
	test_temporary();
	test_resize();
	test_refusals();
	test_lock();
	return done_testing();
}
