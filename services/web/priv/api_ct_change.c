#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_task.h"
#include "conf/vzvalue.h"
#include "ct/settings.h"
#include "ctopts.h"
#include "ctview.h"

/*
 * Changes to containers. Each is checked here first with the same lib/ct
 * calls the task makes (a bad value is 400 naming the field, a missing
 * container 404, an existing one 409, as vzctl says it), then runs as a
 * task under the container's lock.
 */

static int body_opts(struct req *q, struct ctopts *o, int kind)
{
	struct json_doc *d;
	const char *why, *field;
	int unknown;

	if (api_body(q, &d) < 0)
		return -1;
	why = ctopts_from_json(o, d, 0, kind, &field, &unknown);
	if (!why)
		return 0;
	if (unknown)
		reply_error(q->conn, q->id, 400, "unknown_key", field, "unknown key \"%.64s\"", field);
	else
		reply_error(q->conn, q->id, 400, "bad_value", field, "%s%s%s", field ? field : "",
			    field ? ": " : "", why);
	return -1;
}

static void proto_args(struct task *t, const struct ctopts *o, struct task_arg *args)
{
	unsigned i;

	for (i = 0; i < o->n; i++) {
		args[i].name = (char *)o->name[i];
		args[i].value = (char *)o->value[i];
	}
	t->args = args;
	t->nargs = o->n;
}

/* The settings tried on ct's config in memory: 0, or -1 after answering. */
static int settings_try(struct req *q, struct ct *ct, const struct ctopts *o, int create)
{
	struct ct_settings s;
	unsigned i;

	ct_settings_init(&s);
	for (i = 0; i < o->n; i++) {
		if (create && (!strcmp(o->name[i], "ostemplate") || !strcmp(o->name[i], "config") ||
			       !strcmp(o->name[i], "layout")))
			continue;
		if (ct_setting(ct, &s, o->name[i], o->value[i]) < 0) {
			ctview_reply_error(q, ct);
			return -1;
		}
	}
	return 0;
}

static int create_try(struct req *q, const struct ctopts *o)
{
	struct ct_create_opts co = { 0 };
	struct ct ct;
	unsigned i;
	int rc = -1;

	for (i = 0; i < o->n; i++)
		ct_create_opt(&co, o->name[i], o->value[i]);
	if (ct_open(&ct, o->ctid, 0) < 0 || ct_create_prepare(&ct, &co) < 0)
		ctview_reply_error(q, &ct);
	else
		rc = settings_try(q, &ct, o, 1);
	ct_close(&ct);
	return rc;
}

/* POST /api/v1/containers: vzctl create CTID [options] [&& vzctl start]. */
void api_ct_create(struct req *q)
{
	struct task_arg args[CTOPTS_MAX];
	static struct ctopts o;
	struct task t;
	int wait_s = api_wait_seconds(q);

	if (wait_s < 0 || body_opts(q, &o, CTOPTS_CREATE) < 0 || create_try(q, &o) < 0)
		return;
	api_task_proto(&t, q, TASK_CREATE, o.ctid);
	proto_args(&t, &o, args);
	t.start = o.start;
	t.wait = o.wait;
	api_task_start(q, &t, wait_s);
}

