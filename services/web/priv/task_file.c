#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "task.h"

static const char *const state_names[TASK_STATE_END] = {
	"queued", "waiting", "running", "ok", "failed", "cancelled",
};

static const char *const kind_names[TASK_KIND_END] = {
	"create", "set", "start", "stop", "restart", "destroy", "snapshot",
	"snapshot-switch", "snapshot-delete", "template-download", "template-upload",
	"template-delete",
};

const char *task_state_name(enum task_state s)
{
	return state_names[s];
}

const char *task_kind_name(enum task_kind k)
{
	return kind_names[k];
}

int task_finished(const struct task *t)
{
	return t->state == TASK_OK || t->state == TASK_FAILED || t->state == TASK_CANCELLED;
}

static void kv_time(struct json *j, const char *key, int64_t ms)
{
	json_key(j, key);
	if (ms)
		json_int(j, ms);
	else
		json_null(j);
}

static void kv_opt(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	if (s[0])
		json_string(j, s);
	else
		json_null(j);
}

static void task_json_error(struct json *j, const struct task *t)
{
	json_key(j, "error");
	if (t->state != TASK_FAILED) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	json_kv_uint(j, "status", (uint64_t)t->err_status);
	json_kv_string(j, "code", t->err_code);
	json_kv_string(j, "message", t->err_message);
	kv_opt(j, "field", t->err_field);
	json_object_end(j);
}

static void task_json_fields(struct json *j, const struct task *t)
{
	json_kv_string(j, "id", t->id);
	json_kv_string(j, "kind", task_kind_name(t->kind));
	json_key(j, "ct");
	if (t->ctid)
		json_uint(j, t->ctid);
	else
		json_null(j);
	kv_opt(j, "target", t->target);
	json_kv_string(j, "state", task_state_name(t->state));
	kv_opt(j, "stage", t->stage);
	json_key(j, "percent");
	if (t->percent >= 0)
		json_int(j, t->percent);
	else
		json_null(j);
	json_kv_uint(j, "bytes", t->bytes);
	json_key(j, "total");
	if (t->total)
		json_uint(j, t->total);
	else
		json_null(j);
	json_kv_string(j, "who", t->who);
	json_kv_string(j, "source", t->source);
	kv_time(j, "created", t->created);
	kv_time(j, "started", t->started);
	kv_time(j, "ended", t->ended);
	kv_opt(j, "result", t->result);
	task_json_error(j, t);
}

void task_json_public(struct json *j, const struct task *t)
{
	json_object_begin(j);
	task_json_fields(j, t);
	json_object_end(j);
}

void task_json_file(struct json *j, const struct task *t)
{
	json_object_begin(j);
	task_json_fields(j, t);
	json_kv_uint(j, "pid", (uint64_t)t->pid);
	json_kv_uint(j, "pid_start", t->pid_start);
	json_kv_bool(j, "audited", t->audited);
	json_kv_bool(j, "save", t->save);
	json_kv_bool(j, "start", t->start);
	json_kv_bool(j, "fast", t->fast);
	json_kv_bool(j, "wait", t->wait);
	json_kv_string(j, "if_match", t->if_match);
	json_object_end(j);
}

/* ---- reading a task file back ---- */

struct task_reader {
	const struct json_doc *d;
	int obj;
	const char *why;
};

static int member(struct task_reader *r, const char *key, enum json_type type)
{
	int i = json_doc_member(r->d, r->obj, key);

	if (i < 0 || r->d->node[i].type == JSON_T_NULL)
		return -1;
	if (r->d->node[i].type != type &&
	    !(type == JSON_T_TRUE && r->d->node[i].type == JSON_T_FALSE)) {
		r->why = key;
		return -1;
	}
	return i;
}

static void get_str(struct task_reader *r, const char *key, char *out, size_t size)
{
	int i = member(r, key, JSON_T_STRING);

	out[0] = 0;
	if (i < 0)
		return;
	if (r->d->node[i].len >= size) {
		r->why = key;
		return;
	}
	memcpy(out, r->d->node[i].text, r->d->node[i].len + 1);
}

static int64_t get_int(struct task_reader *r, const char *key, int64_t min, int64_t max)
{
	int i = member(r, key, JSON_T_NUMBER);
	int64_t v = 0;

	if (i >= 0 && json_doc_int(r->d, i, min, max, &v) < 0)
		r->why = key;
	return v;
}

static int get_bool(struct task_reader *r, const char *key)
{
	int i = member(r, key, JSON_T_TRUE);

	return i >= 0 && r->d->node[i].type == JSON_T_TRUE;
}

static int get_name(struct task_reader *r, const char *key, const char *const *names, int n)
{
	char s[32];
	int i;

	get_str(r, key, s, sizeof s);
	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	r->why = key;
	return 0;
}

static void get_error(struct task_reader *r, struct task *t)
{
	int obj = r->obj, e = member(r, "error", JSON_T_OBJECT);

	if (e < 0)
		return;
	r->obj = e;
	t->err_status = (int)get_int(r, "status", 100, 599);
	get_str(r, "code", t->err_code, sizeof t->err_code);
	get_str(r, "message", t->err_message, sizeof t->err_message);
	get_str(r, "field", t->err_field, sizeof t->err_field);
	r->obj = obj;
}

