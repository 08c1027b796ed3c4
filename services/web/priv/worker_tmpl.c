#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf/vzconf.h"
#include "tmpl/repo.h"
#include "tmpl/stream.h"
#include "tmpl/tar.h"
#include "tmpl/tmpl.h"
#include "webtmpl.h"
#include "worker.h"

/* The first complaint of the template library, kept for the task's error. */
struct first_msg {
	char text[512];
};

static void keep_first(void *ctx, const char *msg)
{
	struct first_msg *f = ctx;

	worker_log("%s", msg);
	if (!f->text[0])
		snprintf(f->text, sizeof f->text, "%s", msg);
}

/* vztmpl-dl NAME: from TEMPLATE_REPO, checked against its index.sha256. */
static void do_download(struct task *t)
{
	struct first_msg first = { "" };
	struct report rep = { keep_first, &first };
	struct tmpl_http_opts o;
	const char *repo;
	struct vzconf conf;
	char out[4096];

	if (vzconf_load(&conf, VZCONF_GLOBAL_PATH, &rep) < 0) {
		worker_fail(500, "failed", NULL, "%s: %s", VZCONF_GLOBAL_PATH, strerror(errno));
		return;
	}
	repo = vzconf_get(&conf, "TEMPLATE_REPO");
	if (!repo || !*repo) {
		worker_fail(409, "no_repository", NULL, "%s: TEMPLATE_REPO is not set",
			    VZCONF_GLOBAL_PATH);
		vzconf_free(&conf);
		return;
	}
	tmpl_repo_http_opts(vzconf_get(&conf, "TEMPLATE_REPO_CA"),
			    vzconf_get(&conf, "TEMPLATE_REPO_INSECURE"), &tmpl_tls_mbedtls, &o);
	worker_stage("downloading", -1);
	if (tmpl_download(repo, t->target, TMPL_CACHE_DIR, &o, out, sizeof out, &rep,
			  &worker_notice) < 0)
		worker_fail(errno == ENOENT ? 404 : 502, errno == ENOENT ? "not_found" : "failed",
			    "name", "%s", first.text[0] ? first.text : strerror(errno));
	else
		snprintf(t->result, sizeof t->result, "%.255s", out);
	vzconf_free(&conf);
}

/* The uploaded body from the pipe on t->upload_fd into path: 0, or -1 (failed). */
static int upload_receive(struct task *t, const char *path)
{
	static char buf[65536];
	int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	uint64_t got = 0;
	ssize_t n;

	if (out < 0) {
		worker_fail(500, "failed", NULL, "%s: %s", path, strerror(errno));
		return -1;
	}
	worker_stage("receiving", 0);
	while ((n = read(t->upload_fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			worker_fail(400, "bad_request", NULL, "the upload: %s", strerror(errno));
			goto fail;
		}
		if (got + (uint64_t)n > t->total) {
			worker_fail(400, "bad_request", NULL, "the upload has more bytes than its "
				    "Content-Length");
			goto fail;
		}
		if (write(out, buf, (size_t)n) != n) {
			worker_fail(507, "no_space", NULL, "%s: %s", path, strerror(errno));
			goto fail;
		}
		got += (uint64_t)n;
		worker_bytes(got, t->total);
	}
	worker_bytes(got, t->total);
	if (got != t->total) {
		worker_fail(400, "bad_request", NULL, "the upload ended after %llu of %llu bytes",
			    (unsigned long long)got, (unsigned long long)t->total);
		goto fail;
	}
	if (fsync(out) < 0) {
		worker_fail(507, "no_space", NULL, "%s: %s", path, strerror(errno));
		goto fail;
	}
	close(out);
	return 0;
fail:
	close(out);
	return -1;
}

/* Every member read by the template tar reader; a template must have /sbin/init. */
static int upload_check(const char *path)
{
	struct first_msg first = { "" };
	struct report rep = { keep_first, &first };
	char clean[TMPL_PATH_MAX];
	static struct tmpl_member m;
	struct tmpl_stream s;
	struct tmpl_tar tar;
	int r, init = 0;

	worker_stage("checking", -1);
	if (tmpl_stream_open(&s, path, &rep) < 0) {
		worker_fail(400, "bad_template", NULL, "not a template: %s", first.text);
		return -1;
	}
	tmpl_tar_init(&tar, tmpl_stream_read, &s);
	while ((r = tmpl_tar_next(&tar, &m, &rep)) == 1) {
		if (tmpl_path_clean(m.path, clean, sizeof clean) == 0 && !strcmp(clean, "sbin/init"))
			init = 1;
		if (tmpl_tar_skip(&tar, &rep) < 0) {
			r = -1;
			break;
		}
	}
	if (tmpl_stream_close(&s, r == 0, &rep) < 0 || r < 0) {
		worker_fail(400, "bad_template", NULL, "not a template: %s",
			    first.text[0] ? first.text : "the archive is damaged");
		return -1;
	}
	if (!init) {
		worker_fail(400, "bad_template", NULL,
			    "not a template: it has no /sbin/init, so no container could start");
		return -1;
	}
	return 0;
}

/* The checked upload becomes NAME.tar.EXT, replacing any NAME.tar.* in the cache. */
static int upload_keep(struct task *t, const char *path)
{
	struct first_msg first = { "" };
	struct report rep = { keep_first, &first };
	char final[TMPL_NAME_MAX + 64];
	const char *ext = webtmpl_ext_of(path);
	int lock;

	if (!ext) {
		worker_fail(415, "unsupported_media_type", NULL,
			    "a template is a tarball compressed with zstd, xz or gzip");
		return -1;
	}
	lock = tmpl_cache_lock(TMPL_CACHE_DIR, &rep);
	if (lock < 0) {
		worker_fail(500, "failed", NULL, "%s", first.text);
		return -1;
	}
	webtmpl_remove(t->target);
	snprintf(final, sizeof final, "%s/%s%s", TMPL_CACHE_DIR, t->target, ext);
	if (rename(path, final) < 0) {
		worker_fail(500, "failed", NULL, "%s: %s", final, strerror(errno));
		close(lock);
		return -1;
	}
	close(lock);
	snprintf(t->result, sizeof t->result, "%.255s", final);
	worker_log("kept as %s", final);
	return 0;
}

static void do_upload(struct task *t)
{
	char path[128];

	webtmpl_upload_path(t->id, path, sizeof path);
	if (upload_receive(t, path) < 0 || upload_check(path) < 0 || upload_keep(t, path) < 0)
		unlink(path);
}

static void do_delete(struct task *t)
{
	struct first_msg first = { "" };
	struct report rep = { keep_first, &first };
	int lock = tmpl_cache_lock(TMPL_CACHE_DIR, &rep);

	if (lock < 0) {
		worker_fail(500, "failed", NULL, "%s", first.text);
		return;
	}
	if (webtmpl_remove(t->target) == 0)
		worker_fail(404, "not_found", "name", "%s: no such template in %s", t->target,
			    TMPL_CACHE_DIR);
	close(lock);
}

void worker_template(struct task *t)
{
	worker_running();
	if (t->kind == TASK_TMPL_DOWNLOAD)
		do_download(t);
	else if (t->kind == TASK_TMPL_UPLOAD)
		do_upload(t);
	else
		do_delete(t);
}
