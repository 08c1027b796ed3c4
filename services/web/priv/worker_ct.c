#include <stdio.h>
#include <string.h>

#include "ct/ops.h"
#include "ct/settings.h"
#include "ctview.h"
#include "ploop/dd.h"
#include "tmpl/http.h"
#include "worker.h"

/* vzctl create CTID [options] (then start, if asked). */
static void do_create(struct task *t, struct ct *ct)
{
	struct ct_create_opts o = { .tls = &tmpl_tls_mbedtls };
	struct ct_settings s;
	unsigned i;

	for (i = 0; i < t->nargs; i++)
		ct_create_opt(&o, t->args[i].name, t->args[i].value);
	if (ct_create_prepare(ct, &o) < 0) {
		worker_fail_ct(ct);
		return;
	}
	ct_settings_init(&s);
	for (i = 0; i < t->nargs; i++) {
		if (!strcmp(t->args[i].name, "ostemplate") || !strcmp(t->args[i].name, "config") ||
		    !strcmp(t->args[i].name, "layout"))
			continue;
		if (ct_setting(ct, &s, t->args[i].name, t->args[i].value) < 0) {
			worker_fail_ct(ct);
			return;
		}
	}
	if (ct_create(ct, &o) < 0) {
		worker_fail_ct(ct);
		return;
	}
	if (t->start && ct_op_start(ct, t->wait ? CT_START_WAIT : 0) < 0)
		worker_fail_ct(ct);
}

/* vzctl set CT [options] [--save], if the config is still the one the request saw. */
static void do_set(struct task *t, struct ct *ct)
{
	char etag[CTVIEW_ETAG_MAX] = "";
	struct ct_settings s;
	unsigned i;

	ctview_etag(ct->ctid, etag);
	if (t->if_match[0] && strcmp(etag, t->if_match)) {
		worker_fail(412, "precondition_failed", NULL,
			    "CT %u: its config changed since it was read (ETag %s, If-Match %s)",
			    ct->ctid, etag, t->if_match);
		return;
	}
	ct_settings_init(&s);
	for (i = 0; i < t->nargs; i++)
		if (ct_setting(ct, &s, t->args[i].name, t->args[i].value) < 0) {
			worker_fail_ct(ct);
			return;
		}
	if (ct_settings_commit(ct, &s, t->save) < 0)
		worker_fail_ct(ct);
}

static void do_snapshot(struct task *t, struct ct *ct)
{
	char guid[PLOOP_GUID_LEN + 1] = "";
	int rc;

	switch (t->kind) {
	case TASK_SNAPSHOT:
		rc = ct_snapshot(ct, t->target[0] ? t->target : NULL, guid);
		if (rc == 0) {
			snprintf(t->result, sizeof t->result, "%s", guid);
			worker_log("Snapshot %s of CT %u created", guid, ct->ctid);
		}
		break;
	case TASK_SNAPSHOT_SWITCH:
		rc = ct_snapshot_switch(ct, t->target);
		break;
	default:
		rc = ct_snapshot_delete(ct, t->target);
		break;
	}
	if (rc < 0)
		worker_fail_ct(ct);
}

static void do_op(struct task *t, struct ct *ct)
{
	unsigned stop = t->fast ? CT_STOP_FAST : 0, start = t->wait ? CT_START_WAIT : 0;
	int rc;

	switch (t->kind) {
	case TASK_START:
		rc = ct_op_start(ct, start);
		break;
	case TASK_STOP:
		rc = ct_op_stop(ct, stop);
		break;
	case TASK_RESTART:
		rc = ct_op_restart(ct, stop, start);
		break;
	default:
		rc = ct_op_destroy(ct);
		break;
	}
	if (rc < 0)
		worker_fail_ct(ct);
}

void worker_ct(struct task *t)
{
	unsigned flags = t->kind == TASK_CREATE ? CT_OPEN_NEW : CT_OPEN_EXISTING;
	struct ct ct;

	if (worker_ct_open(&ct, flags) == 0) {
		if (t->kind == TASK_CREATE)
			do_create(t, &ct);
		else if (t->kind == TASK_SET)
			do_set(t, &ct);
		else if (t->kind == TASK_SNAPSHOT || t->kind == TASK_SNAPSHOT_SWITCH ||
			 t->kind == TASK_SNAPSHOT_DELETE)
			do_snapshot(t, &ct);
		else
			do_op(t, &ct);
	}
	ct_close(&ct);
}
