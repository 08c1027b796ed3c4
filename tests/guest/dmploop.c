/*
 * dmploop: the in-guest driver of tests/system/5x-*.t for the dm-ploop
 * kernel target. Images are made and read with lib/ploop (an independent
 * userspace implementation, the oracle); tables are loaded with lib/dm.
 * Each subcommand prints one line per result and exits 0 on success,
 * 1 on a test failure (mismatch, findings), 100 on usage, 111 on a system
 * error. This file: the helpers the commands share, and the command table.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmploop.h"

static const char *prog = "dmploop";

void die(int code, const char *what, int err)
{
	if (err)
		fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", prog, what);
	exit(code);
}

uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		die(100, "bad number", 0);
	switch (*end) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end)
		die(100, "bad number suffix", 0);
	return v;
}

void *xmalloc_aligned(size_t len)
{
	void *p;

	if (posix_memalign(&p, 4096, len))
		die(111, "out of memory", 0);
	return p;
}

/* Deterministic content: every 8-byte word depends on seed and offset. */
static uint64_t pattern_word(uint64_t seed, uint64_t off)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ull + (off >> 3) + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void pattern_fill(unsigned char *buf, size_t len, uint64_t seed, uint64_t off)
{
	size_t i;
	uint64_t w;

	for (i = 0; i < len; i += 8) {
		w = pattern_word(seed, off + i);
		memcpy(buf + i, &w, 8);
	}
}

int open_dev(const char *dev, int flags)
{
	int fd = open(dev, flags | O_CLOEXEC);

	if (fd < 0)
		die(111, dev, errno);
	return fd;
}

void pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	int r = ploop_pread_full(fd, buf, len, off);

	if (r)
		die(111, "read", -r);
}

/* FILE... bottom to top; "raw:" marks a raw image; top RW when rw. */
void stack_open(struct ploop_stack *s, int n, char **files, int rw)
{
	struct ploop_image *img;
	unsigned flags;
	const char *path;
	int i, r;

	memset(s, 0, sizeof *s);
	for (i = 0; i < n; i++) {
		path = files[i];
		flags = PLOOP_OPEN_FORCE;
		if (!strncmp(path, "raw:", 4)) {
			flags |= PLOOP_OPEN_RAW;
			path += 4;
		}
		if (rw && i == n - 1)
			flags |= PLOOP_OPEN_RW;
		r = ploop_image_open(&img, path, flags);
		if (r)
			die(111, path, -r);
		r = ploop_stack_push(s, img);
		if (r)
			die(111, "stack", -r);
	}
}

void stack_close(struct ploop_stack *s)
{
	unsigned i;
	int r;

	for (i = 0; i < s->count; i++) {
		r = ploop_image_close(s->delta[i]);
		if (r)
			die(111, "close", -r);
	}
}

int verify_buf(const unsigned char *buf, size_t n, uint64_t seed, uint64_t off,
		      unsigned char *want)
{
	size_t i;

	pattern_fill(want, n, seed, off);
	if (!memcmp(buf, want, n))
		return 0;
	for (i = 0; i < n && buf[i] == want[i]; i++)
		;
	printf("mismatch at %" PRIu64 "\n", off + i);
	return 1;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
} cmds[] = {
	{ "create", cmd_create }, { "lib-write", cmd_lib_write }, { "lib-grow", cmd_lib_grow },
	{ "pattern-write", cmd_pattern_write }, { "pattern-verify", cmd_pattern_verify },
	{ "compare", cmd_compare }, { "setup", cmd_setup }, { "reload", cmd_reload },
	{ "suspend", cmd_simple }, { "resume", cmd_simple }, { "remove", cmd_simple },
	{ "status", cmd_status }, { "table", cmd_status }, { "discard", cmd_discard },
	{ "records-verify", cmd_records_verify }, { "fsync-loop", cmd_fsync_loop },
	{ "flush", cmd_flush }, { "dm-create", cmd_dm_table }, { "dm-reload", cmd_dm_table },
	{ "dm-message", cmd_dm_message },
	{ "concurrent", cmd_concurrent }, { "mangle", cmd_mangle }, { "header", cmd_header },
	{ "libcheck", cmd_libcheck },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		die(100, "usage: dmploop COMMAND ARGS...", 0);
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	die(100, "unknown command", 0);
	return 100;
}

