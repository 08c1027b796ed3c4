#ifndef VZHOST_TMPL_REPO_H
#define VZHOST_TMPL_REPO_H

#include <stddef.h>

#include "report.h"
#include "sha256.h"
#include "tmpl.h"
#include "tmpl_http.h"

/*
 * A template repository's index.sha256, in sha256sum's format: one
 * "<64 hex digits>  NAME.tar.{zst,xz,gz}" line per template ("  " or " *"
 * between them), '#' comments and blank lines allowed. The whole index is
 * checked before anything is looked up: any line it does not understand,
 * a bad template name or a file listed twice refuses the index.
 */

#define TMPL_REPO_INDEX_MAX (1 << 20)	/* bytes of index.sha256 */
#define TMPL_REPO_LINE_MAX 512		/* bytes of one line */
#define TMPL_REPO_ENTRIES_MAX 4096
#define TMPL_REPO_FILE_MAX (TMPL_NAME_MAX + 9)	/* "NAME.tar.zst" and its NUL */

struct tmpl_repo_entry {
	char file[TMPL_REPO_FILE_MAX];	/* "NAME.tar.zst" */
	unsigned char digest[SHA256_DIGEST_LEN];
};

/*
 * Checks the whole index in buf and finds name's tarball (.tar.zst
 * preferred, then .xz, then .gz). Returns 0 with *e filled; -1 with errno
 * EINVAL (index refused, reported with its line number), ENOENT (name not
 * listed, reported), E2BIG/EFBIG (limits, reported).
 */
int tmpl_repo_index_find(const char *buf, size_t len, const char *name,
			 struct tmpl_repo_entry *e, const struct report *rep);

#define TMPL_DL_MAX (64ULL << 30)	/* bytes of a downloaded tarball */

/*
 * vztmpl-dl: fetches repo's index.sha256, then the tarball it lists for
 * name into cache_dir/.FILE.part while hashing it; kept as cache_dir/FILE
 * (fsynced, renamed) only if its SHA-256 is the index's. On any failure
 * nothing is left in cache_dir and an existing template stays as it was.
 * The final path is written to out.
 */
int tmpl_download(const char *repo, const char *name, const char *cache_dir,
		  const struct tmpl_http_opts *o, char *out, size_t size,
		  const struct report *rep);

#endif
