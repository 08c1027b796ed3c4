#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "api_task.h"
#include "clock.h"

struct wait {
	int used;
	uint32_t conn, id;
	int64_t deadline;		/* CLOCK_BOOTTIME ms */
	int bulk;
	unsigned n;
	struct wait_item *items;
};

static struct wait waits[WAITS_MAX];

static struct wait *wait_new(uint32_t conn, uint32_t id, int wait_s, int bulk, unsigned n)
{
	unsigned i;

	for (i = 0; i < WAITS_MAX; i++) {
		if (waits[i].used)
			continue;
		waits[i].items = calloc(n ? n : 1, sizeof *waits[i].items);
		if (!waits[i].items)
			return NULL;
		waits[i].used = 1;
		waits[i].conn = conn;
		waits[i].id = id;
		waits[i].deadline = clock_boot_ms() + wait_s * 1000LL;
		waits[i].bulk = bulk;
		waits[i].n = n;
		return &waits[i];
	}
	return NULL;
}

static void wait_free(struct wait *w)
{
	free(w->items);
	memset(w, 0, sizeof *w);
}

/* The answer of a single task: itself (ok, cancelled), its error (failed),
   or 202 while it runs. */
static void reply_single(uint32_t conn, uint32_t id, const struct task *t)
{
	struct resp r;

	if (!task_finished(t)) {
		reply_task(conn, id, t->id);
		return;
	}
	if (t->state == TASK_FAILED) {
		if (resp_begin(&r, t->err_status) < 0)
			return;
		json_object_begin(&r.j);
		json_key(&r.j, "error");
		json_object_begin(&r.j);
		json_kv_uint(&r.j, "status", (uint64_t)t->err_status);
		json_kv_string(&r.j, "code", t->err_code);
		json_kv_string(&r.j, "message", t->err_message);
		json_key(&r.j, "field");
		if (t->err_field[0])
			json_string(&r.j, t->err_field);
		else
			json_null(&r.j);
		json_kv_string(&r.j, "task", t->id);
		json_object_end(&r.j);
		json_object_end(&r.j);
		resp_send(conn, id, &r);
		return;
	}
	if (resp_begin(&r, 200) < 0)
		return;
	task_json_public(&r.j, t);
	resp_send(conn, id, &r);
}

static void bulk_item_json(struct json *j, const struct wait_item *it)
{
	const struct task *t = it->task[0] ? task_find(it->task) : NULL;

	json_object_begin(j);
	json_kv_string(j, "ct", it->ct);
	if (it->task[0]) {
		json_kv_string(j, "task", it->task);
		json_kv_string(j, "state", t ? task_state_name(t->state) : "unknown");
	}
	if (!it->task[0] || (t && t->state == TASK_FAILED)) {
		json_key(j, "error");
		json_object_begin(j);
		json_kv_uint(j, "status", (uint64_t)(it->task[0] ? t->err_status : it->status));
		json_kv_string(j, "code", it->task[0] ? t->err_code : it->code);
		json_kv_string(j, "message", it->task[0] ? t->err_message : it->message);
		json_object_end(j);
	}
	json_object_end(j);
}

static void reply_bulk(uint32_t conn, uint32_t id, const struct wait_item *items, unsigned n)
{
	struct resp r;
	unsigned i;

	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_key(&r.j, "results");
	json_array_begin(&r.j, JSON_LINES);
	for (i = 0; i < n; i++)
		bulk_item_json(&r.j, &items[i]);
	json_array_end(&r.j);
	json_object_end(&r.j);
	resp_send(conn, id, &r);
}

static int wait_over(const struct wait *w)
{
	unsigned i;

	for (i = 0; i < w->n; i++) {
		const struct task *t = w->items[i].task[0] ? task_find(w->items[i].task) : NULL;

		if (t && !task_finished(t))
			return 0;
	}
	return 1;
}

static void wait_answer(struct wait *w)
{
	const struct task *t = task_find(w->items[0].task);

	if (w->bulk)
		reply_bulk(w->conn, w->id, w->items, w->n);
	else if (t)
		reply_single(w->conn, w->id, t);
	else
		reply_task(w->conn, w->id, w->items[0].task);
	wait_free(w);
}

void api_task_answer(uint32_t conn, uint32_t id, const struct task *t, int wait_s)
{
	struct wait *w;

	if (wait_s <= 0) {
		reply_task(conn, id, t->id);
		return;
	}
	if (task_finished(t) || !(w = wait_new(conn, id, wait_s, 0, 1))) {
		reply_single(conn, id, t);
		return;
	}
	strcpy(w->items[0].task, t->id);
}

void api_task_proto(struct task *t, const struct req *q, enum task_kind kind, unsigned ctid)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->ctid = ctid;
	t->upload_fd = -1;
	snprintf(t->who, sizeof t->who, "%s", q->who.user);
	snprintf(t->source, sizeof t->source, "%s", q->peer);
}

struct task *api_task_make(struct req *q, const struct task *proto)
{
	struct task *t;
	int status;

