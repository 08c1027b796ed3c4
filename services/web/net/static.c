/*
 * The UI's files from net's chroot (the UI directory is its root): GET and
 * HEAD of regular files only, "/" and any path ending in '/' meaning its
 * index.html, a precompressed NAME.gz served when the client takes gzip,
 * validated by an ETag (size and modification time) and revalidated on
 * every use (Cache-Control: no-cache) so an updated image is seen at once.
 * Files of at most 16 KiB are kept in memory (32 of them), compared with
 * the file on disk again once a second; a larger body is read a record at
 * a time while the client takes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netd.h"

#define STATIC_QUEUE_MAX (64u << 10)	/* file bytes queued ahead of the client */
#define STATIC_READ 16384
#define STATIC_CACHE_N 32
#define STATIC_CACHE_FILE_MAX 16384
#define STATIC_RECHECK_MS 1000

struct static_cached {
	char name[HTTP_PATH_MAX + 32];
	struct stat st;
	int64_t checked;		/* when it last matched the file */
	unsigned char *data;		/* NULL: a free entry */
};

static struct static_cached static_cache[STATIC_CACHE_N];

static const struct {
	const char *ext, *type;
} static_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".map", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".wasm", "application/wasm" },
};

static const char *static_type(const char *path)
{
	size_t n = strlen(path), e;
	unsigned i;

	for (i = 0; i < sizeof static_types / sizeof static_types[0]; i++) {
		e = strlen(static_types[i].ext);
		if (n > e && !strcmp(path + n - e, static_types[i].ext))
			return static_types[i].type;
	}
	return "application/octet-stream";
}

static void static_cache_drop(struct static_cached *e)
{
	free(e->data);
	e->data = NULL;
}

/* The kept copy of name while it is still the file on disk, or NULL. */
static struct static_cached *static_cache_find(const char *name)
{
	struct static_cached *e;
	struct stat st;
	unsigned i;

	for (i = 0; i < STATIC_CACHE_N; i++) {
		e = &static_cache[i];
		if (!e->data || strcmp(e->name, name))
			continue;
		if (net.now - e->checked < STATIC_RECHECK_MS)
			return e;
		if (stat(name, &st) == 0 && st.st_ino == e->st.st_ino &&
		    st.st_size == e->st.st_size && st.st_mtime == e->st.st_mtime) {
			e->checked = net.now;
			return e;
		}
		static_cache_drop(e);
		return NULL;
	}
	return NULL;
}

/* A copy of the small file open at fd kept for name, or NULL. */
static struct static_cached *static_cache_add(const char *name, int fd, const struct stat *st)
{
	struct static_cached *e = NULL;
	size_t got = 0;
	ssize_t n;
	unsigned i;

	if (st->st_size > STATIC_CACHE_FILE_MAX || strlen(name) >= sizeof e->name)
		return NULL;
	for (i = 0; i < STATIC_CACHE_N; i++)
		if (!e || !static_cache[i].data ||
		    (e->data && static_cache[i].checked < e->checked))
			e = &static_cache[i];
	static_cache_drop(e);
	if (!(e->data = malloc((size_t)st->st_size + 1)))
		return NULL;
	while (got < (size_t)st->st_size &&
	       (n = pread(fd, e->data + got, (size_t)st->st_size - got, (off_t)got)) > 0)
		got += (size_t)n;
	if (got != (size_t)st->st_size) {
		static_cache_drop(e);
		return NULL;
	}
	strcpy(e->name, name);
	e->st = *st;
	e->checked = net.now;
	return e;
}

/* Opens the regular file name: its descriptor, or -1. */
static int static_open(const char *name, struct stat *st)
{
	int fd;

	fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the If-None-Match list names etag (or is "*"). */
static int static_etag_match(struct http_str inm, const char *etag)
{
	size_t n = strlen(etag), i;

	if (inm.n == 1 && inm.p[0] == '*')
		return 1;
	for (i = 0; i + n <= inm.n; i++)
		if (!memcmp(inm.p + i, etag, n))
			return 1;
	return 0;
}

void static_serve(struct conn *c)
{
	const struct http_req *r = c->req;
	char path[HTTP_PATH_MAX + 16], name[HTTP_PATH_MAX + 32], etag[64], ctype[80];
	const char *hdr[5];
	struct static_cached *e = NULL;
	struct stat st;
	unsigned nh = 0;
	int fd = -1, gz;

	snprintf(path, sizeof path, "%s%s", r->path,
		 r->path[strlen(r->path) - 1] == '/' ? "index.html" : "");
	for (gz = http_accepts_gzip(r) ? 1 : 0; gz >= 0; gz--) {
		snprintf(name, sizeof name, "%s%s", path, gz ? ".gz" : "");
		if ((e = static_cache_find(name)))
			break;
		if ((fd = static_open(name, &st)) >= 0) {
			if ((e = static_cache_add(name, fd, &st))) {
				close(fd);
				fd = -1;
			}
			break;
		}
	}
	if (!e && fd < 0) {
		resp_error(c, 404, errno == ENOENT ? "no such file" : "not a file that is served",
			   0, NULL);
		http_request_done(c);
		return;
	}
	if (e)
		st = e->st;
	snprintf(etag, sizeof etag, "ETag: \"%llx-%llx%s\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtime, gz ? "-gz" : "");
	snprintf(ctype, sizeof ctype, "Content-Type: %s", static_type(path));
	hdr[nh++] = etag;
	hdr[nh++] = "Cache-Control: no-cache";
	hdr[nh++] = "Vary: Accept-Encoding";
	if (r->if_none_match.n && static_etag_match(r->if_none_match, etag + 6)) {
		if (fd >= 0)
			close(fd);
		resp_head(c, 304, hdr, nh, RESP_UNFRAMED, 0);
		http_request_done(c);
		return;
	}
	hdr[nh++] = ctype;
	if (gz)
		hdr[nh++] = "Content-Encoding: gzip";
	resp_head(c, 200, hdr, nh, (long long)st.st_size, 0);
	if (e && !c->head_only && conn_send(c, e->data, (size_t)st.st_size) < 0) {
		conn_close(c, "output over its bound");
		return;
	}
	if (e || c->head_only || !st.st_size) {
		if (fd >= 0)
			close(fd);
		http_request_done(c);
		return;
	}
	c->file_fd = fd;
	c->file_left = (uint64_t)st.st_size;
	conn_set_state(c, CS_RESPONSE);
	static_more(c);
}

void static_more(struct conn *c)
{
	ssize_t n;
	size_t want;

	if (c->file_fd < 0)
		return;		/* an API response: priv sends the rest */
	while (c->file_left && c->out_bytes < STATIC_QUEUE_MAX) {
		want = c->file_left < STATIC_READ ? (size_t)c->file_left : STATIC_READ;
		n = read(c->file_fd, net.scratch, want);
		if (n <= 0) {
			conn_close(c, "a file shrank while it was sent");
			return;
		}
		if (conn_send(c, net.scratch, (size_t)n) < 0) {
			conn_close(c, "output over its bound");
			return;
		}
		c->file_left -= (uint64_t)n;
	}
	if (c->file_left)
		return;
	close(c->file_fd);
	c->file_fd = -1;
	http_request_done(c);
}
