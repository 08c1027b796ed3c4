/*
 * The decompressor sandbox (lib/tmpl/sandbox.c) with the node's own
 * busybox: a gzip -dc waiting on a pipe is looked at through /proc (ids,
 * capabilities, no_new_privs, seccomp, fds, environment, cwd, namespaces,
 * mounts, limits), and so is the same program started plainly as root, the
 * control that shows the probe sees what it looks for. Programs making a
 * call outside the allowlist (open, nanosleep) are killed where the
 * control succeeds; one asking for 300 MiB is refused it. A killed or
 * failing decompressor ends a stream with one message naming the tarball
 * and the cause. Needs root and the node's tools (node_tools.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collect.h"
#include "node_tools.h"
#include "tap.h"
#include "tmpl/sandbox.h"
#include "tmpl/stream.h"

#define BUSYBOX NODE_ROOTFS "/bin/busybox"

static char top[256];

/* What /proc says about pid, one "key=value" line each. */
struct seen {
	char text[4096];
};

static void seen_add(struct seen *s, const char *key, const char *value)
{
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s=%s\n", key, value);
}

static void status_read(struct seen *s, pid_t pid)
{
	static const char *const keys[] = { "Uid:", "Gid:", "Groups:", "CapEff:", "CapPrm:",
					    "NoNewPrivs:", "Seccomp:" };
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			char *v = line + strlen(keys[i]);

			if (strncmp(line, keys[i], strlen(keys[i])))
				continue;
			v += strspn(v, " \t");
			v[strcspn(v, "\n")] = '\0';
			for (char *t = v; *t; t++)
				if (*t == '\t')
					*t = ' ';
			seen_add(s, keys[i], v);
		}
	}
	if (f)
		fclose(f);
}

static void limits_read(struct seen *s, pid_t pid)
{
	static const char *const keys[] = { "Max cpu time", "Max file size", "Max data size",
					    "Max core file size", "Max open files",
					    "Max address space" };
	char path[64], line[256], value[64];
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (!strncmp(line, keys[i], strlen(keys[i])) &&
			    sscanf(line + 26, "%63s", value) == 1)
				seen_add(s, keys[i], value);
	if (f)
		fclose(f);
}

/* 1 if pid's namespace ns is ours. */
static int ns_same(pid_t pid, const char *ns)
{
	char a[64], b[64], pa[64], pb[64];
	ssize_t n, m;

	snprintf(pa, sizeof pa, "/proc/%d/ns/%s", (int)pid, ns);
	snprintf(pb, sizeof pb, "/proc/self/ns/%s", ns);
	n = readlink(pa, a, sizeof a - 1);
	m = readlink(pb, b, sizeof b - 1);
	return n > 0 && n == m && !memcmp(a, b, (size_t)n);
}

static void probe(struct seen *s, pid_t pid)
{
	char cmd[256], out[512] = "";
	FILE *p;

	memset(s, 0, sizeof *s);
	status_read(s, pid);
	limits_read(s, pid);
	snprintf(cmd, sizeof cmd,
		 "cd /proc/%1$d && echo fds=$(ls fd | sort -n | tr '\\n' ' ')"
		 " env=$(wc -c < environ) cwd=$(readlink cwd) mounts=$(wc -l < mountinfo)",
		 (int)pid);
	p = popen(cmd, "r");
	if (p && fgets(out, sizeof out, p))
		out[strcspn(out, "\n")] = '\0';
	if (p)
		pclose(p);
	seen_add(s, "proc", out);
	seen_add(s, "ns", ns_same(pid, "mnt") || ns_same(pid, "net") || ns_same(pid, "ipc") ||
			  ns_same(pid, "uts") ? "some shared" : "all its own");
}

static int seen_has(const struct seen *s, const char *line)
{
	char want[256];

	snprintf(want, sizeof want, "%s\n", line);
	return strstr(s->text, want) != NULL;
}

/* A process started with stdin on a pipe we hold (so it waits) and stdout to /dev/null. */
static pid_t start(int sandboxed, char *const argv[], int *hold, struct tmpl_sandbox *sb)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	*hold = p[1];
	if (sandboxed) {
		int r = tmpl_sandbox_start(sb, BUSYBOX, argv, p[0]);

		close(p[0]);
		return r < 0 ? -1 : sb->pid;
	}
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(p[0], 0);
		dup2(null, 1);
		dup2(null, 2);
		execv(BUSYBOX, argv);
		_exit(127);
	}
	close(p[0]);
	return pid;
}

