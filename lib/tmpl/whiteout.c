#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tmpl/unpack.h"

#define WHITEOUT ".wh."
#define WHITEOUT_META ".wh..wh."
#define WHITEOUT_OPAQUE ".wh..wh..opq"

static const char *base_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? slash + 1 : rel;
}

int tmpl_whiteout_is(const char *rel)
{
	return !strncmp(base_of(rel), WHITEOUT, strlen(WHITEOUT));
}

/* The directory holding rel, opened beneath destfd; -1 with errno ENOENT if there is none to use. */
static int dir_open(int destfd, const char *rel)
{
	char dir[TMPL_PATH_MAX];
	size_t len = (size_t)(base_of(rel) - rel);
	int fd;

	memcpy(dir, rel, len);
	dir[len ? len - 1 : 0] = '\0';
	fd = tmpl_fs_open(destfd, dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR || errno == EXDEV))
		errno = ENOENT;	/* through a symlink or a file: no lower directory there */
	return fd;
}

int tmpl_whiteout_apply(int destfd, const char *rel, const struct report *rep)
{
	const char *base = base_of(rel), *name = base + strlen(WHITEOUT);
	int opaque = !strcmp(base, WHITEOUT_OPAQUE), fd, r;

	if (!opaque && !strncmp(base, WHITEOUT_META, strlen(WHITEOUT_META)))
		return 0;
	if (!opaque && (!*name || !strcmp(name, ".") || !strcmp(name, ".."))) {
		report_msg(rep, "%s: refused: a whiteout that names no entry", rel);
		return -1;
	}
	fd = dir_open(destfd, rel);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		report_msg(rep, "%s: whiteout: its directory: %s", rel, strerror(errno));
		return -1;
	}
	r = opaque ? tmpl_fs_clear(fd) : tmpl_fs_remove(fd, name);
	if (r < 0)
		report_msg(rep, "%s: %s: %s", rel, opaque ? "opaque whiteout" : "whiteout",
			   strerror(errno));
	close(fd);
	return r;
}
