#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tmpl/stream.h"

#define TRAILER_MAX (1 << 20)

struct magic {
	const unsigned char bytes[6];
	size_t len;
	const char *tool;
};

static const struct magic magics[] = {
	{ { 0x1f, 0x8b }, 2, "gzip" },
	{ { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, "xz" },
	{ { 0x28, 0xb5, 0x2f, 0xfd }, 4, "zstd" },
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

static const char *magic_tool(int fd)
{
	unsigned char head[6] = { 0 };
	ssize_t n = pread(fd, head, sizeof head, 0);

	for (size_t i = 0; n > 0 && i < sizeof magics / sizeof magics[0]; i++)
		if ((size_t)n >= magics[i].len && !memcmp(head, magics[i].bytes, magics[i].len))
			return magics[i].tool;
	return NULL;
}

static void child_exec(const char *exe, char *const argv[], int in, int out)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in, 0) == 0 && dup2(out, 1) == 1)
		execv(exe, argv);
	_exit(127);
}

static int spawn_decompressor(struct tmpl_stream *s, int in, const struct report *rep)
{
	char exe[64];
	char *argv[] = { (char *)s->tool, (char *)"-dc", NULL };
	int p[2];

	if (!tmpl_tool_path(s->tool, exe, sizeof exe)) {
		report_msg(rep, "%s: a %s archive, but no %s program is installed", s->path,
			   s->tool, s->tool);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		report_msg(rep, "%s: pipe: %s", s->path, strerror(errno));
		return -1;
	}
	s->pid = fork();
	if (s->pid == 0)
		child_exec(exe, argv, in, p[1]);
	close(p[1]);
	if (s->pid < 0) {
		close(p[0]);
		s->pid = 0;
		report_msg(rep, "%s: fork: %s", s->path, strerror(errno));
		return -1;
	}
	s->fd = p[0];
	return 0;
}

int tmpl_stream_open_fd(struct tmpl_stream *s, int fd, const char *name,
			const struct report *rep)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	snprintf(s->path, sizeof s->path, "%s", name);
	s->tool = magic_tool(fd);
	if (!s->tool) {
		s->fd = fd;
		return 0;
	}
	if (spawn_decompressor(s, fd, rep) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
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

/* Reaps the decompressor; -1 with *failed set if it did not exit 0. */
static int reap(struct tmpl_stream *s)
{
	int status;

	while (waitpid(s->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	s->pid = 0;
	s->failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return 0;
}

ssize_t tmpl_stream_read(void *stream, void *buf, size_t n)
{
	struct tmpl_stream *s = stream;
	ssize_t r;

	do
		r = read(s->fd, buf, n);
	while (r < 0 && errno == EINTR);
	/* The end of a compressed stream counts only if the decompressor vouches for it. */
	if (r == 0 && s->pid && (reap(s) < 0 || s->failed))
		return (errno = EBADMSG, -1);
	return r;
}

static int drain(struct tmpl_stream *s, const struct report *rep)
{
	char buf[16384];
	size_t total = 0;
	ssize_t r;

	while ((r = tmpl_stream_read(s, buf, sizeof buf)) > 0) {
		total += (size_t)r;
		if (total > TRAILER_MAX) {
			report_msg(rep, "%s: more than 1 MiB of data after the end of the archive",
				   s->path);
			return -1;
		}
	}
	if (r < 0) {
		report_msg(rep, "%s: read: %s", s->path, strerror(errno));
		return -1;
	}
	return 0;
}

int tmpl_stream_close(struct tmpl_stream *s, int ok, const struct report *rep)
{
	int ret = 0, killed = 0;

	if (ok && drain(s, rep) < 0)
		ok = 0, ret = -1;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->pid && !ok) {
		kill(s->pid, SIGKILL);
		killed = 1;
	}
	if (s->pid && reap(s) < 0) {
		report_msg(rep, "%s: wait for %s: %s", s->path, s->tool, strerror(errno));
		return -1;
	}
	if (s->failed && !killed) {
		report_msg(rep, "%s: %s reports a corrupt or truncated compressed stream",
			   s->path, s->tool);
		ret = -1;
	}
	return ret;
}