/* Waits until pid sleeps in read (it has started and set itself up). */
static void settled(pid_t pid)
{
	char path[64], stat[512];

	snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
	for (int i = 0; i < 500; i++) {
		FILE *f = fopen(path, "r");
		int n = f ? (int)fread(stat, 1, sizeof stat - 1, f) : 0;

		if (f)
			fclose(f);
		stat[n > 0 ? n : 0] = '\0';
		if (strstr(stat, "pipe_read") || strstr(stat, "pipe_wait"))
			return;
		usleep(10000);
	}
}

static int reap(pid_t pid)
{
	int status = -1;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void confinement(void)
{
	char *argv[] = { (char *)"gzip", (char *)"-dc", NULL };
	struct tmpl_sandbox sb;
	struct seen s;
	char limit[64];
	int hold;
	pid_t pid;

	pid = start(0, argv, &hold, &sb);
	settled(pid);
	probe(&s, pid);
	ok(seen_has(&s, "Uid:=0 0 0 0") && seen_has(&s, "Seccomp:=0") &&
	   seen_has(&s, "NoNewPrivs:=0") && !seen_has(&s, "CapEff:=0000000000000000") &&
	   seen_has(&s, "ns=some shared"),
	   "control: gzip -dc started plainly is seen as root, unfiltered, in our namespaces");
	close(hold);
	reap(pid);

	pid = start(1, argv, &hold, &sb);
	ok(pid > 0, "gzip -dc starts in the sandbox");
	settled(pid);
	probe(&s, pid);
	ok(seen_has(&s, "Uid:=901 901 901 901") && seen_has(&s, "Gid:=901 901 901 901") &&
	   seen_has(&s, "Groups:="), "it runs as uid and gid 901 with no groups");
	ok(seen_has(&s, "CapEff:=0000000000000000") && seen_has(&s, "CapPrm:=0000000000000000"),
	   "with no capabilities");
	ok(seen_has(&s, "NoNewPrivs:=1") && seen_has(&s, "Seccomp:=2"),
	   "with no_new_privs and a seccomp filter");
	ok(seen_has(&s, "proc=fds=0 1 2 env=0 cwd=/ mounts=2"),
	   "only stdin, stdout, stderr open, no environment, cwd /, its root and the program mounted");
	ok(seen_has(&s, "ns=all its own"), "in its own mount, network, IPC and UTS namespaces");
	snprintf(limit, sizeof limit, "Max cpu time=%u", TMPL_SANDBOX_CPU_BASE);
	ok(seen_has(&s, limit) && seen_has(&s, "Max file size=0") &&
	   seen_has(&s, "Max core file size=0") && seen_has(&s, "Max open files=3") &&
	   seen_has(&s, "Max address space=268435456") && seen_has(&s, "Max data size=268435456"),
	   "limits: CPU, no file writes, no core, 3 fds, 256 MiB");
	close(hold);
	ok(WIFEXITED(reap(pid)), "it exits when its input ends");
	close(sb.out);
	close(sb.err);
}

/* Runs busybox APPLET ARGS... both ways with /dev/null as stdin: the two wait statuses. */
static void both_ways(char *const argv[], int *plain, int *confined)
{
	struct tmpl_sandbox sb;
	int hold;
	pid_t pid;

	pid = start(0, argv, &hold, &sb);
	close(hold);
	*plain = reap(pid);
	pid = start(1, argv, &hold, &sb);
	close(hold);
	*confined = pid > 0 ? reap(pid) : -1;
	if (pid > 0) {
		close(sb.out);
		close(sb.err);
	}
}

static void refusals(void)
{
	char *cat[] = { (char *)"cat", (char *)"/etc/passwd", NULL };
	char *sleep_[] = { (char *)"sleep", (char *)"0", NULL };
	char *dd[] = { (char *)"dd", (char *)"bs=300M", (char *)"count=1", (char *)"status=none",
		       NULL };
	int plain, confined;

	both_ways(cat, &plain, &confined);
	ok(WIFEXITED(plain) && WEXITSTATUS(plain) == 0 && WIFSIGNALED(confined) &&
	   WTERMSIG(confined) == SIGSYS, "open(2): works for the control, SIGSYS in the sandbox");
	both_ways(sleep_, &plain, &confined);
	ok(WIFEXITED(plain) && WEXITSTATUS(plain) == 0 && WIFSIGNALED(confined) &&
	   WTERMSIG(confined) == SIGSYS, "nanosleep(2): works for the control, SIGSYS in the sandbox");
	both_ways(dd, &plain, &confined);
	ok(WIFEXITED(plain) && WEXITSTATUS(plain) == 0 && WIFEXITED(confined) &&
	   WEXITSTATUS(confined) != 0, "a 300 MiB buffer: works for the control, refused in the sandbox");
}

/* A stream over big.gz whose decompressor gets sig once it runs: the message. */
static void killed(int sig, const char *needle)
{
	char buf[4096], path[512];
	struct collect c;
	struct report rep = collect_report(&c);
	struct tmpl_stream s;
	ssize_t r;

	snprintf(path, sizeof path, "%s/big.gz", top);
	if (tmpl_stream_open(&s, path, &rep) < 0) {
		ok(0, "stream over %s", path);
		return;
	}
	r = tmpl_stream_read(&s, buf, sizeof buf);
	kill(s.sb.pid, sig);
	while (r > 0)
		r = tmpl_stream_read(&s, buf, sizeof buf);
	ok(r == -1 && errno == ECANCELED && c.n == 1 && strstr(c.msg[0], path) &&
	   strstr(c.msg[0], needle), "%s: the stream ends with one message: %s", strsignal(sig),
	   c.n ? c.msg[0] : "none");
	tmpl_stream_close(&s, 0, &rep);
}

static void endings(void)
{
	char path[512], buf[4096];
	struct collect c;
	struct report rep = collect_report(&c);
	struct tmpl_stream s;
	ssize_t r;

	snprintf(path, sizeof path, "head -c 50000000 /dev/zero | gzip -1 > %s/big.gz", top);
	system(path);
	killed(SIGKILL, "gzip was killed by SIGKILL");
	killed(SIGSYS, "gzip was killed by SIGSYS: it made a system call outside its seccomp allowlist");
	killed(SIGXCPU, "gzip was killed by SIGXCPU: it used up its CPU time limit of");
	killed(SIGSEGV, "gzip was killed by signal 11");

	snprintf(path, sizeof path, "%s/bad.gz", top);
	{
		FILE *f = fopen(path, "w");

		fputs("\037\213garbage-after-the-magic", f);
		fclose(f);
	}
	tmpl_stream_open(&s, path, &rep);
	while ((r = tmpl_stream_read(&s, buf, sizeof buf)) > 0)
		;
	ok(r == -1 && c.n == 1 && strstr(c.msg[0], "bad.gz: gzip reports a corrupt or truncated") &&
	   strstr(c.msg[0], "(exit status 1: gzip: "),
	   "a corrupt stream: one message with gzip's own words: %s", c.n ? c.msg[0] : "none");
	tmpl_stream_close(&s, 0, &rep);
}

/* The sandbox's root holds only the program: a dynamically linked one finds no loader. */
static void dynamic_program(void)
{
	char *argv[] = { (char *)"cat", NULL };
	struct tmpl_sandbox sb;
	char said[256] = "";
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC), status = -1;
	ssize_t n = -1;

	if (tmpl_sandbox_start(&sb, "/usr/bin/cat", argv, in) == 0) {
		status = reap(sb.pid);
		n = read(sb.err, said, sizeof said - 1);
		close(sb.out);
		close(sb.err);
	}
	said[n > 0 ? n : 0] = '\0';
	said[strcspn(said, "\n")] = '\0';
	close(in);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == TMPL_SANDBOX_SETUP_FAILED &&
	   strstr(said, "sandbox: exec: No such file or directory (a dynamically linked program?"),
	   "the host's dynamically linked cat cannot run in the empty root: %s", said);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("1..0 # SKIP the sandbox changes ids and namespaces: needs root\n");
		return 0;
	}
	snprintf(top, sizeof top, "/tmp/test_tmpl_sandbox.%d", (int)getpid());
	mkdir(top, 0700);
	if (node_tools_use(top) < 0) {
		printf("Bail out! the node's decompressors are needed (see above)\n");
		return 1;
	}
	confinement();
	refusals();
	endings();
	dynamic_program();
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf %s", top);
		system(cmd);
	}
	return done_testing();
}