/* PATCH /api/v1/containers/{ct}: vzctl set CT [options] --save, If-Match. */
void api_ct_patch(struct req *q)
{
	char etag[CTVIEW_ETAG_MAX] = "";
	struct task_arg args[CTOPTS_MAX];
	static struct ctopts o;
	unsigned ctid;
	struct task t;
	struct ct ct;
	int wait_s = api_wait_seconds(q), rc;

	if (wait_s < 0 || ctview_resolve(q, &ctid) < 0 || body_opts(q, &o, CTOPTS_SET) < 0)
		return;
	if (ct_open(&ct, ctid, CT_OPEN_EXISTING) < 0) {
		ctview_reply_error(q, &ct);
		ct_close(&ct);
		return;
	}
	ctview_etag(ctid, etag);
	if (q->if_match[0] && !ctview_etag_matches(q->if_match, etag)) {
		ct_close(&ct);
		reply_error(q->conn, q->id, 412, "precondition_failed", NULL,
			    "CT %u: its config changed since it was read (ETag %s, If-Match %.64s)",
			    ctid, etag, q->if_match);
		return;
	}
	rc = settings_try(q, &ct, &o, 0);
	ct_close(&ct);
	if (rc < 0)
		return;
	api_task_proto(&t, q, TASK_SET, ctid);
	proto_args(&t, &o, args);
	t.save = o.save;
	if (q->if_match[0])
		snprintf(t.if_match, sizeof t.if_match, "%s", etag);
	api_task_start(q, &t, wait_s);
}

/* The container of a {ct} parameter, checked to exist: 0, or -1 after answering. */
static int ct_existing(struct req *q, unsigned *ctid)
{
	struct ct ct;
	int rc = 0;

	if (ctview_resolve(q, ctid) < 0)
		return -1;
	if (ct_open(&ct, *ctid, CT_OPEN_EXISTING) < 0) {
		ctview_reply_error(q, &ct);
		rc = -1;
	}
	ct_close(&ct);
	return rc;
}

/* DELETE /api/v1/containers/{ct}: vzctl destroy. */
void api_ct_delete(struct req *q)
{
	int wait_s = api_wait_seconds(q);
	unsigned ctid;
	struct task t;

	if (wait_s < 0 || ct_existing(q, &ctid) < 0)
		return;
	api_task_proto(&t, q, TASK_DESTROY, ctid);
	api_task_start(q, &t, wait_s);
}

static int known_op_key(const char *key, void *arg)
{
	enum task_kind kind = *(enum task_kind *)arg;

	return (kind != TASK_START && !strcmp(key, "fast")) ||
	       (kind != TASK_STOP && !strcmp(key, "wait"));
}

/* An op's flags from its (optional) body: 0, or -1 after answering. */
static int op_flags(struct req *q, struct task *t)
{
	struct json_doc *d;
	int i;

	if (api_body(q, &d) < 0 || api_unknown_key(q, d, 0, known_op_key, &t->kind) < 0)
		return -1;
	for (i = d->node[0].first; i != JSON_DOC_NONE; i = d->node[i].next) {
		if (d->node[i].type != JSON_T_TRUE && d->node[i].type != JSON_T_FALSE) {
			reply_error(q->conn, q->id, 400, "bad_value", d->node[i].key,
				    "%s: expected true or false", d->node[i].key);
			return -1;
		}
		if (!strcmp(d->node[i].key, "fast"))
			t->fast = d->node[i].type == JSON_T_TRUE;
		else
			t->wait = d->node[i].type == JSON_T_TRUE;
	}
	return 0;
}

static enum task_kind op_kind(enum route_id id)
{
	return id == R_CT_START ? TASK_START : id == R_CT_STOP ? TASK_STOP : TASK_RESTART;
}

/* POST /api/v1/containers/{ct}/start|stop|restart: vzctl start [--wait], stop [--fast]... */
void api_ct_op(struct req *q)
{
	int wait_s = api_wait_seconds(q);
	unsigned ctid;
	struct task t;

	if (wait_s < 0 || ct_existing(q, &ctid) < 0)
		return;
	api_task_proto(&t, q, op_kind(q->route->id), ctid);
	if (op_flags(q, &t) < 0)
		return;
	api_task_start(q, &t, wait_s);
}

/* ---- POST /api/v1/containers/bulk ---- */

static int known_bulk_key(const char *key, void *arg)
{
	return !strcmp(key, "action") || !strcmp(key, "containers") || !strcmp(key, "fast");
}

