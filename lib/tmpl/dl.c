#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/monotime.h"
#include "base/progress.h"
#include "tmpl/repo.h"

struct index_buf {
	char *p;
	size_t len;
};

static int index_sink(void *ctx, const void *buf, size_t n)
{
	struct index_buf *b = ctx;

	memcpy(b->p + b->len, buf, n);	/* max_body keeps it within the buffer */
	b->len += n;
	return 0;
}

struct file_sink {
	int fd;
	struct sha256 sha;
	const char *path;
	const struct report *rep;
	int64_t length;		/* the body's, once told; -1: unknown */
	uint64_t got;
	struct progress progress;
};

static int file_sink(void *ctx, const void *buf, size_t n)
{
	struct file_sink *f = ctx;
	const char *p = buf;

	sha256_update(&f->sha, buf, n);
	while (n > 0) {
		ssize_t r = write(f->fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			report_msg(f->rep, "%s: %s%s", f->path, strerror(errno),
				   errno == ENOSPC ? " (disk full)" : "");
			return -1;
		}
		p += r;
		n -= (size_t)r;
		f->got += (uint64_t)r;
	}
	if (f->length > 0)
		progress_total(&f->progress, (uint64_t)f->length);
	progress_update(&f->progress, f->got);
	return 0;
}

/* base's index.sha256 into a new buffer. */
static int index_get(const struct tmpl_url *base, const struct tmpl_http_opts *o,
		     struct index_buf *b, const struct report *rep)
{
	struct tmpl_http_opts io = *o;
	struct tmpl_url u;

	io.max_body = TMPL_REPO_INDEX_MAX;
	b->len = 0;
	b->p = malloc(TMPL_REPO_INDEX_MAX);
	if (!b->p) {
		report_msg(rep, "index.sha256: %s", strerror(errno));
		return -1;
	}
	if (tmpl_url_join(base, "index.sha256", &u) < 0)
		report_msg(rep, "repository URL too long");
	else if (tmpl_http_get(&u, &io, index_sink, b, rep) == 0)
		return 0;
	free(b->p);
	b->p = NULL;
	return -1;
}

static int index_fetch(const struct tmpl_url *base, const char *name,
		       const struct tmpl_http_opts *o, struct tmpl_repo_entry *e,
		       const struct report *rep)
{
	struct index_buf b;
	int r;

	if (index_get(base, o, &b, rep) < 0)
		return -1;
	r = tmpl_repo_index_find(b.p, b.len, name, e, rep);
	free(b.p);
	return r;
}

int tmpl_repo_index_fetch(const char *repo, const struct tmpl_http_opts *o, char **buf,
			  size_t *len, const struct report *rep)
{
	struct tmpl_url base;
	struct index_buf b;

	if (tmpl_url_parse(repo, &base) < 0) {
		report_msg(rep, "TEMPLATE_REPO: not an http(s) URL: %s", repo);
		return -1;
	}
	if (index_get(&base, o, &b, rep) < 0)
		return -1;
	*buf = b.p;
	*len = b.len;
	return 0;
}

static int dir_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/*
 * The end of a transfer: on a terminal, the progress line drawn a last
 * time; in a log (no terminal), one line saying what came in how long.
 */
static void transfer_end(struct file_sink *f, int ok, const struct report *notice)
{
	char line[PROGRESS_LINE_MAX];

	if (f->progress.fd >= 0) {
		progress_end(&f->progress);
		return;
	}
	if (!ok)
		return;
	progress_format(line, sizeof line, f->progress.what, f->got, 0,
			monotime_ms() - f->progress.start_ms, 1);
	report_msg(notice, "Downloaded %s", line);
}

/* Streams u to part while hashing; 0 only if the digest is the index's. */
static int tarball_fetch(const struct tmpl_url *u, const struct tmpl_repo_entry *e,
			 const char *part, const struct tmpl_http_opts *o,
			 const struct report *rep, const struct report *notice)
{
	struct tmpl_http_opts fo = *o;
	struct file_sink f = { .path = part, .rep = rep, .length = -1 };
	unsigned char got[SHA256_DIGEST_LEN];
	char want_hex[SHA256_HEX_LEN + 1], got_hex[SHA256_HEX_LEN + 1];
	int r;

	fo.max_body = TMPL_DL_MAX;
	fo.body_length = &f.length;
	f.fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (f.fd < 0) {
		report_msg(rep, "%s: %s", part, strerror(errno));
		return -1;
	}
	sha256_init(&f.sha);
	progress_start(&f.progress, o->progress && isatty(STDERR_FILENO) ? STDERR_FILENO : -1,
		       e->file);
	r = tmpl_http_get(u, &fo, file_sink, &f, rep);
	transfer_end(&f, r == 0, notice);
	sha256_final(&f.sha, got);
	if (r == 0 && memcmp(got, e->digest, sizeof got)) {
		sha256_hex(e->digest, want_hex);
		sha256_hex(got, got_hex);
		report_msg(rep, "%s: SHA-256 mismatch: the index says %s, the download is %s; "
			   "not kept", e->file, want_hex, got_hex);
		r = (errno = EBADMSG, -1);
	}
	if (r == 0 && fsync(f.fd) < 0) {
		report_msg(rep, "%s: fsync: %s", part, strerror(errno));
		r = -1;
	}
	if (close(f.fd) < 0 && r == 0) {
		report_msg(rep, "%s: close: %s", part, strerror(errno));
		r = -1;
	}
	return r;
}

