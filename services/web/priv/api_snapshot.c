#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_task.h"
#include "ctview.h"
#include "ploop/dd.h"

/*
 * A container's ploop snapshots: vzctl snapshot-list, snapshot [--id],
 * snapshot-switch --id, snapshot-delete --id. A GUID is given with or
 * without its braces.
 */

static int snap_one(const char *guid, const char *parent, int current, void *arg)
{
	struct json *j = arg;

	json_object_begin(j);
	json_kv_string(j, "id", guid);
	json_kv_string(j, "parent", parent);
	json_kv_bool(j, "current", current);
	json_object_end(j);
	return 0;
}

void api_snap_list(struct req *q)
{
	unsigned ctid;
	struct resp r;
	struct ct ct;

	if (ctview_resolve(q, &ctid) < 0)
		return;
	if (ct_open(&ct, ctid, CT_OPEN_EXISTING) < 0 || resp_begin(&r, 200) < 0) {
		ctview_reply_error(q, &ct);
		ct_close(&ct);
		return;
	}
	json_object_begin(&r.j);
	json_kv_uint(&r.j, "ctid", ctid);
	json_key(&r.j, "snapshots");
	json_array_begin(&r.j, JSON_LINES);
	if (ct_snapshot_list(&ct, snap_one, &r.j) < 0) {
		resp_discard(&r);
		ctview_reply_error(q, &ct);
		ct_close(&ct);
		return;
	}
	json_array_end(&r.j);
	json_object_end(&r.j);
	ct_close(&ct);
	resp_send(q->conn, q->id, &r);
}

/* A GUID as ploop writes it, {...}, from text with or without braces: 0, or -1. */
static int guid_norm(const char *in, char out[PLOOP_GUID_LEN + 1])
{
	snprintf(out, PLOOP_GUID_LEN + 1, in[0] == '{' ? "%s" : "{%s}", in);
	return strlen(in) <= PLOOP_GUID_LEN && ploop_guid_valid(out) ? 0 : -1;
}

static int known_snap_key(const char *key, void *arg)
{
	return !strcmp(key, "id");
}

/* The GUID a new snapshot is to have ("" for ploop's choice): 0, or -1 after answering. */
static int snap_new_id(struct req *q, char guid[PLOOP_GUID_LEN + 1])
{
	struct json_doc *d;
	int i;

	guid[0] = 0;
	if (api_body(q, &d) < 0 || api_unknown_key(q, d, 0, known_snap_key, NULL) < 0)
		return -1;
	i = json_doc_member(d, 0, "id");
	if (i < 0)
		return 0;
	if (d->node[i].type != JSON_T_STRING || guid_norm(d->node[i].text, guid) < 0) {
		reply_error(q->conn, q->id, 400, "bad_value", "id",
			    "id: not a GUID {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}");
		return -1;
	}
	return 0;
}

/* POST .../snapshots, POST .../snapshots/{id}/switch, DELETE .../snapshots/{id} */
void api_snap_change(struct req *q)
{
	char guid[PLOOP_GUID_LEN + 1];
	int wait_s = api_wait_seconds(q);
	unsigned ctid;
	struct task t;
	struct ct ct;
	int rc;

	if (wait_s < 0 || ctview_resolve(q, &ctid) < 0)
		return;
	rc = ct_open(&ct, ctid, CT_OPEN_EXISTING);
	if (rc < 0)
		ctview_reply_error(q, &ct);
	ct_close(&ct);
	if (rc < 0)
		return;
	if (q->route->id == R_SNAP_CREATE) {
		if (snap_new_id(q, guid) < 0)
			return;
	} else if (guid_norm(route_param(&q->params, "id"), guid) < 0) {
		reply_error(q->conn, q->id, 400, "bad_value", "id",
			    "not a GUID {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}");
		return;
	}
	api_task_proto(&t, q, q->route->id == R_SNAP_CREATE ? TASK_SNAPSHOT :
			      q->route->id == R_SNAP_SWITCH ? TASK_SNAPSHOT_SWITCH :
			      TASK_SNAPSHOT_DELETE, ctid);
	snprintf(t.target, sizeof t.target, "%s", guid);
	api_task_start(q, &t, wait_s);
}
