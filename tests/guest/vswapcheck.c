/*
 * vswapcheck: a stand-in container for the vSwap tests and benchmarks (until
 * vzctl exists) and the probes run inside it.
 *
 *   vswapcheck enter NAME [ram=SIZE] [swap=SIZE] CMD [ARG...]
 *       create /sys/fs/cgroup/NAME, set memory.max / memory.swap.max when
 *       given (SIZE as the kernel takes it: 256M, max), move in, unshare
 *       the cgroup and mount namespaces, mount cgroup2 rooted at NAME on
 *       /sys/fs/cgroup and exec CMD: it sees what a container sees
 *   vswapcheck sysinfo            sysinfo(2) in bytes, KEY=VALUE lines
 *   vswapcheck alloc MIB [CMD...] allocate and touch MIB MiB, run CMD
 *                                 while holding it, then free it
 *   vswapcheck churn MIB SECONDS  allocate, touch and free MIB MiB again
 *                                 and again
 *   vswapcheck check SECONDS [RAM SWAP]
 *       read /proc/meminfo, /proc/swaps and sysinfo(2) in a loop and check
 *       every invariant (free <= total, nothing wrapped, totals stable,
 *       the three agree; with RAM and SWAP: the totals are those)
 *   vswapcheck readbench N        ns per read of /proc/meminfo
 *   vswapcheck workload MIB PASSES
 *       write every page of MIB MiB PASSES times; prints MiB/s
 *
 * Exit status: 0 ok, 1 a check failed, 100 usage, 111 system error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096u
#define MIB (1024u * 1024u)
#define MEMINFO_MAX 8192
#define CGROUP_DIR "/sys/fs/cgroup"

struct view {
	uint64_t mem_total, mem_free, mem_avail, swap_total, swap_free;
	uint64_t si_total, si_free, si_swap_total, si_swap_free;
	uint64_t swaps_size, swaps_used;
	int swaps_lines;
};

static void die(const char *what)
{
	fprintf(stderr, "vswapcheck: %s: %s\n", what, strerror(errno));
	exit(111);
}

static void usage(void)
{
	fprintf(stderr, "usage: vswapcheck enter NAME [ram=SIZE] [swap=SIZE] CMD [ARG...]\n"
			"       vswapcheck sysinfo | alloc MIB [CMD...] | churn MIB SECONDS\n"
			"       vswapcheck check SECONDS [RAM SWAP] | readbench N | workload MIB PASSES\n");
	exit(100);
}

static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || n > max)
		usage();
	return n;
}

/* "268435456", "256M", "1G": bytes. */
static uint64_t size_bytes(const char *s)
{
	char *end;
	uint64_t n;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || end == s)
		usage();
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		n <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		n <<= 30, end++;
	if (*end)
		usage();
	return n;
}

static void write_file(const char *dir, const char *file, const char *value)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, value, strlen(value)) != (ssize_t)strlen(value))
		die(path);
	close(fd);
}

static int cmd_enter(int argc, char **argv)
{
	char dir[256], pid[32];
	int i = 1;

	if (argc < 3 || strchr(argv[0], '/') || argv[0][0] == '.')
		usage();
	snprintf(dir, sizeof dir, "%s/%s", CGROUP_DIR, argv[0]);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		die(dir);
	for (; i < argc && !strncmp(argv[i], "ram=", 4); i++)
		write_file(dir, "memory.max", argv[i] + 4);
	for (; i < argc && !strncmp(argv[i], "swap=", 5); i++)
		write_file(dir, "memory.swap.max", argv[i] + 5);
	if (i == argc)
		usage();
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	write_file(dir, "cgroup.procs", pid);
	if (unshare(CLONE_NEWCGROUP | CLONE_NEWNS) < 0)
		die("unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private");
	if (umount2(CGROUP_DIR, MNT_DETACH) < 0 ||
	    mount("cgroup2", CGROUP_DIR, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mount cgroup2 in the namespace");
	execvp(argv[i], argv + i);
	die(argv[i]);
	return 111;
}

static int cmd_sysinfo(void)
{
	struct sysinfo si;
	uint64_t u;

	if (sysinfo(&si) < 0)
		die("sysinfo");
	u = si.mem_unit;
	printf("totalram=%" PRIu64 "\nfreeram=%" PRIu64 "\nsharedram=%" PRIu64
	       "\nbufferram=%" PRIu64 "\ntotalswap=%" PRIu64 "\nfreeswap=%" PRIu64 "\n",
	       si.totalram * u, si.freeram * u, si.sharedram * u, si.bufferram * u,
	       si.totalswap * u, si.freeswap * u);
	return 0;
}

/* Pages half random, half zero: about as compressible as real anonymous memory. */
static void touch(unsigned char *p, size_t len, uint64_t seed)
{
	size_t off, i;

	for (off = 0; off < len; off += PAGE) {
		for (i = 0; i < PAGE / 2; i += 8) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			memcpy(p + off + i, &seed, 8);
		}
	}
}

static unsigned char *alloc_touched(unsigned long mib, uint64_t seed)
{
	unsigned char *p;

	p = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	touch(p, mib * MIB, seed);
	return p;
}

static int cmd_alloc(int argc, char **argv)
{
	unsigned long mib;
	unsigned char *p;
	int status = 0;
	pid_t pid;

	if (argc < 1)
		usage();
	mib = number(argv[0], 1u << 20);
	p = alloc_touched(mib, 88172645463325252ull);
	printf("allocated %lu MiB\n", mib);
	fflush(stdout);
	if (argc > 1) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid) {
			execvp(argv[1], argv + 1);
			die(argv[1]);
		}
		if (waitpid(pid, &status, 0) < 0)
			die("waitpid");
	}
	munmap(p, mib * MIB);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_churn(int argc, char **argv)
{
	unsigned long mib, secs, rounds = 0;
	double end;

	if (argc != 2)
		usage();
	mib = number(argv[0], 1u << 20);
	secs = number(argv[1], 3600);
	end = now() + (double)secs;
	while (now() < end) {
		munmap(alloc_touched(mib, 0x9e3779b97f4a7c15ull + rounds), mib * MIB);
		rounds++;
	}
	printf("churn %lu rounds of %lu MiB\n", rounds, mib);
	return 0;
}

