#include <string.h>

#include "api.h"
#include "ctview.h"
#include "stats.h"

/* ?range=1h (10 s points, the default) or 24h (5 min points): 0 or 1, or -1 after answering. */
static int stats_range(struct req *q)
{
	char v[8];
	int has = req_query(q, "range", v, sizeof v);

	if (has == 0 || (has > 0 && !strcmp(v, "1h")))
		return 0;
	if (has > 0 && !strcmp(v, "24h"))
		return 1;
	reply_error(q->conn, q->id, 400, "bad_value", "range", "range: expected 1h or 24h");
	return -1;
}

static void stats_reply(struct req *q, unsigned ctid, int coarse)
{
	struct resp r;

	if (resp_begin(&r, 200) < 0)
		return;
	json_object_begin(&r.j);
	json_key(&r.j, "ct");
	if (ctid)
		json_uint(&r.j, ctid);
	else
		json_null(&r.j);
	json_kv_string(&r.j, "range", coarse ? "24h" : "1h");
	if (stats_history_json(&r.j, ctid, coarse) < 0) {
		json_key(&r.j, "t");
		json_array_begin(&r.j, JSON_INLINE);
		json_array_end(&r.j);
	}
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

/* GET /api/v1/containers/{ct}/stats */
void api_ct_stats(struct req *q)
{
	int coarse = stats_range(q);
	unsigned ctid;
	struct ct ct;
	int rc;

	if (coarse < 0 || ctview_resolve(q, &ctid) < 0)
		return;
	rc = ct_open(&ct, ctid, CT_OPEN_EXISTING);
	if (rc < 0)
		ctview_reply_error(q, &ct);
	ct_close(&ct);
	if (rc == 0)
		stats_reply(q, ctid, coarse);
}

/* GET /api/v1/node/stats */
void api_node_stats(struct req *q)
{
	int coarse = stats_range(q);

	if (coarse >= 0)
		stats_reply(q, 0, coarse);
}
