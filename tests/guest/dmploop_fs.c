/*
 * dmploop: records written with fsync (the crash tests' workload) and
 * verified; concurrent writers into one unallocated cluster.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ploop/dm.h"
#include "dmploop.h"

/* Options of fsync-loop; 0 = off. */
struct loop_opts {
	uint64_t count;			/* stop after this many records */
	uint64_t keep;			/* delete rec.(N - keep) once rec.N is synced */
	uint64_t trim;			/* FITRIM the file system every this many records */
	const char *mark;		/* dm-log-writes device: "mark rec.N" / "mark del.N" */
};

static void loop_mark(const struct loop_opts *o, const char *what, uint64_t n)
{
	char msg[64];
	int r;

	if (!o->mark)
		return;
	snprintf(msg, sizeof msg, "mark %s.%" PRIu64, what, n);
	r = dm_message(o->mark, msg, NULL, 0);
	if (r)
		die(111, "dm_message", -r);
}

static void rec_path(char *out, size_t len, const char *dir, uint64_t n)
{
	if ((size_t)snprintf(out, len, "%s/rec.%" PRIu64, dir, n) >= len)
		die(100, "directory name too long", 0);
}

/* Deletes rec.N (marked del.N first), as the window moves on. */
static void rec_delete(const struct loop_opts *o, const char *dir, uint64_t n)
{
	char path[4096];

	rec_path(path, sizeof path, dir, n);
	loop_mark(o, "del", n);
	if (unlink(path) < 0 && errno != ENOENT)
		die(111, path, errno);
}

/* Records below first - keep left by an earlier run (a power cut came first). */
static void rec_delete_old(const struct loop_opts *o, const char *dir, uint64_t first)
{
	struct dirent *e;
	uint64_t n;
	char *end;
	DIR *d;

	d = opendir(dir);
	if (!d)
		die(111, dir, errno);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "rec.", 4))
			continue;
		n = strtoull(e->d_name + 4, &end, 10);
		if (!*end && n + o->keep < first)
			rec_delete(o, dir, n);
	}
	closedir(d);
}

static void fs_trim(const char *dir)
{
	struct fstrim_range range = { .start = 0, .len = UINT64_MAX, .minlen = 0 };
	int fd = open_dev(dir, O_RDONLY | O_DIRECTORY);

	if (ioctl(fd, FITRIM, &range) < 0)
		die(111, "FITRIM", errno);
	close(fd);
}

static void loop_opts_parse(struct loop_opts *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof *o);
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "count=", 6))
			o->count = num(argv[i] + 6);
		else if (!strncmp(argv[i], "keep=", 5))
			o->keep = num(argv[i] + 5);
		else if (!strncmp(argv[i], "trim=", 5))
			o->trim = num(argv[i] + 5);
		else if (!strncmp(argv[i], "mark=", 5))
			o->mark = argv[i] + 5;
		else
			die(100, "fsync-loop: unknown option", 0);
	}
}

/*
 * fsync-loop DIR FIRST LEN [count=N] [keep=K] [trim=M] [mark=DM]: writes
 * DIR/rec.N (N = FIRST, FIRST+1, ...) with LEN bytes of pattern N, fsyncs
 * the file and the directory, then prints "synced N" (and marks the
 * dm-log-writes device DM with rec.N). keep=K recycles space: once rec.N is
 * synced rec.(N-K) is deleted, and every M records the file system is
 * trimmed. Runs until count records are written, or forever (the test cuts
 * the power).
 */
int cmd_fsync_loop(int argc, char **argv)
{
	struct loop_opts o;
	char path[4096];
	unsigned char *buf;
	uint64_t n, first, len;
	int dfd, fd, r;

	if (argc < 4)
		die(100, "usage: fsync-loop DIR FIRST LEN [count=N] [keep=K] [trim=M] [mark=DM]", 0);
	first = num(argv[2]);
	len = num(argv[3]);
	loop_opts_parse(&o, argc - 4, argv + 4);
	if (len > CHUNK)
		die(100, "fsync-loop: LEN over 1 MiB", 0);
	buf = xmalloc_aligned(CHUNK);
	dfd = open_dev(argv[1], O_RDONLY | O_DIRECTORY);
	if (o.keep)
		rec_delete_old(&o, argv[1], first);
	for (n = first, r = 0; !r && (!o.count || n < first + o.count); n++) {
		rec_path(path, sizeof path, argv[1], n);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			die(111, path, errno);
		pattern_fill(buf, len, n, 0);
		r = ploop_pwrite_full(fd, buf, len, 0);
		if (!r && (fsync(fd) < 0 || fsync(dfd) < 0))
			r = -errno;
		close(fd);
		if (r)
			break;
		printf("synced %" PRIu64 "\n", n);
		fflush(stdout);
		/* On a terminal, wait until the line has left the node before
		   deleting rec.(N-K): a power cut then never finds a deletion
		   whose record the observer has not seen reported. */
		if (isatty(STDOUT_FILENO) && tcdrain(STDOUT_FILENO) < 0 && errno != EINTR)
			die(111, "tcdrain", errno);
		loop_mark(&o, "rec", n);
		if (o.keep && n > o.keep)
			rec_delete(&o, argv[1], n - o.keep);
		if (o.trim && !(n % o.trim))
			fs_trim(argv[1]);
	}
	if (r)
		die(111, path, -r);
	close(dfd);
	free(buf);
	return 0;
}

/* records-verify DIR LAST LEN [FIRST]: rec.FIRST (default 1) .. rec.LAST; prints the bad
   ones, each missing or wrong. */
int cmd_records_verify(int argc, char **argv)
{
	unsigned char *buf, *want;
	char path[4096];
	uint64_t n, first = 1, last, len;
	int fd, bad = 0;

	if (argc != 4 && argc != 5)
		die(100, "usage: records-verify DIR LAST LEN [FIRST]", 0);
	last = num(argv[2]);
	len = num(argv[3]);
	if (argc == 5)
		first = num(argv[4]);
	if (len > CHUNK)
		die(100, "records-verify: LEN over 1 MiB", 0);
	buf = xmalloc_aligned(CHUNK);
	want = xmalloc_aligned(CHUNK);
	for (n = first; n <= last; n++) {
		rec_path(path, sizeof path, argv[1], n);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || ploop_pread_full(fd, buf, len, 0) ||
		    verify_buf(buf, len, n, 0, want)) {
			printf("record %" PRIu64 " %s\n", n, fd < 0 ? "missing" : "wrong");
			bad = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	printf("%" PRIu64 " records checked\n", last >= first ? last - first + 1 : 0);
	free(buf);
	free(want);
	return bad;
}

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
int cmd_concurrent(int argc, char **argv)
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