const char *task_json_parse(const struct json_doc *d, struct task *t)
{
	struct task_reader r = { d, 0, NULL };

	memset(t, 0, sizeof *t);
	if (d->node[0].type != JSON_T_OBJECT)
		return "not an object";
	get_str(&r, "id", t->id, sizeof t->id);
	t->kind = (enum task_kind)get_name(&r, "kind", kind_names, TASK_KIND_END);
	t->ctid = (unsigned)get_int(&r, "ct", 0, 2147483647);
	get_str(&r, "target", t->target, sizeof t->target);
	t->state = (enum task_state)get_name(&r, "state", state_names, TASK_STATE_END);
	get_str(&r, "stage", t->stage, sizeof t->stage);
	t->percent = member(&r, "percent", JSON_T_NUMBER) >= 0 ? (int)get_int(&r, "percent", 0, 100)
								  : -1;
	t->bytes = (uint64_t)get_int(&r, "bytes", 0, INT64_MAX);
	t->total = (uint64_t)get_int(&r, "total", 0, INT64_MAX);
	get_str(&r, "who", t->who, sizeof t->who);
	get_str(&r, "source", t->source, sizeof t->source);
	t->created = get_int(&r, "created", 0, INT64_MAX);
	t->started = get_int(&r, "started", 0, INT64_MAX);
	t->ended = get_int(&r, "ended", 0, INT64_MAX);
	get_str(&r, "result", t->result, sizeof t->result);
	get_error(&r, t);
	t->pid = (pid_t)get_int(&r, "pid", 0, 4194304);
	t->pid_start = (unsigned long long)get_int(&r, "pid_start", 0, INT64_MAX);
	t->audited = get_bool(&r, "audited");
	t->save = get_bool(&r, "save");
	t->start = get_bool(&r, "start");
	t->fast = get_bool(&r, "fast");
	t->wait = get_bool(&r, "wait");
	get_str(&r, "if_match", t->if_match, sizeof t->if_match);
	if (!r.why && strlen(t->id) != TASK_ID_LEN)
		r.why = "id";
	return r.why;
}

static char task_path_buf[64];

static const char *task_path(const char *id, const char *suffix)
{
	snprintf(task_path_buf, sizeof task_path_buf, "%s/%s%s", TASK_DIR, id, suffix);
	return task_path_buf;
}

int task_file_write(const struct task *t)
{
	char *text = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&text, &len);
	int bad, rc = -1;

	if (!f)
		return -1;
	json_init(&j, f);
	task_json_file(&j, t);
	bad = json_finish(&j) < 0;
	bad |= fclose(f) != 0;
	if (!bad)
		rc = file_write_atomic(task_path(t->id, ".json"), text, len, 0600);
	free(text);
	return rc;
}

int task_file_read(const char *id, struct task *t)
{
	static char text[TASK_FILE_MAX + 1];
	static struct json_doc d;
	ssize_t len = file_read(task_path(id, ".json"), text, sizeof text);

	if (len < 0)
		return -1;
	if (json_doc_parse(&d, text, (size_t)len) < 0 || task_json_parse(&d, t)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The settings of a change, NAME NUL VALUE NUL each (values never hold a NUL). */
int task_args_write(const struct task *t)
{
	char *buf = malloc(TASK_ARGS_FILE_MAX);
	size_t len = 0, n, v;
	unsigned i;
	int rc = -1;

	if (!buf)
		return -1;
	for (i = 0; i < t->nargs; i++) {
		n = strlen(t->args[i].name) + 1;
		v = strlen(t->args[i].value) + 1;
		if (len + n + v > TASK_ARGS_FILE_MAX) {
			errno = E2BIG;
			goto done;
		}
		memcpy(buf + len, t->args[i].name, n);
		memcpy(buf + len + n, t->args[i].value, v);
		len += n + v;
	}
	rc = file_write_atomic(task_path(t->id, ".args"), buf, len, 0600);
done:
	free(buf);
	return rc;
}

int task_args_read(struct task *t)
{
	char *buf = malloc(TASK_ARGS_FILE_MAX + 1), *p, *end;
	ssize_t len;
	int rc = -1;

	if (!buf)
		return -1;
	len = file_read(task_path(t->id, ".args"), buf, TASK_ARGS_FILE_MAX + 1);
	t->nargs = 0;
	t->args = calloc(TASK_ARGS_MAX, sizeof *t->args);
	if (len < 0 || !t->args)
		goto done;
	end = buf + len;
	for (p = buf; p < end && t->nargs < TASK_ARGS_MAX; t->nargs++) {
		struct task_arg *a = &t->args[t->nargs];
		size_t n = strnlen(p, (size_t)(end - p));

		if (p + n == end || p + n + 1 + strnlen(p + n + 1, (size_t)(end - p - n - 1)) == end) {
			errno = EINVAL;
			goto done;
		}
		a->name = strdup(p);
		a->value = strdup(p + n + 1);
		p += n + 1 + strlen(p + n + 1) + 1;
		if (!a->name || !a->value) {
			free(a->name);
			free(a->value);
			errno = ENOMEM;
			goto done;
		}
	}
	rc = p == end ? 0 : -1;
done:
	free(buf);
	return rc;
}

void task_args_free(struct task *t)
{
	unsigned i;

	for (i = 0; i < t->nargs; i++) {
		free(t->args[i].name);
		free(t->args[i].value);
	}
	free(t->args);
	t->args = NULL;
	t->nargs = 0;
}

void task_files_remove(const char *id)
{
	unlink(task_path(id, ".json"));
	unlink(task_path(id, ".args"));
	unlink(task_path(id, ".log"));
}

const char *task_log_path(const char *id)
{
	return task_path(id, ".log");
}
