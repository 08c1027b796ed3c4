#ifndef VZHOST_WEB_API_H
#define VZHOST_WEB_API_H

#include "../wire.h"
#include "base/json_parse.h"
#include "priv.h"

/*
 * The REST API's handlers (docs/api.md), one per route of route.c. Each
 * answers its request exactly once, now or later.
 */

/* The request's JSON body parsed into the shared document (an empty body
   is {}): the root's index (0), or -1 after answering 400/415. */
int api_body(struct req *q, struct json_doc **doc);
/* 400 naming key, for a member the route does not take. */
int api_unknown_key(struct req *q, struct json_doc *d, int obj,
		    int (*known)(const char *key, void *arg), void *arg);
/* ?wait=N: the seconds asked for (0-30), or -1 after answering 400. */
int api_wait_seconds(struct req *q);

/* api_ct.c */
void api_ct_list(struct req *q);
void api_ct_get(struct req *q);
/* api_ct_change.c */
void api_ct_create(struct req *q);
void api_ct_patch(struct req *q);
void api_ct_delete(struct req *q);
void api_ct_op(struct req *q);
void api_ct_bulk(struct req *q);
/* api_snapshot.c */
void api_snap_list(struct req *q);
void api_snap_change(struct req *q);
/* api_console.c */
void api_ct_console(struct req *q);
/* api_stats.c */
void api_ct_stats(struct req *q);
void api_node_stats(struct req *q);
/* api_template.c */
void api_tmpl_list(struct req *q);
void api_tmpl_repo(struct req *q);
void api_tmpl_download(struct req *q);
void api_tmpl_upload(struct req *q);
void api_tmpl_delete(struct req *q);
/* net's WIRE_UPLOAD_DONE for an upload: its answer. */
void api_tmpl_upload_done(const struct wire_msg *m);
/* net says conn is gone (0: net restarted, all are). */
void api_tmpl_conn_gone(uint32_t conn);
/* api_task.c */
void api_task_list(struct req *q);
void api_task_get(struct req *q);
void api_task_log(struct req *q);
void api_task_cancel(struct req *q);
/* api_events.c */
void api_events(struct req *q);
/* api_node.c */
void api_node(struct req *q);
void api_node_password(struct req *q);
void api_node_cert(struct req *q);
/* api_token.c */
void api_token_list(struct req *q);
void api_token_create(struct req *q);
void api_token_delete(struct req *q);
void api_audit(struct req *q);

#endif
