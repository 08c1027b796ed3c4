#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "tmpl/tmpl.h"
#include "tmpl/stream.h"
#include "tmpl/unpack.h"

int tmpl_unpack_init(struct tmpl_unpack *u, int destfd, uid_t shift_uid, gid_t shift_gid,
		     const struct report *rep)
{
	struct statvfs vfs;

	memset(u, 0, sizeof *u);
	u->destfd = destfd;
	u->shift_uid = shift_uid;
	u->shift_gid = shift_gid;
	u->rep = rep;
	u->parent_fd = -1;
	if (fstatvfs(destfd, &vfs) < 0)
		return -1;
	u->bytes_left = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	u->inodes_left = vfs.f_files ? (uint64_t)vfs.f_favail : UINT64_MAX;
	return 0;
}

static void parent_close(struct tmpl_unpack *u)
{
	if (u->parent_fd >= 0)
		close(u->parent_fd);
	u->parent_fd = -1;
	u->parent_stale = 0;
}

void tmpl_unpack_fini(struct tmpl_unpack *u)
{
	tmpl_skipped_free(&u->skipped);
	parent_close(u);
}

static int fail(struct tmpl_unpack *u, const char *path, const char *what)
{
	report_msg(u->rep, "%s: %s: %s%s", path, what, strerror(errno),
		   errno == ENOSPC || errno == EDQUOT ? " (disk full)" : "");
	return -1;
}

/* The parent directory of rel, looked up (and created) beneath dest; *base gets the last name. */
static int parent_open(struct tmpl_unpack *u, char *rel, const char **base)
{
	char *slash = strrchr(rel, '/');
	const char *dir = "";

	*base = rel;
	if (slash) {
		*slash = '\0';
		dir = rel;
		*base = slash + 1;
	}
	if (u->parent_fd < 0 || u->parent_stale || strcmp(u->parent, dir)) {
		int fd = tmpl_fs_mkdirs(u->destfd, dir, u->shift_uid, u->shift_gid);

		if (fd < 0) {
			int e = errno;

			if (slash)
				*slash = '/';
			errno = e;
			return -1;
		}
		parent_close(u);
		u->parent_fd = fd;
		snprintf(u->parent, sizeof u->parent, "%s", dir);
	}
	if (slash)
		*slash = '/';
	return u->parent_fd;
}

/*
 * Makes room for a new entry named base: replaces non-directories;
 * directories only in layers (and then the cached parent may be gone).
 */
static int clear_name(struct tmpl_unpack *u, int pfd, const char *base, const char *path)
{
	struct stat st;

	if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : fail(u, path, "stat");
	if (S_ISDIR(st.st_mode)) {
		if (u->mode != TMPL_UNPACK_LAYER) {
			report_msg(u->rep, "%s: refused: a directory of that name was extracted before",
				   path);
			return -1;
		}
		u->parent_stale = 1;
	}
	return tmpl_fs_remove(pfd, base) < 0 ? fail(u, path, "replace") : 0;
}

static int ids_shift(struct tmpl_unpack *u, const struct tmpl_member *m, uid_t *uid, gid_t *gid)
{
	if (m->uid >= TMPL_ID_LIMIT || m->gid >= TMPL_ID_LIMIT) {
		report_msg(u->rep, "%s: refused: owner %llu:%llu outside the container's ids 0..%u",
			   m->path, (unsigned long long)m->uid, (unsigned long long)m->gid,
			   TMPL_ID_LIMIT - 1);
		return -1;
	}
	*uid = u->shift_uid + (uid_t)m->uid;
	*gid = u->shift_gid + (gid_t)m->gid;
	if (*uid < u->shift_uid || *gid < u->shift_gid) {
		report_msg(u->rep, "%s: owner shifted past the largest id", m->path);
		return -1;
	}
	return 0;
}

/* Owner, then mode (chown clears setuid), then mtime, on an open fd. */
static int attrs_set(struct tmpl_unpack *u, int fd, const struct tmpl_member *m)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { m->mtime, 0 } };
	uid_t uid;
	gid_t gid;

	if (ids_shift(u, m, &uid, &gid) < 0)
		return -1;
	if (fchown(fd, uid, gid) < 0)
		return fail(u, m->path, "chown");
	if (fchmod(fd, m->mode) < 0)
		return fail(u, m->path, "chmod");
	if (m->type == TMPL_FILE && futimens(fd, ts) < 0)
		return fail(u, m->path, "set mtime");
	return 0;
}

