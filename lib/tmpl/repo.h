#ifndef VZHOST_TMPL_REPO_H
#define VZHOST_TMPL_REPO_H

#include <stddef.h>

#include "base/report.h"
#include "base/sha256.h"
#include "tmpl/tmpl.h"
#include "tmpl/http.h"

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

/*
 * Checks the whole index in buf as tmpl_repo_index_find does, then calls
 * fn for each entry (name: its template name), in the index's order,
 * until fn returns non-zero. 0, or -1 with errno (refused, reported).
 */
int tmpl_repo_index_each(const char *buf, size_t len,
			 int (*fn)(const struct tmpl_repo_entry *e, const char *name, void *arg),
			 void *arg, const struct report *rep);

#define TMPL_DL_MAX (64ULL << 30)	/* bytes of a downloaded tarball */
#define TMPL_REPO_CA_DEFAULT "/etc/ssl/certs/ca-certificates.crt"
#define TMPL_REPO_TIMEOUT_MS 30000	/* longest wait for the repository's server */

/*
 * The client options of vz.conf's TEMPLATE_REPO_CA (NULL or empty: the
 * default bundle) and TEMPLATE_REPO_INSECURE ("yes": plain http to any
 * address); https through tls (NULL: refused); progress on.
 */
void tmpl_repo_http_opts(const char *ca_file, const char *insecure,
			 const struct tmpl_tls_ops *tls, struct tmpl_http_opts *o);

/*
 * Locks cache_dir (created if missing) against other downloads into it:
 * flock on the directory itself, so no lock file is left among the
 * templates. Waits for the holder. Returns the fd to close, or -1 reported.
 */
int tmpl_cache_lock(const char *cache_dir, const struct report *rep);

/*
 * repo's index.sha256 into *buf (allocated, TMPL_REPO_INDEX_MAX at most;
 * the caller frees it) and *len, unchecked. 0, or -1 reported.
 */
int tmpl_repo_index_fetch(const char *repo, const struct tmpl_http_opts *o, char **buf,
			  size_t *len, const struct report *rep);

/*
 * vztmpl-dl: fetches repo's index.sha256, then the tarball it lists for
 * name into cache_dir/.FILE.part while hashing it; kept as cache_dir/FILE
 * (fsynced, renamed) only if its SHA-256 is the index's. On any failure
 * nothing is left in cache_dir and an existing template stays as it was.
 * Holds cache_dir's lock throughout. The final path is written to out.
 *
 * notice gets "Downloading template NAME from URL" first. With
 * o->progress and stderr a terminal, the tarball's progress is drawn
 * there; otherwise notice gets "Downloaded FILE: SIZE in TIME, RATE/s"
 * at the end.
 */
int tmpl_download(const char *repo, const char *name, const char *cache_dir,
		  const struct tmpl_http_opts *o, char *out, size_t size,
		  const struct report *rep, const struct report *notice);

/*
 * vzctl create: the template name as tmpl_find() finds it, else
 * downloaded as by tmpl_download(). The lookup is repeated under
 * cache_dir's lock, so concurrent callers needing one template download
 * it once.
 */
int tmpl_fetch(const char *repo, const char *name, const char *cache_dir,
	       const struct tmpl_http_opts *o, char *out, size_t size,
	       const struct report *rep, const struct report *notice);

#endif