static size_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(path);
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(path);
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = 0;
	return len;
}

/* The kB value of KEY in /proc/meminfo text, in bytes; -1 if absent or malformed. */
static int meminfo_get(const char *text, const char *key, uint64_t *bytes)
{
	char pat[64];
	const char *p;
	char *end;
	unsigned long long kb;

	snprintf(pat, sizeof pat, "\n%s:", key);
	p = strstr(text, pat);
	if (!p && !strncmp(text, pat + 1, strlen(pat + 1)))
		p = text - 1;
	if (!p)
		return -1;
	errno = 0;
	kb = strtoull(p + strlen(pat), &end, 10);
	if (errno || strncmp(end, " kB\n", 4))
		return -1;
	*bytes = kb * 1024;
	return 0;
}

static int view_read(struct view *v)
{
	static char buf[MEMINFO_MAX];
	struct sysinfo si;
	char *line, *save;

	memset(v, 0, sizeof *v);
	read_file("/proc/meminfo", buf, sizeof buf);
	if (meminfo_get(buf, "MemTotal", &v->mem_total) || meminfo_get(buf, "MemFree", &v->mem_free) ||
	    meminfo_get(buf, "MemAvailable", &v->mem_avail) ||
	    meminfo_get(buf, "SwapTotal", &v->swap_total) ||
	    meminfo_get(buf, "SwapFree", &v->swap_free))
		return -1;
	if (sysinfo(&si) < 0)
		die("sysinfo");
	v->si_total = (uint64_t)si.totalram * si.mem_unit;
	v->si_free = (uint64_t)si.freeram * si.mem_unit;
	v->si_swap_total = (uint64_t)si.totalswap * si.mem_unit;
	v->si_swap_free = (uint64_t)si.freeswap * si.mem_unit;
	read_file("/proc/swaps", buf, sizeof buf);
	line = strtok_r(buf, "\n", &save);
	while ((line = strtok_r(NULL, "\n", &save))) {
		unsigned long long size, used;

		if (sscanf(line, "%*s %*s %llu %llu", &size, &used) != 2)
			return -1;
		v->swaps_size += size * 1024;
		v->swaps_used += used * 1024;
		v->swaps_lines++;
	}
	return 0;
}

#define FAIL(...) (fprintf(stdout, "FAIL: " __VA_ARGS__), fputc('\n', stdout), bad++)

