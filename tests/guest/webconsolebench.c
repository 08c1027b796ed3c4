/*
 * webconsolebench: a container's console through vzwebd's WebSocket
 * bridge against a direct viewer of the console holder, for
 * tests/bench/web_console.sh. The container's console runs an echo (cat
 * on a raw tty).
 *
 *   webconsolebench latency direct|ws CTID KEYS
 *       one byte at a time typed by a read-write viewer, its echo awaited
 *       before the next: prints "p50_us p99_us"
 *   webconsolebench throughput direct|ws CTID MIB
 *       a writer puts MIB MiB onto the console's pty slave, where the
 *       container's own output goes, read by a read-only viewer: prints
 *       "MiB/s BYTES_DROPPED"
 *   webconsolebench unacked CTID MIB
 *       as throughput, through a WebSocket viewer that stops acknowledging
 *       once it has the marker and goes on reading: prints the output bytes
 *       it got (the bridge stops at 256 KiB unacknowledged) and the
 *       seconds the writer took (a slow page must not hold it back)
 *   webconsolebench gcm SECONDS
 *   webconsolebench tcp KEYS
 *       the floors of the WebSocket path in this guest: AES-128-GCM
 *       encryption of 16 KiB records on one CPU (MiB/s), a one-byte TCP
 *       loopback round trip to an echo process ("p50_us p99_us")
 *   webconsolebench idle SECONDS N CTID...
 *       N read-only WebSocket viewers, round robin over the CTIDs (the
 *       holder takes 6 a console), each from its own loopback source,
 *       held idle for SECONDS with pings answered; prints "idle N" once
 *       all are attached
 *   webconsolebench streams SECONDS N
 *       N event streams (GET /api/v1/events?types=ct), each from its own
 *       loopback source, held for SECONDS; prints "streams N" once all
 *       have their 200 answer (tests/system/91-web-limits.t fills the pool)
 *
 * WebSocket viewers log in with the API token in $WEB_TOKEN. A viewer
 * gets the scrollback first: a run writes a marker of its own onto the
 * slave and starts once its viewer has read the marker. Both viewers hand
 * output over in place; neither copies it. WEBCONSOLEBENCH_STATS=1 adds
 * a line on stderr: the viewer's reads, the process's CPU time, context
 * switches and page faults.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "console/client.h"
#include "console/proto.h"
#include "webconsolebench.h"

#define CHUNK 4096
#define IDLE_MAX 250		/* vzwebd serves 256 connections */
#define CTIDS_MAX 64

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fputs("webconsolebench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(111);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static unsigned long num_parse(const char *s, unsigned long min, unsigned long max,
			       const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		fprintf(stderr, "webconsolebench: %s: %s is not a number from %lu to %lu\n", what,
			s, min, max);
		exit(100);
	}
	return v;
}