	t = task_new(proto, &status);
	if (t)
		return t;
	if (status == 429)
		reply_busy(q->conn, q->id, 429, 5, "%d tasks are under way; try again soon",
			   TASKS_ACTIVE_MAX);
	else
		reply_error(q->conn, q->id, 500, "failed", NULL, "the task cannot be made: %s",
			    strerror(errno));
	return NULL;
}

void api_task_start(struct req *q, const struct task *proto, int wait_s)
{
	struct task *t = api_task_make(q, proto);

	if (!t)
		return;
	task_submit(t);
	api_task_answer(q->conn, q->id, t, wait_s);
}

void api_task_bulk(struct req *q, const struct wait_item *items, unsigned n, int wait_s)
{
	struct wait *w = wait_s > 0 ? wait_new(q->conn, q->id, wait_s, 1, n) : NULL;

	if (!w) {
		reply_bulk(q->conn, q->id, items, n);
		return;
	}
	memcpy(w->items, items, n * sizeof *items);
	if (wait_over(w))
		wait_answer(w);
}

void api_task_done(const struct task *t)
{
	unsigned i, k;

	for (i = 0; i < WAITS_MAX; i++) {
		if (!waits[i].used)
			continue;
		for (k = 0; k < waits[i].n && strcmp(waits[i].items[k].task, t->id); k++)
			;
		if (k < waits[i].n && wait_over(&waits[i]))
			wait_answer(&waits[i]);
	}
}

void api_task_tick(void)
{
	int64_t now = clock_boot_ms();
	unsigned i;

	for (i = 0; i < WAITS_MAX; i++)
		if (waits[i].used && now >= waits[i].deadline)
			wait_answer(&waits[i]);
}

void api_task_conn_gone(uint32_t conn)
{
	unsigned i;

	for (i = 0; i < WAITS_MAX; i++)
		if (waits[i].used && (!conn || waits[i].conn == conn))
			wait_free(&waits[i]);
}

/* ---- GET /api/v1/tasks, /tasks/{id}, /tasks/{id}/log; POST /tasks/{id}/cancel ---- */

struct task_filter {
	struct json *j;
	unsigned ctid;
	int active;
	unsigned left;
};

static int task_list_one(const struct task *t, void *arg)
{
	struct task_filter *f = arg;

	if ((f->ctid && t->ctid != f->ctid) || (f->active && task_finished(t)))
		return 0;
	task_json_public(f->j, t);
	return --f->left == 0;
}

void api_task_list(struct req *q)
{
	struct task_filter f = { .left = TASKS_KEPT };
	char v[16], *end;
	struct resp r;

	if (req_query(q, "ct", v, sizeof v) > 0) {
		f.ctid = (unsigned)strtoul(v, &end, 10);
		if (*end || !f.ctid) {
			reply_error(q->conn, q->id, 400, "bad_value", "ct", "ct: expected a CTID");
			return;
		}
	}
	f.active = req_query(q, "active", v, sizeof v) > 0;
	if (resp_begin(&r, 200) < 0)
		return;
	f.j = &r.j;
	json_object_begin(&r.j);
	json_key(&r.j, "tasks");
	json_array_begin(&r.j, JSON_LINES);
	task_each(task_list_one, &f);
	json_array_end(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

static struct task *task_param(struct req *q)
{
	struct task *t = task_find(route_param(&q->params, "id"));

	if (!t)
		reply_error(q->conn, q->id, 404, "not_found", NULL, "no task %.40s (tasks are kept for "
			    "a while after they end)", route_param(&q->params, "id"));
	return t;
}

void api_task_get(struct req *q)
{
	struct task *t = task_param(q);
	struct resp r;

	if (!t || resp_begin(&r, 200) < 0)
		return;
	task_json_public(&r.j, t);
	resp_send(q->conn, q->id, &r);
}

void api_task_log(struct req *q)
{
	static char text[TASK_LOG_MAX + 1];
	struct task *t = task_param(q);
	struct resp r;
	ssize_t n = 0;
	char *line, *nl;
	int fd;

	if (!t)
		return;
	fd = open(task_log_path(t->id), O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, text, TASK_LOG_MAX);
		close(fd);
	}
	text[n > 0 ? n : 0] = 0;
	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_kv_string(&r.j, "task", t->id);
	json_key(&r.j, "lines");
	json_array_begin(&r.j, JSON_LINES);
	for (line = text; *line; line = nl + (*nl == '\n')) {
		nl = line + strcspn(line, "\n");
		json_string_n(&r.j, line, (size_t)(nl - line));
	}
	json_array_end(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

void api_task_cancel(struct req *q)
{
	struct task *t = task_param(q);
	const char *why;

	if (!t)
		return;
	if (task_cancel(t, &why) < 0) {
		reply_error(q->conn, q->id, 409, "conflict", NULL, "task %s cannot be cancelled: %s",
			    t->id, why);
		return;
	}
	reply_task(q->conn, q->id, t->id);
}
