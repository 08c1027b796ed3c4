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

struct tmpl_unpack {
	int destfd;
	uid_t shift_uid;
	gid_t shift_gid;
	int layer;		/* an OCI layer: whiteouts, replace what lower layers left */
	uint64_t bytes_left;	/* free space of dest's filesystem */
	uint64_t inodes_left;
	const struct report *rep;
	char **created;		/* layers: paths this layer made, kept by opaque whiteouts */
	size_t n_created, cap_created;
	int parent_fd;		/* the last parent directory looked up */
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

#endif
