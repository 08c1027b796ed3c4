#ifndef VZHOST_TMPL_TAR_H
#define VZHOST_TMPL_TAR_H

/*
 * A tar reader for templates: ustar, GNU long names and links (L, K), pax
 * extended headers (path, linkpath, size, uid, gid, mtime). Every field is
 * bounded and checked; what it does not understand it refuses by name.
 * Device nodes and fifos are returned as such (the unpacker skips them).
 */

#include <stdint.h>
#include <sys/types.h>

#include "base/report.h"

#define TMPL_PATH_MAX 4096	/* member paths and link targets, with the NUL */
#define TMPL_PAX_MAX 65536	/* bytes of one pax extended header */

enum tmpl_member_type {
	TMPL_FILE = '0',
	TMPL_HARDLINK = '1',
	TMPL_SYMLINK = '2',
	TMPL_DIR = '5',
	TMPL_CHAR = '3',	/* device nodes and fifos: read, never created */
	TMPL_BLOCK = '4',
	TMPL_FIFO = '6',
};

struct tmpl_member {
	char path[TMPL_PATH_MAX];
	char link[TMPL_PATH_MAX];	/* symlink target or hard link source */
	char type;			/* enum tmpl_member_type */
	unsigned mode;			/* permission bits, 07777 */
	uint64_t size;			/* data bytes (regular files) */
	uint64_t uid, gid;
	int64_t mtime;
};

struct tmpl_tar {
	/*
	 * Reads up to n bytes; 0 at end of input, -1 with errno on error
	 * (ECANCELED: the read function has reported the error itself).
	 */
	ssize_t (*read)(void *ctx, void *buf, size_t n);
	void *ctx;
	uint64_t offset;	/* bytes consumed, for messages */
	uint64_t left;		/* data bytes of the current member not yet read */
	uint64_t pad;		/* padding after them */
};

void tmpl_tar_init(struct tmpl_tar *t, ssize_t (*read)(void *, void *, size_t), void *ctx);
/* The next member into m: 1, 0 at the end of the archive, -1 after a report. */
int tmpl_tar_next(struct tmpl_tar *t, struct tmpl_member *m, const struct report *rep);
/* Up to n data bytes of the current member: 0 at its end, -1 after a report. */
ssize_t tmpl_tar_data(struct tmpl_tar *t, const struct tmpl_member *m, void *buf, size_t n,
		      const struct report *rep);
/* Skips what is left of the current member's data. */
int tmpl_tar_skip(struct tmpl_tar *t, const struct report *rep);

/*
 * A member path made relative to the destination: "./" prefixes, "."
 * components and repeated or trailing slashes dropped; "" is the
 * destination itself. -1 for absolute paths, ".." components and paths
 * that do not fit.
 */
int tmpl_path_clean(const char *in, char *out, size_t size);

#endif