static void write_all(int fd, const void *buf, size_t len)
{
	const char *c = buf;
	ssize_t n;

	while (len) {
		n = write(fd, c, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			bench_die("write to the console's pty: %s", strerror(errno));
		c += (size_t)n;
		len -= (size_t)n;
	}
}

static void report_die(void *ctx, const char *msg)
{
	(void)ctx;
	bench_die("%s", msg);
}

/* The console's pty slave, in raw mode (no echo by the tty: the echo is the container's). */
static int slave_open(unsigned ctid)
{
	struct report rep = { .fn = report_die };
	struct termios t;
	int fd;

	if (console_ct_slave(ctid, &fd, &rep) < 0)
		exit(111);
	if (tcgetattr(fd, &t) < 0)
		bench_die("console %u: tcgetattr: %s", ctid, strerror(errno));
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		bench_die("console %u: tcsetattr: %s", ctid, strerror(errno));
	return fd;
}

static void viewer_open(struct viewer *v, const char *kind, unsigned ctid, int ro)
{
	if (!strcmp(kind, "direct"))
		holder_viewer_open(v, ctid, ro);
	else if (!strcmp(kind, "ws"))
		ws_viewer_open(v, ctid, ro, 0);
	else
		bench_die("%s: a viewer is direct or ws", kind);
}

/*
 * Writes a marker of this run onto the slave and reads until the viewer
 * has it: the scrollback replayed before it is not measured. Its first
 * byte occurs in it once, so a byte-wise match cannot miss it.
 */
static void marker_wait(struct viewer *v, int slave)
{
	char mark[64];
	int n = snprintf(mark, sizeof mark, "#vzbench:%d:%lld.", (int)getpid(), (long long)now_ns());
	const unsigned char *out;
	size_t pos = 0, len, i;

	write_all(slave, mark, (size_t)n);
	while (pos < (size_t)n) {
		len = v->read(v, &out);
		for (i = 0; i < len && pos < (size_t)n; i++)
			pos = out[i] == (unsigned char)mark[pos] ? pos + 1 : out[i] == '#';
		if (i < len)
			bench_die("console output after the marker: something else writes to it");
	}
}

static double cpu_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static void stats(const struct viewer *v)
{
	struct rusage self;

	if (!getenv("WEBCONSOLEBENCH_STATS"))
		return;
	getrusage(RUSAGE_SELF, &self);
	fprintf(stderr, "webconsolebench: %lu reads, cpu %.0f ms user %.0f ms sys, "
		"%ld/%ld switches (vol/invol), %ld page faults\n", v->reads,
		cpu_ms(&self.ru_utime), cpu_ms(&self.ru_stime), self.ru_nvcsw, self.ru_nivcsw,
		self.ru_minflt);
}

/* A child writing total bytes ('x') into the container's console pty. */
static pid_t writer_start(int slave, uint64_t total)
{
	unsigned char buf[CHUNK];
	uint64_t sent;
	pid_t pid = fork();

	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		memset(buf, 'x', sizeof buf);
		for (sent = 0; sent < total; sent += CHUNK)
			write_all(slave, buf, CHUNK);
		_exit(0);
	}
	return pid;
}

static int throughput(const char *kind, unsigned ctid, unsigned long mib)
{
	struct viewer v;
	const unsigned char *data;
	uint64_t total = (uint64_t)mib << 20, got = 0;
	int slave = slave_open(ctid);
	int64_t t0;
	pid_t pid;

	viewer_open(&v, kind, ctid, 1);
	marker_wait(&v, slave);
	t0 = now_ns();
	pid = writer_start(slave, total);
	while (got + v.dropped < total)
		got += v.read(&v, &data);
	printf("%.1f %llu\n", (double)total / (1 << 20) / ((double)(now_ns() - t0) / 1e9),
	       (unsigned long long)v.dropped);
	waitpid(pid, NULL, 0);
	stats(&v);
	return 0;
}

