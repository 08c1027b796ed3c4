#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tmpl/stream.h"

#define TRAILER_MAX (1 << 20)
#define SAID_MAX 200		/* bytes of the decompressor's own message quoted */

struct magic {
	const unsigned char bytes[6];
	size_t len;
	const char *tool;
	const char *options;	/* after -dc */
};

/* zstd without its I/O threads: the sandbox allows no clone. */
static const struct magic magics[] = {
	{ { 0x1f, 0x8b }, 2, "gzip", NULL },
	{ { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, "xz", NULL },
	{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, "zstd", "--no-asyncio" },
};

const char *tmpl_tool_path(const char *tool, char *buf, size_t len)
{
	static const char *const dirs[] = { "/usr/bin", "/bin", "/usr/sbin", "/sbin" };

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		int n = snprintf(buf, len, "%s/%s", dirs[i], tool);

		if (n > 0 && (size_t)n < len && access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static const struct magic *magic_find(int fd)
{
	unsigned char head[6] = { 0 };
	ssize_t n = pread(fd, head, sizeof head, 0);

	for (size_t i = 0; n > 0 && i < sizeof magics / sizeof magics[0]; i++)
		if ((size_t)n >= magics[i].len && !memcmp(head, magics[i].bytes, magics[i].len))
			return &magics[i];
	return NULL;
}

static int decompressor_start(struct tmpl_stream *s, const struct magic *m, int in)
{
	char exe[64];
	char *argv[] = { (char *)m->tool, (char *)"-dc", (char *)m->options, NULL };

	if (!tmpl_tool_path(s->tool, exe, sizeof exe)) {
		report_msg(s->rep, "%s: a %s archive, but no %s program is installed", s->path,
			   s->tool, s->tool);
		return -1;
	}
	if (tmpl_sandbox_start(&s->sb, exe, argv, in) < 0) {
		report_msg(s->rep, "%s: start %s: %s", s->path, s->tool, strerror(errno));
		return -1;
	}
	s->fd = s->sb.out;
	return 0;
}

int tmpl_stream_open_fd(struct tmpl_stream *s, int fd, const char *name,
			const struct report *rep)
{
	const struct magic *m;
	int r;

	memset(s, 0, sizeof *s);
	s->fd = s->sb.out = s->sb.err = -1;
	s->rep = rep;
	snprintf(s->path, sizeof s->path, "%s", name);
	m = magic_find(fd);
	if (!m) {
		s->fd = fd;
		return 0;
	}
	s->tool = m->tool;
	r = decompressor_start(s, m, fd);
	close(fd);
	return r;
}

int tmpl_stream_open(struct tmpl_stream *s, const char *path, const struct report *rep)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		report_msg(rep, "%s: %s", path, strerror(errno));
		return -1;
	}
	return tmpl_stream_open_fd(s, fd, path, rep);
}

/* The first line the decompressor wrote to stderr, printable ASCII only, into said. */
static void said_read(struct tmpl_stream *s, char *said, size_t size)
{
	char buf[SAID_MAX];
	ssize_t n;
	size_t len = 0;

	do
		n = read(s->sb.err, buf, sizeof buf);
	while (n < 0 && errno == EINTR);
	for (ssize_t i = 0; i < n && buf[i] != '\n' && len + 1 < size; i++)
		said[len++] = buf[i] >= 0x20 && buf[i] < 0x7f ? buf[i] : '?';
	said[len] = '\0';
}

static const char *signal_why(int sig, unsigned cpu, char *buf, size_t size)
{
	switch (sig) {
	case SIGSYS:
		return "SIGSYS: it made a system call outside its seccomp allowlist";
	case SIGXCPU:
		snprintf(buf, size, "SIGXCPU: it used up its CPU time limit of %u s", cpu);
		return buf;
	case SIGKILL:
		return "SIGKILL (the OOM killer, an operator, or its CPU time limit)";
	default:
		snprintf(buf, size, "signal %d (%s)", sig, strsignal(sig));
		return buf;
	}
}

/* Why the decompressor failed, from its wait status and its stderr: one message. */
static void failure_report(struct tmpl_stream *s, int status)
{
	char said[SAID_MAX + 1], why[96];

	said_read(s, said, sizeof said);
	if (WIFSIGNALED(status))
		report_msg(s->rep, "%s: %s was killed by %s", s->path, s->tool,
			   signal_why(WTERMSIG(status), s->sb.cpu, why, sizeof why));
	else if (WEXITSTATUS(status) == TMPL_SANDBOX_SETUP_FAILED && !strncmp(said, "sandbox: ", 9))
		report_msg(s->rep, "%s: %s could not be started confined: %s", s->path, s->tool,
			   said + 9);
	else
		report_msg(s->rep, "%s: %s reports a corrupt or truncated compressed stream, or one"
			   " beyond its limits (exit status %d%s%s)", s->path, s->tool,
			   WEXITSTATUS(status), said[0] ? ": " : "", said);
}

/* Reaps the decompressor; with report set, a failure is reported. -1 if it failed. */
static int reap(struct tmpl_stream *s, int report)
{
	int status = 0;

	while (waitpid(s->sb.pid, &status, 0) < 0)
		if (errno != EINTR) {
			report_msg(s->rep, "%s: wait for %s: %s", s->path, s->tool, strerror(errno));
			status = -1;
			break;
		}
	s->sb.pid = 0;
	s->failed = status != 0;
	if (s->failed && report && status != -1)
		failure_report(s, status);
	close(s->sb.err);
	s->sb.err = -1;
	return s->failed ? -1 : 0;
}

ssize_t tmpl_stream_read(void *stream, void *buf, size_t n)
{
	struct tmpl_stream *s = stream;
	ssize_t r;

	do
		r = read(s->fd, buf, n);
	while (r < 0 && errno == EINTR);
	/* The end of a compressed stream counts only if the decompressor vouches for it. */
	if (r == 0 && s->sb.pid && reap(s, 1) < 0)
		return (errno = ECANCELED, -1);
	if (r == 0 && s->failed)
		return (errno = ECANCELED, -1);
	return r;
}

static int drain(struct tmpl_stream *s)
{
	char buf[16384];
	size_t total = 0;
	ssize_t r;

	while ((r = tmpl_stream_read(s, buf, sizeof buf)) > 0) {
		total += (size_t)r;
		if (total > TRAILER_MAX) {
			report_msg(s->rep, "%s: more than 1 MiB of data after the end of the archive",
				   s->path);
			return -1;
		}
	}
	if (r < 0 && errno != ECANCELED)
		report_msg(s->rep, "%s: read: %s", s->path, strerror(errno));
	return r < 0 ? -1 : 0;
}

int tmpl_stream_close(struct tmpl_stream *s, int ok, const struct report *rep)
{
	int ret = 0;

	s->rep = rep;
	if (ok && drain(s) < 0)
		ret = -1;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->sb.pid) {
		/* Not reaped at the end of its data: extraction failed and said why. */
		kill(s->sb.pid, SIGKILL);
		reap(s, 0);
	}
	return ret;
}
