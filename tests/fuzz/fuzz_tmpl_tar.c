/*
 * libFuzzer target: the template tar reader (ustar headers, GNU long
 * names and links, pax records) over arbitrary bytes, and the path
 * cleaner on every member name. Invariants: a member's path and link are
 * NUL terminated within bounds, its type is one of the four accepted, a
 * clean path has no ".." component and no leading slash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "tmpl/tar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct buf {
	const uint8_t *p;
	size_t left;
};

static ssize_t buf_read(void *ctx, void *out, size_t n)
{
	struct buf *b = ctx;

	if (n > b->left)
		n = b->left;
	if (n > 700)
		n = 700;	/* short reads, as from a pipe */
	memcpy(out, b->p, n);
	b->p += n;
	b->left -= n;
	return (ssize_t)n;
}

static void check(int cond)
{
	if (!cond)
		abort();
}

static void path_check(const char *path)
{
	char clean[TMPL_PATH_MAX];

	if (tmpl_path_clean(path, clean, sizeof clean) < 0)
		return;
	check(clean[0] != '/');
	check(strcmp(clean, "..") && strncmp(clean, "../", 3) && !strstr(clean, "/../"));
	check(strlen(clean) < 3 || strcmp(clean + strlen(clean) - 3, "/.."));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tmpl_member m;
	struct buf b = { data, size };
	struct tmpl_tar t;
	char chunk[4096];
	int members = 0;

	tmpl_tar_init(&t, buf_read, &b);
	while (members++ < 10000 && tmpl_tar_next(&t, &m, NULL) > 0) {
		check(memchr(m.path, '\0', sizeof m.path) && memchr(m.link, '\0', sizeof m.link));
		check(m.type == TMPL_FILE || m.type == TMPL_DIR || m.type == TMPL_SYMLINK ||
		      m.type == TMPL_HARDLINK || m.type == TMPL_CHAR || m.type == TMPL_BLOCK ||
		      m.type == TMPL_FIFO);
		check(m.mode <= 07777);
		path_check(m.path);
		path_check(m.link);
		while (tmpl_tar_data(&t, &m, chunk, sizeof chunk, NULL) > 0)
			;
	}
	return 0;
}
