/*
 * logreplay: replays a dm-log-writes log (the kernel's
 * Documentation/admin-guide/device-mapper/log-writes.rst) onto a file or
 * block device and runs a check at every state a power cut could leave
 * behind: after each flush or FUA entry, everything logged before it is on
 * the disk, nothing after it. Written for tests/system/53-ploop-replay.t.
 *
 *   logreplay info LOG
 *   logreplay run LOG TARGET [start=MARK] [every=N] [stop] -- CMD [ARG...]
 *
 * TARGET starts as the device's state when logging began (zeros for a
 * fresh one). "run" applies the entries in order; from the mark MARK on,
 * at each flush/FUA point (every Nth of them, and the last state) it runs
 * CMD with REPLAY_ENTRY (the entry index) and REPLAY_FIRST..REPLAY_LAST, the
 * records reported durable before that point: marks "rec.N" (record N was
 * synced) raise LAST, marks "del.N" (record N is about to be deleted) raise
 * FIRST past N. One line per state checked, then a summary; exit 1 if a
 * check failed, 100 on usage, 111 on a system error or a malformed log.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOG_MAGIC 0x6a736677736872ULL
#define LOG_VERSION 1
#define LOG_FLUSH 0x1u
#define LOG_FUA 0x2u
#define LOG_DISCARD 0x4u
#define LOG_MARK 0x8u
#define ENTRY_SIZE 32u			/* sector, nr_sectors, flags, data_len: le64 each */
#define CHUNK (1u << 20)
#define ENTRY_BYTES_MAX (256ull << 20)	/* no single bio is larger */

struct entry {
	uint64_t sector, nr_sectors, flags, data_len;
	char mark[512];
};

struct log {
	int fd;
	uint64_t entries;
	uint32_t sectorsize;
	uint64_t pos;			/* byte offset of the next entry */
	uint64_t index;			/* its number */
};

struct target {
	int fd;
	int is_file;
	uint64_t size;
};

struct run {
	const char *start;		/* check from this mark on (NULL: from the beginning) */
	int started;
	uint64_t every, points, checked, failed;
	int stop;
	uint64_t first, last;		/* durable records */
	char **cmd;
};