static int dir_make(struct tmpl_unpack *u, int pfd, const char *base, const struct tmpl_member *m)
{
	struct stat st;
	int fd, ret;

	if (!*base) {
		fd = tmpl_fs_open(u->destfd, "", O_RDONLY | O_DIRECTORY);
	} else {
		if (fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode) &&
		    clear_name(u, pfd, base, m->path) < 0)
			return -1;
		if (mkdirat(pfd, base, 0700) < 0 && errno != EEXIST)
			return fail(u, m->path, "mkdir");
		fd = tmpl_fs_open(pfd, base, O_RDONLY | O_DIRECTORY);
	}
	if (fd < 0)
		return fail(u, m->path, "open directory");
	ret = attrs_set(u, fd, m);
	close(fd);
	return ret;
}

static int data_copy(struct tmpl_unpack *u, struct tmpl_tar *t, int fd, const struct tmpl_member *m)
{
	static char buf[65536];
	ssize_t n;

	while ((n = tmpl_tar_data(t, m, buf, sizeof buf, u->rep)) > 0) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return fail(u, m->path, "write");
			off += w;
		}
	}
	return n < 0 ? -1 : 0;
}

static int file_make(struct tmpl_unpack *u, struct tmpl_tar *t, int pfd, const char *base,
		     const struct tmpl_member *m)
{
	uint64_t need = (m->size + 4095) & ~(uint64_t)4095;
	int fd, ret;

	if (m->size > TMPL_MEMBER_MAX) {
		report_msg(u->rep, "%s: refused: %llu bytes, more than the member limit of %llu",
			   m->path, (unsigned long long)m->size, (unsigned long long)TMPL_MEMBER_MAX);
		return -1;
	}
	if (need > u->bytes_left) {
		report_msg(u->rep, "%s: %llu bytes, but only %llu bytes are free in the destination (disk full)",
			   m->path, (unsigned long long)m->size, (unsigned long long)u->bytes_left);
		return -1;
	}
	u->bytes_left -= need;
	if (clear_name(u, pfd, base, m->path) < 0)
		return -1;
	fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(u, m->path, "create");
	ret = data_copy(u, t, fd, m);
	if (ret == 0)
		ret = attrs_set(u, fd, m);
	close(fd);
	return ret;
}

