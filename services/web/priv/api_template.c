#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../wire.h"
#include "api.h"
#include "api_task.h"
#include "base/log.h"
#include "clock.h"
#include "conf/vzconf.h"
#include "loop.h"
#include "netproc.h"
#include "tmpl/repo.h"
#include "webtmpl.h"

#define REPO_WAITERS_MAX 8
#define REPO_CACHE_MS 60000
#define REPO_URL_MAX 2048		/* TEMPLATE_REPO as the answer names it */
#define REPO_BUF_MAX (1 + REPO_URL_MAX + 1 + TMPL_REPO_INDEX_MAX)
#define UPLOADS_MAX 8

/* GET /api/v1/templates: the cache's and the built-in ones. */
void api_tmpl_list(struct req *q)
{
	struct resp r;

	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	webtmpl_list_json(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

/* ---- GET /api/v1/templates/repository: fetched by a child, never in priv's loop ---- */

static struct {
	pid_t pid;
	int fd;
	char *buf;			/* 'O', the URL, '\n' and the index; 'N' (no
					   repository set); or 'E' and why not */
	size_t len;
	int64_t at;			/* when buf was complete; 0: not yet */
	int overflow;
	uint32_t conn[REPO_WAITERS_MAX], id[REPO_WAITERS_MAX];
	unsigned n;
} repo = { .fd = -1 };

static void repo_first_msg(void *ctx, const char *msg)
{
	char *first = ctx;

	if (!first[0])
		snprintf(first, 256, "%s", msg);
}

/* The child: 'O', the URL, a newline and the index into fd; 'N' when no
   repository is set; or 'E' and why not. */
static void repo_child(int fd)
{
	char first[256] = "";
	struct report rep = { repo_first_msg, first };
	struct tmpl_http_opts o;
	struct vzconf conf;
	const char *url;
	char *index;
	size_t len;
	int rc;

	if (vzconf_load(&conf, VZCONF_GLOBAL_PATH, &rep) < 0) {
		dprintf(fd, "E%s: %s", VZCONF_GLOBAL_PATH, strerror(errno));
		_exit(1);
	}
	url = vzconf_get(&conf, "TEMPLATE_REPO");
	if (!url || !*url)
		_exit(write(fd, "N", 1) == 1 ? 0 : 1);
	if (strlen(url) > REPO_URL_MAX || strchr(url, '\n')) {
		dprintf(fd, "E%s: TEMPLATE_REPO is longer than %d bytes", VZCONF_GLOBAL_PATH, REPO_URL_MAX);
		_exit(1);
	}
	tmpl_repo_http_opts(vzconf_get(&conf, "TEMPLATE_REPO_CA"),
			    vzconf_get(&conf, "TEMPLATE_REPO_INSECURE"), &tmpl_tls_mbedtls, &o);
	rc = tmpl_repo_index_fetch(url, &o, &index, &len, &rep);
	if (rc < 0) {
		dprintf(fd, "E%s: %s", url, first[0] ? first : "the index cannot be fetched");
		_exit(1);
	}
	if (dprintf(fd, "O%s\n", url) < 0 || write(fd, index, len) != (ssize_t)len)
		_exit(1);
	_exit(0);
}

static int repo_entry(const struct tmpl_repo_entry *e, const char *name, void *arg)
{
	struct json *j = arg;
	char hex[SHA256_HEX_LEN + 1];

	sha256_hex(e->digest, hex);
	json_object_begin(j);
	json_kv_string(j, "name", name);
	json_kv_string(j, "file", e->file);
	json_kv_string(j, "sha256", hex);
	json_kv_bool(j, "cached", webtmpl_where(name) == 1);
	json_object_end(j);
	return 0;
}

static void repo_answer(uint32_t conn, uint32_t id)
{
	char first[256] = "";
	struct report rep = { repo_first_msg, first };
	const char *nl = NULL;
	struct resp r;

	if (repo.len && repo.buf[0] == 'O')
		nl = memchr(repo.buf, '\n', repo.len);
	if (!(repo.len == 1 && repo.buf[0] == 'N') && !nl) {
		reply_error(conn, id, 502, "repository", NULL, "%.*s",
			    repo.len > 1 ? (int)repo.len - 1 : 40,
			    repo.len > 1 ? repo.buf + 1 : "the repository's index cannot be read");
		return;
	}
	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_key(&r.j, "repository");
	if (nl)
		json_string_n(&r.j, repo.buf + 1, (size_t)(nl - repo.buf - 1));
	else
		json_null(&r.j);
	json_key(&r.j, "templates");
	json_array_begin(&r.j, JSON_LINES);
	if (nl && tmpl_repo_index_each(nl + 1, repo.len - (size_t)(nl + 1 - repo.buf), repo_entry,
				       &r.j, &rep) < 0) {
		resp_discard(&r);
		reply_error(conn, id, 502, "repository", NULL,
			    "the repository's index.sha256 is refused: %s", first);
		return;
	}
	json_array_end(&r.j);
	json_object_end(&r.j);
	resp_send(conn, id, &r);
}

static void repo_on_read(void *arg, uint32_t events)
{
	char chunk[16384];
	ssize_t n;
	unsigned i;

	while ((n = read(repo.fd, chunk, sizeof chunk)) > 0) {
		if (repo.len + (size_t)n > REPO_BUF_MAX) {
			/* more than an index may be: refused whole */
			repo.len = (size_t)snprintf(repo.buf, TMPL_REPO_INDEX_MAX,
						    "Eindex.sha256: larger than 1 MiB");
			repo.overflow = 1;
		}
		if (repo.overflow)
			continue;
		memcpy(repo.buf + repo.len, chunk, (size_t)n);
		repo.len += (size_t)n;
	}
	if (n < 0 && errno == EAGAIN)
		return;
	loop_del(repo.fd);
	close(repo.fd);
	repo.fd = -1;
	waitpid(repo.pid, NULL, 0);
	repo.pid = 0;
	repo.at = clock_boot_ms();
	for (i = 0; i < repo.n; i++)
		repo_answer(repo.conn[i], repo.id[i]);
	repo.n = 0;
	if (repo.len == 1 && repo.buf[0] == 'N')
		repo.at = 0;	/* a repository set next is asked at once */
}

static int repo_start(void)
{
	int p[2];

	free(repo.buf);
	repo.buf = malloc(REPO_BUF_MAX);
	repo.len = 0;
	repo.at = 0;
	repo.overflow = 0;
	if (!repo.buf || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	repo.pid = fork();
	if (repo.pid == 0) {
		close(p[0]);
		signal(SIGPIPE, SIG_DFL);
		repo_child(p[1]);
	}
	close(p[1]);
	if (repo.pid < 0) {
		close(p[0]);
		repo.pid = 0;
		return -1;
	}
	repo.fd = p[0];
	fcntl(repo.fd, F_SETFL, O_NONBLOCK);
	return loop_add(repo.fd, EPOLLIN, repo_on_read, NULL);
}

void api_tmpl_repo(struct req *q)
{
	if (repo.at && clock_boot_ms() - repo.at < REPO_CACHE_MS && !repo.pid) {
		repo_answer(q->conn, q->id);
		return;
	}
	if (repo.n == REPO_WAITERS_MAX) {
		reply_busy(q->conn, q->id, 503, 5, "the repository is being asked already");
		return;
	}
	if (!repo.pid && repo_start() < 0) {
		reply_error(q->conn, q->id, 500, "failed", NULL, "cannot ask the repository: %s",
			    strerror(errno));
		return;
	}
	repo.conn[repo.n] = q->conn;
	repo.id[repo.n++] = q->id;
}

/* ---- POST /api/v1/templates {"name"}: vztmpl-dl NAME ---- */

static int known_download_key(const char *key, void *arg)
{
	return !strcmp(key, "name");
}

/* A {name} or "name" that is a template name: it, or NULL after answering 400. */
static const char *tmpl_name_checked(struct req *q, const char *name)
{
	if (name && tmpl_name_valid(name))
		return name;
	reply_error(q->conn, q->id, 400, "bad_value", "name",
		    "name: expected a template name ([A-Za-z0-9][A-Za-z0-9._+-]*, at most %d)",
		    TMPL_NAME_MAX);
	return NULL;
}

void api_tmpl_download(struct req *q)
{
	int wait_s = api_wait_seconds(q), n;
	const char *name;
	struct json_doc *d;
	struct task t;

	if (wait_s < 0 || api_body(q, &d) < 0 ||
	    api_unknown_key(q, d, 0, known_download_key, NULL) < 0)
		return;
	n = json_doc_member(d, 0, "name");
	if (!(name = tmpl_name_checked(q, n >= 0 && d->node[n].type == JSON_T_STRING ?
						 d->node[n].text : NULL)))
		return;
	api_task_proto(&t, q, TASK_TMPL_DOWNLOAD, 0);
	snprintf(t.target, sizeof t.target, "%s", name);
	api_task_start(q, &t, wait_s);
}

/* ---- DELETE /api/v1/templates/{name} ---- */

void api_tmpl_delete(struct req *q)
{
	const char *name = tmpl_name_checked(q, route_param(&q->params, "name"));
	int wait_s = api_wait_seconds(q), where;
	struct task t;

	if (!name || wait_s < 0)
		return;
	where = webtmpl_where(name);
	if (where != 1) {
		reply_error(q->conn, q->id, where ? 409 : 404, where ? "builtin" : "not_found", "name",
			    where ? "%s is built into the image; it cannot be deleted" :
				    "%s: no such template", name);
		return;
	}
	api_task_proto(&t, q, TASK_TMPL_DELETE, 0);
	snprintf(t.target, sizeof t.target, "%s", name);
	api_task_start(q, &t, wait_s);
}

/* ---- PUT /api/v1/templates/{name}: the body streamed by net into a worker's pipe ---- */

static struct upload {
	uint32_t conn, id;		/* conn 0: free */
	char task[TASK_ID_LEN + 1];
	int wait_s;
} uploads[UPLOADS_MAX];

static struct upload *upload_slot(void)
{
	unsigned i;

	for (i = 0; i < UPLOADS_MAX; i++)
		if (!uploads[i].conn)
			return &uploads[i];
	return NULL;
}

/*
 * A body net has read already (it came whole in the request, at most
 * WIRE_BODY_CHUNK bytes: less than a pipe holds) goes into the worker's
 * pipe from here, which is then closed: 0. -1 (pipe untouched) when the
 * body is still to be streamed by net.
 */
static int upload_inline(const struct req *q, int pipe_fd)
{
	if (!q->body_len || q->body_len != q->content_length)
		return -1;
	/* never blocking priv, should the pipe be smaller than its default */
	if (fcntl(pipe_fd, F_SETFL, O_NONBLOCK) < 0 ||
	    write(pipe_fd, q->body, q->body_len) != (ssize_t)q->body_len)
		log_warn("upload of %zu bytes: %s; the task sees it cut short", q->body_len,
			 strerror(errno));
	close(pipe_fd);
	return 0;
}

void api_tmpl_upload(struct req *q)
{
	static struct wire_out o;
	const char *name = tmpl_name_checked(q, route_param(&q->params, "name"));
	int wait_s = api_wait_seconds(q), p[2];
	struct upload *u;
	struct task proto, *t;

	if (!name || wait_s < 0)
		return;
	if (!q->has_length || !q->content_length || q->content_length > TMPL_DL_MAX) {
		reply_error(q->conn, q->id, q->has_length ? 413 : 411, "bad_request", NULL,
			    "a template upload is a raw PUT with a Content-Length of 1 byte to 64 GiB");
		return;
	}
	if (!(u = upload_slot())) {
		reply_busy(q->conn, q->id, 503, 30, "%d uploads are under way", UPLOADS_MAX);
		return;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		reply_error(q->conn, q->id, 500, "failed", NULL, "pipe: %s", strerror(errno));
		return;
	}
	api_task_proto(&proto, q, TASK_TMPL_UPLOAD, 0);
	snprintf(proto.target, sizeof proto.target, "%s", name);
	proto.total = q->content_length;
	proto.upload_fd = p[0];
	t = api_task_make(q, &proto);
	if (!t) {
		close(p[0]);
		close(p[1]);
		return;
	}
	task_submit(t);
	if (upload_inline(q, p[1]) == 0) {
		api_task_answer(q->conn, q->id, t, wait_s);
		return;
	}
	u->conn = q->conn;
	u->id = q->id;
	u->wait_s = wait_s;
	snprintf(u->task, sizeof u->task, "%s", t->id);
	wire_begin(&o, WIRE_UPLOAD, 0, q->conn, q->id);
	netproc_send(&o, p[1]);
	close(p[1]);
}

void api_tmpl_upload_done(const struct wire_msg *m)
{
	const struct task *t;
	unsigned i;

	for (i = 0; i < UPLOADS_MAX; i++) {
		if (uploads[i].conn != m->conn || uploads[i].id != m->id)
			continue;
		t = task_find(uploads[i].task);
		if (t)
			api_task_answer(m->conn, m->id, t, uploads[i].wait_s);
		uploads[i].conn = 0;
		return;
	}
}

void api_tmpl_conn_gone(uint32_t conn)
{
	unsigned i;

	for (i = 0; i < UPLOADS_MAX; i++)
		if (uploads[i].conn && (!conn || uploads[i].conn == conn))
			uploads[i].conn = 0;
}