static void die(int code, const char *what, int err)
{
	if (err)
		fprintf(stderr, "logreplay: %s: %s\n", what, strerror(err));
	else
		fprintf(stderr, "logreplay: %s\n", what);
	exit(code);
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void read_full(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	while (len) {
		n = pread(fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(111, "read of the log", errno);
		if (!n)
			die(111, "log ends inside an entry", 0);
		buf = (char *)buf + n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
}

static void write_full(int fd, const void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	while (len) {
		n = pwrite(fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(111, "write to the target", n < 0 ? errno : EIO);
		buf = (const char *)buf + n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
}

static void log_open(struct log *l, const char *path)
{
	unsigned char super[28];
	uint32_t ss;

	l->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (l->fd < 0)
		die(111, path, errno);
	read_full(l->fd, super, sizeof super, 0);
	if (le64(super) != LOG_MAGIC || le64(super + 8) != LOG_VERSION)
		die(111, "not a dm-log-writes log (magic or version)", 0);
	l->entries = le64(super + 16);
	ss = (uint32_t)super[24] | (uint32_t)super[25] << 8 | (uint32_t)super[26] << 16 |
	     (uint32_t)super[27] << 24;
	if (ss < 512 || ss > 65536 || (ss & (ss - 1)))
		die(111, "log sector size is not a power of two from 512 to 65536", 0);
	l->sectorsize = ss;
	l->pos = ss;
	l->index = 0;
}

/* Reads the header of the next entry; leaves pos at its data. */
static void entry_read(struct log *l, struct entry *e)
{
	unsigned char *b = malloc(l->sectorsize);

	if (!b)
		die(111, "out of memory", 0);
	read_full(l->fd, b, l->sectorsize, l->pos);
	e->sector = le64(b);
	e->nr_sectors = le64(b + 8);
	e->flags = le64(b + 16);
	e->data_len = le64(b + 24);
	e->mark[0] = '\0';
	if (e->flags & LOG_MARK) {
		if (e->data_len >= sizeof e->mark || e->data_len > l->sectorsize - ENTRY_SIZE)
			die(111, "mark longer than its entry", 0);
		memcpy(e->mark, b + ENTRY_SIZE, e->data_len);
		e->mark[e->data_len] = '\0';
	}
	free(b);
	/* A discard carries no data and may span the device (mkfs, FITRIM). */
	if (!(e->flags & (LOG_DISCARD | LOG_MARK)) && e->nr_sectors > ENTRY_BYTES_MAX / l->sectorsize)
		die(111, "entry larger than any write", 0);
	l->pos += l->sectorsize;
}

static void target_open(struct target *t, const char *path)
{
	struct stat st;

	t->fd = open(path, O_RDWR | O_CLOEXEC);
	if (t->fd < 0 || fstat(t->fd, &st) < 0)
		die(111, path, errno);
	t->is_file = S_ISREG(st.st_mode);
	if (t->is_file)
		t->size = (uint64_t)st.st_size;
	else if (ioctl(t->fd, BLKGETSIZE64, &t->size) < 0)
		die(111, "BLKGETSIZE64", errno);
}

/* A discard reads back as zeros afterwards: one of the states it may leave. */
static void target_discard(struct target *t, uint64_t off, uint64_t len)
{
	uint64_t range[2] = { off, len };

	if (t->is_file ? fallocate(t->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				   (off_t)off, (off_t)len) :
			 ioctl(t->fd, BLKDISCARD, range))
		die(111, "discard on the target", errno);
}

static void entry_apply(struct log *l, const struct entry *e, struct target *t, char *buf)
{
	uint64_t off = e->sector * l->sectorsize, len = e->nr_sectors * l->sectorsize, n;

	if (!len || (e->flags & LOG_MARK))
		return;
	if (off > t->size || len > t->size - off)
		die(111, "entry past the end of the target", 0);
	if (e->flags & LOG_DISCARD) {
		target_discard(t, off, len);
		return;
	}
	for (; len; len -= n, off += n, l->pos += n) {
		n = len < CHUNK ? len : CHUNK;
		read_full(l->fd, buf, n, l->pos);
		write_full(t->fd, buf, n, off);
	}
}

static void mark_note(struct run *r, const char *mark)
{
	uint64_t n;
	char *end;

	if (r->start && !strcmp(mark, r->start))
		r->started = 1;
	if (!strncmp(mark, "rec.", 4) || !strncmp(mark, "del.", 4)) {
		n = strtoull(mark + 4, &end, 10);
		if (*end || end == mark + 4)
			return;
		if (mark[0] == 'r' && n > r->last)
			r->last = n;
		if (mark[0] == 'd' && n + 1 > r->first)
			r->first = n + 1;
	}
}

static int check_run(struct run *r, struct target *t, uint64_t index)
{
	char entry[32], first[32], last[32];
	int status;
	pid_t pid;

	if (fsync(t->fd) < 0)
		die(111, "fsync of the target", errno);
	snprintf(entry, sizeof entry, "%" PRIu64, index);
	snprintf(first, sizeof first, "%" PRIu64, r->first);
	snprintf(last, sizeof last, "%" PRIu64, r->last);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die(111, "fork", errno);
	if (!pid) {
		setenv("REPLAY_ENTRY", entry, 1);
		setenv("REPLAY_FIRST", first, 1);
		setenv("REPLAY_LAST", last, 1);
		execvp(r->cmd[0], r->cmd);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die(111, "waitpid", errno);
	r->checked++;
	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		printf("state %s (records %s-%s): ok\n", entry, first, last);
		return 0;
	}
	r->failed++;
	printf("state %s (records %s-%s): FAILED (status 0x%x)\n", entry, first, last, status);
	return 1;
}

/* A power cut right here leaves everything logged so far on the disk. */
static int point(struct run *r, struct target *t, uint64_t index, int last)
{
	if (!r->started)
		return 0;
	r->points++;
	if (!last && r->every > 1 && r->points % r->every)
		return 0;
	return check_run(r, t, index) && r->stop;
}

/*
 * A flush entry with data is a write with REQ_PREFLUSH: the state before
 * its data is a crash point; with REQ_FUA too, so is the state after it.
 */
static int replay(struct log *l, struct target *t, struct run *r)
{
	struct entry e;
	char *buf = malloc(CHUNK);
	int with_data, at_point = 0;

	if (!buf)
		die(111, "out of memory", 0);
	for (; l->index < l->entries; l->index++) {
		entry_read(l, &e);
		with_data = e.nr_sectors && !(e.flags & (LOG_MARK | LOG_DISCARD));
		if ((e.flags & LOG_FLUSH) && with_data && !(e.flags & LOG_FUA) &&
		    point(r, t, l->index, 0))
			break;
		entry_apply(l, &e, t, buf);
		if (e.flags & LOG_MARK)
			mark_note(r, e.mark);
		at_point = (e.flags & LOG_FUA) || ((e.flags & LOG_FLUSH) && !with_data);
		if (at_point && point(r, t, l->index, 0))
			break;
	}
	if (l->index == l->entries && !at_point)
		point(r, t, l->index, 1);
	free(buf);
	printf("%" PRIu64 " of %" PRIu64 " states checked, %" PRIu64 " failed\n", r->checked,
	       r->points, r->failed);
	return r->failed ? 1 : 0;
}

static int cmd_info(const char *path)
{
	struct log l;
	struct entry e;
	uint64_t writes = 0, flushes = 0, fua = 0, discards = 0, marks = 0, bytes = 0;

	log_open(&l, path);
	for (; l.index < l.entries; l.index++) {
		entry_read(&l, &e);
		flushes += !!(e.flags & LOG_FLUSH);
		fua += !!(e.flags & LOG_FUA);
		discards += !!(e.flags & LOG_DISCARD);
		marks += !!(e.flags & LOG_MARK);
		if (!(e.flags & (LOG_MARK | LOG_DISCARD)) && e.nr_sectors) {
			writes++;
			bytes += e.nr_sectors * l.sectorsize;
			l.pos += e.nr_sectors * l.sectorsize;
		}
	}
	printf("entries %" PRIu64 " writes %" PRIu64 " bytes %" PRIu64 " flushes %" PRIu64
	       " fua %" PRIu64 " discards %" PRIu64 " marks %" PRIu64 "\n", l.entries, writes,
	       bytes, flushes, fua, discards, marks);
	return 0;
}

int main(int argc, char **argv)
{
	struct run r = { .started = 1, .first = 1 };
	struct target t;
	struct log l;
	int i;

	if (argc == 3 && !strcmp(argv[1], "info"))
		return cmd_info(argv[2]);
	if (argc < 6 || strcmp(argv[1], "run"))
		die(100, "usage: logreplay info LOG | run LOG TARGET [start=MARK] [every=N] [stop] -- CMD...",
		    0);
	for (i = 4; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strncmp(argv[i], "start=", 6)) {
			r.start = argv[i] + 6;
			r.started = 0;
		} else if (!strncmp(argv[i], "every=", 6)) {
			r.every = strtoull(argv[i] + 6, NULL, 10);
		} else if (!strcmp(argv[i], "stop")) {
			r.stop = 1;
		} else {
			die(100, "run: unknown option", 0);
		}
	}
	if (i + 1 >= argc)
		die(100, "run: no check command after --", 0);
	r.cmd = argv + i + 1;
	log_open(&l, argv[2]);
	target_open(&t, argv[3]);
	return replay(&l, &t, &r);
}
