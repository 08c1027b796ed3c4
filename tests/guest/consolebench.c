/*
 * consolebench: console measurements for tests/bench/console_*.sh.
 *
 *   consolebench throughput direct|CTID MIB
 *       a writer puts MIB MiB on a pty slave; the reader is the pty master
 *       itself (direct) or a read-only viewer of CTID's console through
 *       vzconsoled. Prints "MiB/s BYTES_DROPPED".
 *   consolebench latency direct|CTID ROUNDS
 *       an echo process on the slave sends back each byte; one byte at a
 *       time goes in through the master (direct) or through vzconsoled as a
 *       viewer's keystroke. Prints "p50_us p99_us".
 *
 * Use a fresh CTID each time: its scrollback must start empty.
 *
 * Both readers do the same work per byte: one read into a 64 KiB buffer
 * (the pty gives at most its 4 KiB line buffer per read) and nothing more;
 * frames are looked at in place, not copied out. CONSOLEBENCH_STATS=1
 * adds a line on stderr: reads and CPU time of the reader and the writer.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "console/client.h"
#include "console/proto.h"

#define CHUNK 4096

struct peer {
	int fd;			/* pty master, or the holder's socket */
	int framed;
	size_t off, have;	/* undecoded bytes: buf[off, have) */
	unsigned char buf[16 * CONSOLE_FRAME_MAX];
	uint64_t dropped, received;
	uint64_t missing;	/* output the run still waits for */
	unsigned long reads;
};

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "consolebench: %s: %s\n", what, strerror(errno));
	exit(111);
}

static void to_stderr(void *ctx, const char *msg)
{
	fprintf(stderr, "consolebench: %s\n", msg);
	exit(111);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void raw(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) < 0)
		die("tcgetattr");
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		die("tcsetattr");
}

/* The slave end and the peer that reads what is written to it. */
static int setup(const char *target, int mode, struct peer *p)
{
	struct report rep = { .fn = to_stderr };
	unsigned ctid;
	int slave;

	memset(p, 0, sizeof *p);
	if (!strcmp(target, "direct")) {
		p->fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (p->fd < 0 || grantpt(p->fd) < 0 || unlockpt(p->fd) < 0)
			die("posix_openpt");
		slave = open(ptsname(p->fd), O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0)
			die("open pty slave");
		raw(p->fd);
	} else {
		ctid = (unsigned)strtoul(target, NULL, 10);
		if (console_ct_slave(ctid, &slave, &rep) < 0)
			exit(111);
		p->fd = console_connect(ctid, (unsigned)mode, "consolebench", &rep);
		p->framed = 1;
	}
	raw(slave);
	return slave;
}

/*
 * A run that gets no byte for STALL_S seconds fails: a lost byte must not
 * hang the bench. A timer checks for progress, so a read costs no more
 * than a read (SIGALRM interrupts a read that waits).
 */
#define STALL_S 60

static volatile sig_atomic_t reads_seen, stalled;

static void stall_check(int sig)
{
	static sig_atomic_t last = -1;

	(void)sig;
	if (reads_seen == last)
		stalled = 1;
	last = reads_seen;
}

static void stall_watch(void)
{
	struct sigaction sa = { .sa_handler = stall_check };
	struct itimerval it = { { STALL_S, 0 }, { STALL_S, 0 } };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) < 0 || setitimer(ITIMER_REAL, &it, NULL) < 0)
		die("setitimer");
}

static ssize_t read_or_stall(struct peer *p, void *buf, size_t len)
{
	ssize_t r = read(p->fd, buf, len);

	if (r < 0 && errno == EINTR && stalled) {
		fprintf(stderr, "consolebench: no output for %d s: %llu bytes still missing\n",
			STALL_S, (unsigned long long)p->missing);
		exit(111);
	}
	p->reads++;
	if (r > 0)
		reads_seen++;
	return r;
}

