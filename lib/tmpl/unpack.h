#ifndef VZHOST_TMPL_UNPACK_H
#define VZHOST_TMPL_UNPACK_H

/*
 * Writing a tar stream into a directory tree without ever leaving it:
 * every lookup goes through openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)
 * one component at a time from the destination's fd.
 */

#include <stdint.h>
#include <sys/types.h>

#include "base/report.h"
#include "tmpl/tar.h"

/*
 * What a pass over a tarball does. An OCI layer takes two passes: its
 * whiteouts first, which only ever hide what lower layers left, then its
 * files, which whiteouts of the same layer never touch (OCI image spec,
 * "Whiteouts"), whatever the order of the members in the tar.
 */
enum tmpl_unpack_mode {
	TMPL_UNPACK_TEMPLATE,	/* every member; ".wh." is an ordinary name */
	TMPL_UNPACK_WHITEOUTS,	/* a layer's whiteouts only, applied to what is there */
	TMPL_UNPACK_LAYER,	/* a layer's other members, replacing what lower layers left */
};

#define TMPL_SKIPPED_KEPT 4096	/* skipped paths remembered for hard links to them */

/* Device nodes and fifos met and not created. */
struct tmpl_skipped {
	uint64_t devices, fifos;
	struct tmpl_skipped_path {
		char *path;	/* cleaned */
		char type;
	} *kept;		/* the first TMPL_SKIPPED_KEPT of them */
	size_t n;
};

struct tmpl_unpack {
	int destfd;
	uid_t shift_uid;
	gid_t shift_gid;
	enum tmpl_unpack_mode mode;
	uint64_t bytes_left;	/* free space of dest's filesystem */
	uint64_t inodes_left;
	const struct report *rep;
	struct tmpl_skipped skipped;
	int parent_fd;		/* the last parent directory looked up */
	int parent_stale;	/* a directory was removed since: look up again */
	char parent[TMPL_PATH_MAX];
};

/* Sets up u for destfd: limits from its filesystem's free space. */
int tmpl_unpack_init(struct tmpl_unpack *u, int destfd, uid_t shift_uid, gid_t shift_gid,
		     const struct report *rep);
void tmpl_unpack_fini(struct tmpl_unpack *u);
/* Every member of the tarball at path into u's destination. */
int tmpl_unpack_file(struct tmpl_unpack *u, const char *path);
/* The same from an open tarball (closed when done); name for messages. */
int tmpl_unpack_fd(struct tmpl_unpack *u, int fd, const char *name);
/* Every member of t. */
int tmpl_unpack_tar(struct tmpl_unpack *u, struct tmpl_tar *t);

/*
 * Skipped nodes: remembered (one of TMPL_CHAR, TMPL_BLOCK, TMPL_FIFO);
 * the type of a remembered path, 0 if none; the summary line ("skipped 3
 * device nodes and 1 fifo from the template ...") to notice, if any.
 */
int tmpl_skipped_add(struct tmpl_skipped *s, const char *rel, char type);
char tmpl_skipped_type(const struct tmpl_skipped *s, const char *rel);
void tmpl_skipped_notice(const struct tmpl_skipped *s, const char *from,
			 const struct report *notice);
void tmpl_skipped_free(struct tmpl_skipped *s);

/*
 * A layer's whiteout member at rel (clean, its last name starting with
 * ".wh."): ".wh.NAME" removes NAME, ".wh..wh..opq" empties its directory;
 * other ".wh..wh." names (AUFS metadata) are ignored. A directory that does
 * not exist beneath destfd, or is reached only through a symlink or a
 * non-directory, holds nothing to remove.
 */
int tmpl_whiteout_apply(int destfd, const char *rel, const struct report *rep);
/* 1 if the last name of rel starts with ".wh.". */
int tmpl_whiteout_is(const char *rel);

/* dirfd/rel (clean, relative) opened beneath dirfd without following symlinks. */
int tmpl_fs_open(int dirfd, const char *rel, int flags);
/*
 * The directory rel beneath destfd; missing components are created
 * (mode 0755, owned by uid:gid). -1 with errno (ELOOP/ENOTDIR when a
 * component is a symlink or not a directory).
 */
int tmpl_fs_mkdirs(int destfd, const char *rel, uid_t uid, gid_t gid);
/* Removes dirfd/name and everything below it, never following symlinks. */
int tmpl_fs_remove(int dirfd, const char *name);
/* Removes everything in the directory dirfd, never following symlinks. */
int tmpl_fs_clear(int dirfd);

#endif