static int symlink_make(struct tmpl_unpack *u, int pfd, const char *base,
			const struct tmpl_member *m)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { m->mtime, 0 } };
	uid_t uid;
	gid_t gid;

	if (ids_shift(u, m, &uid, &gid) < 0 || clear_name(u, pfd, base, m->path) < 0)
		return -1;
	if (symlinkat(m->link, pfd, base) < 0)
		return fail(u, m->path, "symlink");
	if (fchownat(pfd, base, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
		return fail(u, m->path, "chown");
	if (utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return fail(u, m->path, "set mtime");
	return 0;
}

/* A device node or fifo: never created, counted for the summary (hard links to it too). */
static int node_skip(struct tmpl_unpack *u, const char *rel, char type)
{
	return tmpl_skipped_add(&u->skipped, rel, type) < 0 ? fail(u, rel, "remember") : 0;
}

/* A hard link to a member already extracted: the source is looked up beneath dest too. */
static int hardlink_make(struct tmpl_unpack *u, int pfd, const char *rel, const char *base,
			 const struct tmpl_member *m)
{
	char src[TMPL_PATH_MAX], *slash;
	const char *sbase = src;
	struct stat st;
	int sfd, ret;

	if (tmpl_path_clean(m->link, src, sizeof src) < 0 || !src[0]) {
		report_msg(u->rep, "%s: refused: hard link to \"%s\" outside the destination",
			   m->path, m->link);
		return -1;
	}
	slash = strrchr(src, '/');
	if (slash) {
		*slash = '\0';
		sbase = slash + 1;
	}
	sfd = tmpl_fs_open(u->destfd, slash ? src : "", O_PATH | O_DIRECTORY);
	if (slash)
		*slash = '/';
	if (sfd < 0 || fstatat(sfd, sbase, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(st.st_mode)) {
		if (sfd >= 0)
			close(sfd);
		if (tmpl_skipped_type(&u->skipped, src))
			return node_skip(u, rel, tmpl_skipped_type(&u->skipped, src));
		report_msg(u->rep, "%s: refused: hard link to \"%s\", which is not a file extracted before",
			   m->path, m->link);
		return -1;
	}
	ret = clear_name(u, pfd, base, m->path);
	if (ret == 0 && linkat(sfd, sbase, pfd, base, 0) < 0)
		ret = fail(u, m->path, "link");
	close(sfd);
	return ret;
}

static int member_apply(struct tmpl_unpack *u, struct tmpl_tar *t, struct tmpl_member *m)
{
	char rel[TMPL_PATH_MAX];
	const char *base;
	int pfd;

	if (tmpl_path_clean(m->path, rel, sizeof rel) < 0) {
		report_msg(u->rep, "%s: refused: absolute path or \"..\" component", m->path);
		return -1;
	}
	if (!rel[0] && m->type != TMPL_DIR) {
		report_msg(u->rep, "%s: refused: names the destination itself", m->path);
		return -1;
	}
	if (u->mode != TMPL_UNPACK_TEMPLATE && tmpl_whiteout_is(rel))
		return u->mode == TMPL_UNPACK_WHITEOUTS ? tmpl_whiteout_apply(u->destfd, rel, u->rep)
							 : 0;
	if (u->mode == TMPL_UNPACK_WHITEOUTS)
		return 0;
	if (m->type == TMPL_CHAR || m->type == TMPL_BLOCK || m->type == TMPL_FIFO)
		return node_skip(u, rel, m->type);
	if (u->inodes_left-- == 0) {
		report_msg(u->rep, "%s: no free inodes left in the destination (disk full)", m->path);
		return -1;
	}
	pfd = parent_open(u, rel, &base);
	if (pfd < 0) {
		report_msg(u->rep, "%s: refused: its directory %s (%s)", m->path,
			   errno == ELOOP || errno == ENOTDIR || errno == EXDEV ?
			   "goes through a symlink or a non-directory" : "cannot be opened",
			   strerror(errno));
		return -1;
	}
	switch (m->type) {
	case TMPL_DIR: return dir_make(u, pfd, base, m);
	case TMPL_FILE: return file_make(u, t, pfd, base, m);
	case TMPL_SYMLINK: return symlink_make(u, pfd, base, m);
	default: return hardlink_make(u, pfd, rel, base, m);
	}
}

int tmpl_unpack_tar(struct tmpl_unpack *u, struct tmpl_tar *t)
{
	static struct tmpl_member m;
	int r;

	while ((r = tmpl_tar_next(t, &m, u->rep)) > 0)
		if (member_apply(u, t, &m) < 0)
			return -1;
	return r;
}

struct named {
	const struct report *rep;
	const char *name;
};

static void named_msg(void *ctx, const char *msg)
{
	const struct named *n = ctx;

	report_msg(n->rep, "%s: %s", n->name, msg);
}

/* The tar reader's and the unpacker's messages name the tarball first (the stream's do already). */
static int unpack_stream(struct tmpl_unpack *u, struct tmpl_stream *s)
{
	const struct report *rep = u->rep;
	struct named n = { rep, s->path };
	struct report named = { named_msg, &n };
	struct tmpl_tar t;
	int r;

	tmpl_tar_init(&t, tmpl_stream_read, s);
	u->rep = &named;
	r = tmpl_unpack_tar(u, &t);
	u->rep = rep;
	if (tmpl_stream_close(s, r == 0, rep) < 0)
		r = -1;
	return r;
}

int tmpl_unpack_file(struct tmpl_unpack *u, const char *path)
{
	struct tmpl_stream s;

	if (tmpl_stream_open(&s, path, u->rep) < 0)
		return -1;
	return unpack_stream(u, &s);
}

int tmpl_unpack_fd(struct tmpl_unpack *u, int fd, const char *name)
{
	struct tmpl_stream s;

	if (tmpl_stream_open_fd(&s, fd, name, u->rep) < 0)
		return -1;
	return unpack_stream(u, &s);
}