/* The next console output, in place in p->buf; the holder's frames unwrapped. */
static size_t peer_read(struct peer *p, const unsigned char **out)
{
	struct console_msg m;
	const char *err;
	size_t used;
	ssize_t r;
	uint64_t lost;

	for (;;) {
		if (!p->framed) {
			r = read_or_stall(p, p->buf, sizeof p->buf);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				die("read pty master");
			*out = p->buf;
			return (size_t)r;
		}
		err = console_msg_decode(p->buf + p->off, p->have - p->off, &m, &used);
		if (err) {
			fprintf(stderr, "consolebench: bad frame from vzconsoled at %llu: %s\n",
				(unsigned long long)p->received, err);
			exit(111);
		}
		if (used) {
			p->off += used;
			if (m.type == CONSOLE_MSG_DATA && m.len) {
				*out = m.payload;
				return m.len;
			}
			if (m.type == CONSOLE_MSG_DROPPED && !console_dropped_parse(&m, &lost)) {
				p->dropped += lost;
				return 0;
			}
			continue;
		}
		/* Compact only when a frame is cut at the end of the buffer. */
		memmove(p->buf, p->buf + p->off, p->have - p->off);
		p->have -= p->off;
		p->off = 0;
		r = read_or_stall(p, p->buf + p->have, sizeof p->buf - p->have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("read from vzconsoled");
		p->have += (size_t)r;
		p->received += (uint64_t)r;
	}
}

/*
 * Waits for the holder's OK: only then is the viewer registered and sure
 * to see every byte from the first (console_connect does not wait).
 */
static void peer_attached(struct peer *p)
{
	struct console_msg m;
	const char *err;
	size_t used;
	ssize_t r;

	while (!(err = console_msg_decode(p->buf, p->have, &m, &used)) && !used) {
		r = read_or_stall(p, p->buf + p->have, sizeof p->buf - p->have);
		if (r <= 0)
			die("read from vzconsoled");
		p->have += (size_t)r;
		p->received += (uint64_t)r;
	}
	if (err || m.type != CONSOLE_MSG_OK) {
		fprintf(stderr, "consolebench: vzconsoled did not attach the viewer\n");
		exit(111);
	}
	p->off = used;
}

static double cpu_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static void stats(const struct peer *p)
{
	struct rusage self, kids;

	if (!getenv("CONSOLEBENCH_STATS"))
		return;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	fprintf(stderr, "consolebench: reader %lu reads, cpu %.0f ms user %.0f ms sys, "
		"%ld/%ld switches (vol/invol); writer cpu %.0f ms user %.0f ms sys\n",
		p->reads, cpu_ms(&self.ru_utime), cpu_ms(&self.ru_stime), self.ru_nvcsw,
		self.ru_nivcsw, cpu_ms(&kids.ru_utime), cpu_ms(&kids.ru_stime));
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
			die("write");
		c += n;
		len -= (size_t)n;
	}
}

static int throughput(const char *target, unsigned long mib)
{
	struct peer p;
	unsigned char buf[CHUNK];
	const unsigned char *data;
	uint64_t total = (uint64_t)mib << 20, got = 0;
	int64_t t0;
	int slave = setup(target, CONSOLE_MODE_READONLY, &p);
	pid_t pid;

	if (p.framed)
		peer_attached(&p);
	memset(buf, 'x', sizeof buf);
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		for (got = 0; got < total; got += CHUNK)
			write_all(slave, buf, CHUNK);
		_exit(0);
	}
	close(slave);
	while (got + p.dropped < total) {
		p.missing = total - got - p.dropped;
		got += peer_read(&p, &data);
	}
	printf("%.1f %llu\n", (double)total / (1 << 20) / ((double)(now_ns() - t0) / 1e9),
	       (unsigned long long)p.dropped);
	waitpid(pid, NULL, 0);
	stats(&p);
	return 0;
}

static void echo_loop(int slave)
{
	char c[256];
	ssize_t n;

	while ((n = read(slave, c, sizeof c)) > 0)
		write_all(slave, c, (size_t)n);
	_exit(0);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int latency(const char *target, unsigned long rounds)
{
	struct peer p;
	unsigned char frame[16], c;
	const unsigned char *data;
	int64_t *rtt = calloc(rounds, sizeof *rtt), t0;
	int slave = setup(target, CONSOLE_MODE_ATTACH, &p), n;
	unsigned long i;
	pid_t pid;

	if (!rtt)
		die("calloc");
	if (p.framed)
		peer_attached(&p);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		echo_loop(slave);
	close(slave);
	for (i = 0; i < rounds; i++) {
		c = (unsigned char)('a' + i % 26);
		t0 = now_ns();
		if (p.framed) {
			n = console_msg_encode(frame, sizeof frame, CONSOLE_MSG_DATA, &c, 1);
			write_all(p.fd, frame, (size_t)n);
		} else {
			write_all(p.fd, &c, 1);
		}
		while (!peer_read(&p, &data))
			;
		rtt[i] = now_ns() - t0;
	}
	qsort(rtt, rounds, sizeof *rtt, cmp_i64);
	printf("%.0f %.0f\n", rtt[rounds / 2] / 1e3, rtt[rounds * 99 / 100] / 1e3);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	free(rtt);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc == 4 ? strtoul(argv[3], NULL, 10) : 0;

	if (n < 1 || n > 100000)
		goto usage;
	stall_watch();
	if (!strcmp(argv[1], "throughput"))
		return throughput(argv[2], n);
	if (!strcmp(argv[1], "latency"))
		return latency(argv[2], n);
usage:
	fprintf(stderr, "usage: consolebench throughput|latency direct|CTID MIB|ROUNDS\n");
	return 100;
}
