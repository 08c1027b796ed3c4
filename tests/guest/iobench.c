/*
 * iobench: O_DIRECT throughput of a block device or file, for tests/bench/ inside
 * the guest. One workload per run, fixed bytes, so runs are comparable:
 *
 *   iobench seqread|seqwrite|randread|randwrite PATH MIB [THREADS]
 *   iobench loop-dio LOOPDEV        turn on direct I/O of a loop device
 *   iobench time CMD [ARG...]       run CMD, print its wall time in us
 *                                   (busybox date has no %N)
 *
 * Sequential workloads use 1 MiB requests over the first MIB MiB of PATH,
 * random ones 4 KiB requests at aligned offsets within it (a fixed-seed
 * xorshift per thread, so every run touches the same blocks), MIB MiB in
 * total across THREADS threads (default 1 sequential, 4 random). Prints one
 * line: "<workload> <MiB/s> <IOPS>".
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SEQ_BLOCK (1u << 20)
#define RAND_BLOCK 4096u
#define THREADS_MAX 64

struct job {
	int fd;
	int write;
	int random;
	unsigned block;
	uint64_t span;		/* bytes of PATH the workload covers */
	uint64_t first;		/* sequential: this thread's first offset */
	uint64_t count;		/* requests for this thread */
	uint64_t seed;
	int err;
};

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	void *buf;
	uint64_t i, off = j->first, blocks = j->span / j->block;

	if (posix_memalign(&buf, 4096, j->block)) {
		j->err = ENOMEM;
		return NULL;
	}
	memset(buf, 0xa5, j->block);
	for (i = 0; i < j->count; i++) {
		ssize_t n;

		if (j->random)
			off = (xorshift(&j->seed) % blocks) * j->block;
		do
			n = j->write ? pwrite(j->fd, buf, j->block, (off_t)off)
				     : pread(j->fd, buf, j->block, (off_t)off);
		while (n < 0 && errno == EINTR);
		if (n != (ssize_t)j->block) {
			j->err = n < 0 ? errno : EIO;
			break;
		}
		if (!j->random)
			off += j->block;
	}
	free(buf);
	return NULL;
}

static int loop_dio(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0 || ioctl(fd, LOOP_SET_DIRECT_IO, 1UL) < 0) {
		fprintf(stderr, "iobench: %s: direct I/O: %s\n", dev, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void);

static int time_command(char **argv)
{
	double t0 = now();
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "iobench: fork: %s\n", strerror(errno));
		return 111;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "iobench: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 111;
	printf("%.0f\n", (now() - t0) * 1e6);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 111;
}

int main(int argc, char **argv)
{
	struct job jobs[THREADS_MAX];
	pthread_t tid[THREADS_MAX];
	int random, write, fd, threads, i, rc = 0;
	uint64_t mib, total, per;
	unsigned block;
	double t0, secs;

	if (argc == 3 && !strcmp(argv[1], "loop-dio"))
		return loop_dio(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "time"))
		return time_command(argv + 2);
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: iobench seqread|seqwrite|randread|randwrite PATH MIB [THREADS]\n"
				"       iobench loop-dio LOOPDEV\n"
				"       iobench time CMD [ARG...]\n");
		return 100;
	}
	random = !strncmp(argv[1], "rand", 4);
	write = !strcmp(argv[1] + (random ? 4 : 3), "write");
	if (strncmp(argv[1], random ? "rand" : "seq", random ? 4 : 3) ||
	    (!write && strcmp(argv[1] + (random ? 4 : 3), "read"))) {
		fprintf(stderr, "iobench: unknown workload '%s'\n", argv[1]);
		return 100;
	}
	mib = strtoull(argv[3], NULL, 10);
	threads = argc == 5 ? atoi(argv[4]) : (random ? 4 : 1);
	if (!mib || mib > (1u << 20) || threads < 1 || threads > THREADS_MAX) {
		fprintf(stderr, "iobench: MIB must be 1..1048576 and THREADS 1..%d\n", THREADS_MAX);
		return 100;
	}
	fd = open(argv[2], (write ? O_RDWR : O_RDONLY) | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "iobench: %s: %s\n", argv[2], strerror(errno));
		return 111;
	}
	block = random ? RAND_BLOCK : SEQ_BLOCK;
	total = (mib << 20) / block;
	per = total / (uint64_t)threads;
	for (i = 0; i < threads; i++) {
		jobs[i] = (struct job){
			.fd = fd, .write = write, .random = random, .block = block,
			.span = mib << 20, .first = (uint64_t)i * per * block,
			.count = per, .seed = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1),
		};
	}
	t0 = now();
	for (i = 0; i < threads; i++)
		if (pthread_create(&tid[i], NULL, job_run, &jobs[i])) {
			fprintf(stderr, "iobench: cannot start thread\n");
			return 111;
		}
	for (i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		if (jobs[i].err) {
			fprintf(stderr, "iobench: %s: %s: %s\n", argv[2], argv[1], strerror(jobs[i].err));
			rc = 111;
		}
	}
	if (write && fdatasync(fd) < 0) {
		fprintf(stderr, "iobench: %s: fdatasync: %s\n", argv[2], strerror(errno));
		rc = 111;
	}
	secs = now() - t0;
	close(fd);
	if (rc)
		return rc;
	printf("%s %.1f %.0f\n", argv[1], (double)(per * (uint64_t)threads * block) / 1048576.0 / secs,
	       (double)(per * (uint64_t)threads) / secs);
	return 0;
}