/* Number of violated invariants in v (first: the first reading). */
static int view_check(const struct view *v, const struct view *first, uint64_t ram, uint64_t swap)
{
	const uint64_t wrap = UINT64_C(1) << 62;
	int bad = 0;

	if (v->mem_total >= wrap || v->mem_free >= wrap || v->mem_avail >= wrap ||
	    v->swap_total >= wrap || v->swap_free >= wrap)
		FAIL("a value wrapped: MemTotal %" PRIu64 " MemFree %" PRIu64 " MemAvailable %" PRIu64
		     " SwapTotal %" PRIu64 " SwapFree %" PRIu64,
		     v->mem_total, v->mem_free, v->mem_avail, v->swap_total, v->swap_free);
	if (v->mem_free > v->mem_total || v->mem_avail > v->mem_total)
		FAIL("free above total: MemFree %" PRIu64 " MemAvailable %" PRIu64 " MemTotal %" PRIu64,
		     v->mem_free, v->mem_avail, v->mem_total);
	if (v->swap_free > v->swap_total)
		FAIL("SwapFree %" PRIu64 " above SwapTotal %" PRIu64, v->swap_free, v->swap_total);
	if (v->si_free > v->si_total || v->si_swap_free > v->si_swap_total)
		FAIL("sysinfo free above total");
	if (v->mem_total != first->mem_total || v->swap_total != first->swap_total)
		FAIL("totals changed: MemTotal %" PRIu64 " -> %" PRIu64 ", SwapTotal %" PRIu64
		     " -> %" PRIu64, first->mem_total, v->mem_total, first->swap_total, v->swap_total);
	if (v->si_total != v->mem_total || v->si_swap_total != v->swap_total)
		FAIL("sysinfo totals %" PRIu64 "/%" PRIu64 " differ from meminfo %" PRIu64 "/%" PRIu64,
		     v->si_total, v->si_swap_total, v->mem_total, v->swap_total);
	if (v->swaps_size != v->swap_total || v->swaps_used > v->swaps_size)
		FAIL("/proc/swaps %" PRIu64 " (used %" PRIu64 ") differs from SwapTotal %" PRIu64,
		     v->swaps_size, v->swaps_used, v->swap_total);
	if (ram && (v->mem_total > ram || ram - v->mem_total >= PAGE))
		FAIL("MemTotal %" PRIu64 " is not the limit %" PRIu64, v->mem_total, ram);
	if (ram && (v->swap_total > swap || swap - v->swap_total >= PAGE))
		FAIL("SwapTotal %" PRIu64 " is not the limit %" PRIu64, v->swap_total, swap);
	return bad;
}

static int cmd_check(int argc, char **argv)
{
	uint64_t ram = 0, swap = 0;
	unsigned long secs, reads = 0;
	struct view first, v;
	int bad = 0;
	double end;

	if (argc != 1 && argc != 3)
		usage();
	secs = number(argv[0], 3600);
	if (argc == 3) {
		ram = size_bytes(argv[1]);
		swap = size_bytes(argv[2]);
	}
	if (view_read(&first) < 0) {
		printf("FAIL: /proc/meminfo or /proc/swaps malformed\n");
		return 1;
	}
	end = now() + (double)secs;
	do {
		if (view_read(&v) < 0) {
			printf("FAIL: /proc/meminfo or /proc/swaps malformed\n");
			return 1;
		}
		bad += view_check(&v, &first, ram, swap);
		reads++;
	} while (!bad && now() < end);
	printf("%s %lu reads\n", bad ? "FAIL" : "ok", reads);
	return bad ? 1 : 0;
}

static int cmd_readbench(int argc, char **argv)
{
	static char buf[MEMINFO_MAX];
	unsigned long n, i;
	double start;

	if (argc != 1)
		usage();
	n = number(argv[0], 100000000);
	if (!n)
		usage();
	start = now();
	for (i = 0; i < n; i++)
		read_file("/proc/meminfo", buf, sizeof buf);
	printf("%.0f ns/read\n", (now() - start) * 1e9 / (double)n);
	return 0;
}

static int cmd_workload(int argc, char **argv)
{
	unsigned long mib, passes, pass;
	unsigned char *p;
	double start;
	size_t off;

	if (argc != 2)
		usage();
	mib = number(argv[0], 1u << 20);
	passes = number(argv[1], 1000);
	start = now();
	p = alloc_touched(mib, 0x2545f4914f6cdd1dull);
	for (pass = 1; pass < passes; pass++)
		for (off = 0; off < mib * MIB; off += PAGE)
			p[off + PAGE - 1] = (unsigned char)pass;
	printf("%.1f MiB/s\n", (double)(mib * passes) / (now() - start));
	munmap(p, mib * MIB);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "enter"))
		return cmd_enter(argc - 2, argv + 2);
	if (!strcmp(argv[1], "sysinfo") && argc == 2)
		return cmd_sysinfo();
	if (!strcmp(argv[1], "alloc"))
		return cmd_alloc(argc - 2, argv + 2);
	if (!strcmp(argv[1], "churn"))
		return cmd_churn(argc - 2, argv + 2);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "readbench"))
		return cmd_readbench(argc - 2, argv + 2);
	if (!strcmp(argv[1], "workload"))
		return cmd_workload(argc - 2, argv + 2);
	usage();
	return 100;
}
