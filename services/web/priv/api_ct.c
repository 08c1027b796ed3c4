#include <stdio.h>
#include <string.h>

#include "api.h"
#include "ctview.h"

/* GET /api/v1/containers: every container, as vzlist -a lists them. */
void api_ct_list(struct req *q)
{
	static struct ct_list list;
	char etag[CTVIEW_ETAG_MAX];
	struct resp r;
	struct ct ct;
	size_t i;

	if (ct_list(&list) < 0) {
		reply_error(q->conn, q->id, 500, "failed", NULL, "%s: cannot be listed",
			    VZCONF_CT_DIR);
		return;
	}
	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_key(&r.j, "containers");
	json_array_begin(&r.j, JSON_LINES);
	for (i = 0; i < list.n; i++) {
		if (ct_open(&ct, list.id[i], CT_OPEN_EXISTING) == 0) {
			etag[0] = 0;
			ctview_etag(ct.ctid, etag);
			ctview_json(&r.j, &ct, etag, 0);
		}
		ct_close(&ct);
	}
	json_array_end(&r.j);
	json_kv_uint(&r.j, "total", list.total);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

/* GET /api/v1/containers/{ct}: one container, its config too; If-None-Match. */
void api_ct_get(struct req *q)
{
	char etag[CTVIEW_ETAG_MAX] = "";
	unsigned ctid;
	struct resp r;
	struct ct ct;

	if (ctview_resolve(q, &ctid) < 0)
		return;
	if (ct_open(&ct, ctid, CT_OPEN_EXISTING) < 0) {
		ctview_reply_error(q, &ct);
		ct_close(&ct);
		return;
	}
	ctview_etag(ctid, etag);
	if (q->if_none_match[0] && etag[0] && ctview_etag_matches(q->if_none_match, etag)) {
		ct_close(&ct);
		if (resp_begin(&r, 304) == 0) {
			resp_header(&r, "ETag: %s", etag);
			resp_send(q->conn, q->id, &r);
		}
		return;
	}
	if (resp_begin(&r, 200) < 0) {
		ct_close(&ct);
		return;
	}
	if (etag[0])
		resp_header(&r, "ETag: %s", etag);
	ctview_json(&r.j, &ct, etag, 1);
	ct_close(&ct);
	resp_send(q->conn, q->id, &r);
}