static int bulk_action(const char *name, enum task_kind *kind)
{
	static const struct {
		const char *name;
		enum task_kind kind;
	} actions[] = { { "start", TASK_START }, { "stop", TASK_STOP },
			{ "restart", TASK_RESTART }, { "destroy", TASK_DESTROY } };
	size_t i;

	for (i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (!strcmp(name, actions[i].name)) {
			*kind = actions[i].kind;
			return 0;
		}
	return -1;
}

/* One container of a bulk action: its task, or why not, into it. */
static void bulk_one(struct req *q, const char *name, enum task_kind kind, int fast,
		     struct wait_item *it)
{
	char err[CT_ERR_MAX];
	struct task proto, *t;
	unsigned ctid;
	struct ct ct;
	int status;

	snprintf(it->ct, sizeof it->ct, "%s", name);
	if (ct_resolve(name, &ctid, err, sizeof err) < 0) {
		it->status = 404;
		snprintf(it->code, sizeof it->code, "not_found");
		snprintf(it->message, sizeof it->message, "%s", err);
		return;
	}
	if (ct_open(&ct, ctid, CT_OPEN_EXISTING) < 0) {
		const char *code;

		it->status = ctview_status(ct.error_kind, &code);
		snprintf(it->code, sizeof it->code, "%s", code);
		snprintf(it->message, sizeof it->message, "%s", ct.error);
		ct_close(&ct);
		return;
	}
	ct_close(&ct);
	api_task_proto(&proto, q, kind, ctid);
	proto.fast = fast;
	t = task_new(&proto, &status);
	if (!t) {
		it->status = status;
		snprintf(it->code, sizeof it->code, status == 429 ? "too_many_requests" : "failed");
		snprintf(it->message, sizeof it->message, "the task cannot be made now");
		return;
	}
	task_submit(t);
	snprintf(it->task, sizeof it->task, "%s", t->id);
}

void api_ct_bulk(struct req *q)
{
	static struct wait_item items[WAIT_ITEMS_MAX];
	int wait_s = api_wait_seconds(q), a, c, f, i;
	enum task_kind kind;
	struct json_doc *d;
	unsigned n = 0;

	if (wait_s < 0 || api_body(q, &d) < 0 || api_unknown_key(q, d, 0, known_bulk_key, NULL) < 0)
		return;
	a = json_doc_member(d, 0, "action");
	c = json_doc_member(d, 0, "containers");
	f = json_doc_member(d, 0, "fast");
	if (a < 0 || d->node[a].type != JSON_T_STRING || bulk_action(d->node[a].text, &kind) < 0) {
		reply_error(q->conn, q->id, 400, "bad_value", "action",
			    "action: expected start, stop, restart or destroy");
		return;
	}
	if (c < 0 || d->node[c].type != JSON_T_ARRAY || !d->node[c].len ||
	    d->node[c].len > WAIT_ITEMS_MAX) {
		reply_error(q->conn, q->id, 400, "bad_value", "containers",
			    "containers: expected a list of 1-%d CTIDs or names", WAIT_ITEMS_MAX);
		return;
	}
	if (f >= 0 && d->node[f].type != JSON_T_TRUE && d->node[f].type != JSON_T_FALSE) {
		reply_error(q->conn, q->id, 400, "bad_value", "fast", "fast: expected true or false");
		return;
	}
	for (i = d->node[c].first; i != JSON_DOC_NONE; i = d->node[i].next)
		if (d->node[i].type != JSON_T_STRING && d->node[i].type != JSON_T_NUMBER) {
			reply_error(q->conn, q->id, 400, "bad_value", "containers",
				    "containers: expected CTIDs or names");
			return;
		}
	memset(items, 0, sizeof items);
	for (i = d->node[c].first; i != JSON_DOC_NONE; i = d->node[i].next)
		bulk_one(q, d->node[i].text, kind, f >= 0 && d->node[f].type == JSON_T_TRUE,
			 &items[n++]);
	api_task_bulk(q, items, n, wait_s);
}