/* index, tarball, rename: the caller holds the cache's lock. */
static int download_locked(const struct tmpl_url *base, const char *name, const char *cache_dir,
			   const struct tmpl_http_opts *o, char *out, size_t size,
			   const struct report *rep, const struct report *notice)
{
	char part[4096], shown[TMPL_URL_MAX + 16];
	struct tmpl_repo_entry e;
	struct tmpl_url u;
	int n;

	tmpl_url_format(base, shown, sizeof shown);
	report_msg(notice, "Downloading template %s from %s", name, shown);
	if (index_fetch(base, name, o, &e, rep) < 0)
		return -1;
	if (tmpl_url_join(base, e.file, &u) < 0) {
		report_msg(rep, "repository URL too long");
		return -1;
	}
	n = snprintf(out, size, "%s/%s", cache_dir, e.file);
	if (n < 0 || (size_t)n >= size ||
	    (n = snprintf(part, sizeof part, "%s/.%s.part", cache_dir, e.file)) < 0 ||
	    (size_t)n >= sizeof part) {
		report_msg(rep, "%s: path too long", cache_dir);
		return (errno = ENAMETOOLONG, -1);
	}
	/* a part left by a download that was killed: no one else writes it under the lock */
	if (unlink(part) < 0 && errno != ENOENT) {
		report_msg(rep, "%s: %s", part, strerror(errno));
		return -1;
	}
	if (tarball_fetch(&u, &e, part, o, rep, notice) < 0) {
		unlink(part);
		return -1;
	}
	if (rename(part, out) < 0 || dir_sync(cache_dir) < 0) {
		report_msg(rep, "%s: %s", out, strerror(errno));
		unlink(part);
		return -1;
	}
	return 0;
}

/* mkdir -p dir (0755). */
static int dir_make(const char *dir)
{
	char path[4096];
	size_t i, len = strlen(dir);

	if (len >= sizeof path)
		return (errno = ENAMETOOLONG, -1);
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return -1;
		path[i] = dir[i];
	}
	return 0;
}

int tmpl_cache_lock(const char *cache_dir, const struct report *rep)
{
	int fd;

	if (dir_make(cache_dir) < 0) {
		report_msg(rep, "%s: %s", cache_dir, strerror(errno));
		return -1;
	}
	fd = open(cache_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		report_msg(rep, "%s: %s", cache_dir, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		report_msg(rep, "%s: lock: %s", cache_dir, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int download_start(const char *repo, const char *name, struct tmpl_url *base,
			  const struct report *rep)
{
	if (!tmpl_name_valid(name)) {
		report_msg(rep, "%s: not a template name", name);
		return (errno = EINVAL, -1);
	}
	if (tmpl_url_parse(repo, base) < 0) {
		report_msg(rep, "TEMPLATE_REPO: not an http(s) URL: %s", repo);
		return -1;
	}
	return 0;
}

/*
 * Both entry points, under the cache's lock. With use_cached, a template
 * already in the cache is taken as it is: looked up again under the lock,
 * as another caller may have downloaded it while this one waited.
 */
static int download(const char *repo, const char *name, const char *cache_dir,
		    const struct tmpl_http_opts *o, char *out, size_t size,
		    const struct report *rep, const struct report *notice, int use_cached)
{
	struct tmpl_url base;
	int lock, r = -1;

	if (download_start(repo, name, &base, rep) < 0 ||
	    (lock = tmpl_cache_lock(cache_dir, rep)) < 0)
		return -1;
	if (use_cached)
		r = tmpl_find(cache_dir, name, out, size);
	if (!use_cached || (r < 0 && errno == ENOENT))
		r = download_locked(&base, name, cache_dir, o, out, size, rep, notice);
	else if (r < 0)
		report_msg(rep, "%s: %s", cache_dir, strerror(errno));
	close(lock);
	return r;
}

int tmpl_download(const char *repo, const char *name, const char *cache_dir,
		  const struct tmpl_http_opts *o, char *out, size_t size,
		  const struct report *rep, const struct report *notice)
{
	return download(repo, name, cache_dir, o, out, size, rep, notice, 0);
}

int tmpl_fetch(const char *repo, const char *name, const char *cache_dir,
	       const struct tmpl_http_opts *o, char *out, size_t size,
	       const struct report *rep, const struct report *notice)
{
	return download(repo, name, cache_dir, o, out, size, rep, notice, 1);
}

void tmpl_repo_http_opts(const char *ca_file, const char *insecure,
			 const struct tmpl_tls_ops *tls, struct tmpl_http_opts *o)
{
	memset(o, 0, sizeof *o);
	o->tls = tls;
	o->ca_file = ca_file && *ca_file ? ca_file : TMPL_REPO_CA_DEFAULT;
	o->insecure = insecure && !strcmp(insecure, "yes");
	o->timeout_ms = TMPL_REPO_TIMEOUT_MS;
	o->progress = 1;
}
