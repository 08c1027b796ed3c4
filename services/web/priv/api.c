#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "auth.h"

static void (*const api_handlers[R_COUNT])(struct req *q) = {
	[R_SESSION_LOGIN] = api_session_login,
	[R_SESSION_GET] = api_session_get,
	[R_SESSION_LOGOUT] = api_session_logout,
	[R_CT_LIST] = api_ct_list,
	[R_CT_CREATE] = api_ct_create,
	[R_CT_BULK] = api_ct_bulk,
	[R_CT_GET] = api_ct_get,
	[R_CT_PATCH] = api_ct_patch,
	[R_CT_DELETE] = api_ct_delete,
	[R_CT_START] = api_ct_op,
	[R_CT_STOP] = api_ct_op,
	[R_CT_RESTART] = api_ct_op,
	[R_CT_CONSOLE] = api_ct_console,
	[R_CT_STATS] = api_ct_stats,
	[R_SNAP_LIST] = api_snap_list,
	[R_SNAP_CREATE] = api_snap_change,
	[R_SNAP_SWITCH] = api_snap_change,
	[R_SNAP_DELETE] = api_snap_change,
	[R_TMPL_LIST] = api_tmpl_list,
	[R_TMPL_REPO] = api_tmpl_repo,
	[R_TMPL_DOWNLOAD] = api_tmpl_download,
	[R_TMPL_UPLOAD] = api_tmpl_upload,
	[R_TMPL_DELETE] = api_tmpl_delete,
	[R_TASK_LIST] = api_task_list,
	[R_TASK_GET] = api_task_get,
	[R_TASK_LOG] = api_task_log,
	[R_TASK_CANCEL] = api_task_cancel,
	[R_EVENTS] = api_events,
	[R_NODE] = api_node,
	[R_NODE_STATS] = api_node_stats,
	[R_NODE_PASSWORD] = api_node_password,
	[R_NODE_CERT] = api_node_cert,
	[R_TOKEN_LIST] = api_token_list,
	[R_TOKEN_CREATE] = api_token_create,
	[R_TOKEN_DELETE] = api_token_delete,
	[R_AUDIT] = api_audit,
};

int req_query(const struct req *q, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name), vlen;
	const char *p = q->query, *amp;

	while (*p) {
		amp = strchr(p, '&');
		vlen = amp ? (size_t)(amp - p) : strlen(p);
		if (vlen > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
			vlen -= nlen + 1;
			if (vlen >= size)
				return -1;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = 0;
			return 1;
		}
		if (vlen == nlen && !strncmp(p, name, nlen)) {
			out[0] = 0;
			return 1;
		}
		p += vlen + (amp != NULL);
	}
	return 0;
}

int api_body(struct req *q, struct json_doc **doc)
{
	static struct json_doc d;

	*doc = &d;
	if (q->body_len && strncasecmp(q->content_type, "application/json", 16)) {
		reply_error(q->conn, q->id, 415, "unsupported_media_type", NULL,
			    "the body must be application/json");
		return -1;
	}
	if (json_doc_parse(&d, q->body_len ? (const char *)q->body : "{}",
			   q->body_len ? q->body_len : 2) < 0) {
		reply_error(q->conn, q->id, 400, "bad_json", d.err_key[0] ? d.err_key : NULL,
			    "the body is not JSON the API takes: %s (at byte %zu)", d.err,
			    d.err_offset);
		return -1;
	}
	if (d.node[0].type != JSON_T_OBJECT) {
		reply_error(q->conn, q->id, 400, "bad_json", NULL, "expected a JSON object");
		return -1;
	}
	return 0;
}

int api_unknown_key(struct req *q, struct json_doc *d, int obj,
		    int (*known)(const char *key, void *arg), void *arg)
{
	const char *bad = json_doc_unknown_key(d, obj, known, arg);

	if (!bad)
		return 0;
	reply_error(q->conn, q->id, 400, "unknown_key", bad, "unknown key \"%.64s\"", bad);
	return -1;
}

int api_wait_seconds(struct req *q)
{
	char v[8], *end;
	long n;
	int has = req_query(q, "wait", v, sizeof v);

	if (has == 0)
		return 0;
	n = has > 0 && v[0] ? strtol(v, &end, 10) : -1;
	if (has < 0 || n < 0 || n > 30 || *end || v[0] == '+') {
		reply_error(q->conn, q->id, 400, "bad_value", "wait",
			    "wait: expected seconds 0-30");
		return -1;
	}
	return (int)n;
}

void api_request(struct req *q)
{
	char allow[64];
	int status;

	q->route = route_match(q->method, q->path, &q->params, &status, allow, sizeof allow);
	if (!q->route) {
		if (status == 405) {
			struct resp r;

			if (resp_begin(&r, 405) < 0)
				return;
			resp_header(&r, "Allow: %s", allow);
			json_object_begin(&r.j);
			json_key(&r.j, "error");
			json_object_begin(&r.j);
			json_kv_uint(&r.j, "status", 405);
			json_kv_string(&r.j, "code", "method_not_allowed");
			json_kv_string(&r.j, "message", "this path does not take that method");
			json_key(&r.j, "field");
			json_null(&r.j);
			json_object_end(&r.j);
			json_object_end(&r.j);
			resp_send(q->conn, q->id, &r);
			return;
		}
		reply_error(q->conn, q->id, 404, "not_found", NULL, "no such API path: %.200s",
			    q->path);
		return;
	}
	if (auth_request(q) < 0)
		return;
	if (q->upgrade && !(q->route->flags & ROUTE_WEBSOCKET)) {
		reply_error(q->conn, q->id, 400, "bad_request", NULL, "%s is no WebSocket", q->path);
		return;
	}
	api_handlers[q->route->id](q);
}