static int unacked(unsigned ctid, unsigned long mib)
{
	struct viewer v;
	uint64_t total = (uint64_t)mib << 20, got = 0;
	int slave = slave_open(ctid), status;
	int64_t t0, t_end = 0, t_writer = 0;
	pid_t pid;

	ws_viewer_open(&v, ctid, 1, 0);
	marker_wait(&v, slave);
	ws_viewer_stop_acks(&v);
	t0 = now_ns();
	pid = writer_start(slave, total);
	while (!t_end || now_ns() < t_end) {
		got += ws_viewer_service(&v);
		if (!t_writer && waitpid(pid, &status, WNOHANG) == pid) {
			t_writer = now_ns() - t0;
			t_end = now_ns() + 2000000000;	/* what is still on its way */
		}
		if (!t_writer && now_ns() - t0 > (int64_t)VIEWER_STALL_MS * 1000000)
			bench_die("the writer of %lu MiB did not finish in %d s: the page held it back",
				  mib, VIEWER_STALL_MS / 1000);
	}
	printf("%llu %.1f\n", (unsigned long long)got, (double)t_writer / 1e9);
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int latency(const char *kind, unsigned ctid, unsigned long keys)
{
	struct viewer v;
	const unsigned char *data;
	int64_t *rtt = calloc(keys, sizeof *rtt), t0;
	int slave = slave_open(ctid);
	unsigned long i;
	unsigned char c;
	size_t n;

	if (!rtt)
		bench_die("out of memory");
	viewer_open(&v, kind, ctid, 0);
	marker_wait(&v, slave);
	for (i = 0; i < keys; i++) {
		c = (unsigned char)('a' + i % 26);
		t0 = now_ns();
		v.key(&v, c);
		while (!(n = v.read(&v, &data)))
			;
		rtt[i] = now_ns() - t0;
		if (n != 1 || data[0] != c)
			bench_die("key %lu: typed '%c', the console answered %zu bytes from '%c'", i,
				  c, n, data[0]);
	}
	qsort(rtt, keys, sizeof *rtt, cmp_i64);
	printf("%.0f %.0f\n", rtt[keys / 2] / 1e3, rtt[keys * 99 / 100] / 1e3);
	stats(&v);
	free(rtt);
	return 0;
}

/* N console viewers (nctids > 0) or event streams, each from its own
   source, held for SECONDS. */
static int idle(unsigned long secs, unsigned long n, char **ctid_args, int nctids)
{
	static struct viewer v[IDLE_MAX];
	static struct pollfd p[IDLE_MAX];
	unsigned ctids[CTIDS_MAX];
	int64_t end;
	unsigned long i;
	int k;

	for (k = 0; k < nctids; k++)
		ctids[k] = (unsigned)num_parse(ctid_args[k], 1, CONSOLE_CTID_MAX, "CTID");
	for (i = 0; i < n; i++) {
		if (nctids)
			ws_viewer_open(&v[i], ctids[i % (unsigned)nctids], 1, (unsigned)i + 1);
		else
			events_stream_open(&v[i], (unsigned)i + 1);
		p[i] = (struct pollfd){ .fd = ws_viewer_fd(&v[i]), .events = POLLIN };
	}
	printf("%s %lu\n", nctids ? "idle" : "streams", n);
	fflush(stdout);
	end = now_ns() + (int64_t)secs * 1000000000;
	while (now_ns() < end) {
		if (poll(p, n, 1000) < 0 && errno != EINTR)
			bench_die("poll: %s", strerror(errno));
		for (i = 0; i < n; i++)
			if (p[i].revents && nctids)
				ws_viewer_service(&v[i]);
			else if (p[i].revents)
				events_stream_service(&v[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "latency"))
		return latency(argv[2], (unsigned)num_parse(argv[3], 1, CONSOLE_CTID_MAX, "CTID"),
			       num_parse(argv[4], 1, 100000, "KEYS"));
	if (argc == 5 && !strcmp(argv[1], "throughput"))
		return throughput(argv[2], (unsigned)num_parse(argv[3], 1, CONSOLE_CTID_MAX, "CTID"),
				  num_parse(argv[4], 1, 4096, "MIB"));
	if (argc == 3 && !strcmp(argv[1], "gcm"))
		return floor_gcm((double)num_parse(argv[2], 1, 60, "SECONDS"));
	if (argc == 3 && !strcmp(argv[1], "tcp"))
		return floor_tcp(num_parse(argv[2], 1, 100000, "KEYS"));
	if (argc == 4 && !strcmp(argv[1], "unacked"))
		return unacked((unsigned)num_parse(argv[2], 1, CONSOLE_CTID_MAX, "CTID"),
			       num_parse(argv[3], 1, 4096, "MIB"));
	if (argc >= 5 && argc - 4 <= CTIDS_MAX && !strcmp(argv[1], "idle"))
		return idle(num_parse(argv[2], 1, 3600, "SECONDS"),
			    num_parse(argv[3], 1, IDLE_MAX, "N"), argv + 4, argc - 4);
	if (argc == 4 && !strcmp(argv[1], "streams"))
		return idle(num_parse(argv[2], 1, 3600, "SECONDS"),
			    num_parse(argv[3], 1, IDLE_MAX, "N"), NULL, 0);
	fprintf(stderr, "usage: webconsolebench latency direct|ws CTID KEYS\n"
			"       webconsolebench throughput direct|ws CTID MIB\n"
			"       webconsolebench unacked CTID MIB\n"
			"       webconsolebench gcm SECONDS | tcp KEYS\n"
			"       webconsolebench idle SECONDS N CTID...\n"
			"       webconsolebench streams SECONDS N\n");
	return 100;
}
