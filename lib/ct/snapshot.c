#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ct/ct.h"
#include "ploop/disk.h"

static int snap_dir(struct ct *ct, char *dir, size_t size)
{
	if (ct->layout != CT_LAYOUT_PLOOP)
		return ct_fail(ct, "snapshots need a ploop private area (VE_LAYOUT=ploop)");
	snprintf(dir, size, "%s/root.hdd", ct->private_dir);
	return 0;
}

static int snap_result(struct ct *ct, int rc, const struct ploop_disk_ctx *pctx)
{
	if (rc >= 0)
		return 0;
	return ct_fail(ct, "%s", pctx->error[0] ? pctx->error : strerror(-rc));
}

int ct_snapshot(struct ct *ct, const char *guid, char *out_guid)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	char dir[CT_PATH_MAX + 16];

	if (snap_dir(ct, dir, sizeof dir) < 0)
		return -1;
	return snap_result(ct, ploop_disk_snapshot(dir, guid, 0, out_guid, &pctx), &pctx);
}

int ct_snapshot_switch(struct ct *ct, const char *guid)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	struct ct_status st;
	char dir[CT_PATH_MAX + 16];

	if (snap_dir(ct, dir, sizeof dir) < 0)
		return -1;
	ct_status(ct, &st);
	if (st.running)
		return ct_fail(ct, "is running; stop it before switching snapshots");
	if (ct_umount(ct) < 0)
		return -1;
	return snap_result(ct, ploop_disk_snapshot_switch(dir, guid, 1, &pctx), &pctx);
}

int ct_snapshot_delete(struct ct *ct, const char *guid)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	char dir[CT_PATH_MAX + 16];

	if (snap_dir(ct, dir, sizeof dir) < 0)
		return -1;
	return snap_result(ct, ploop_disk_snapshot_delete(dir, guid, &pctx), &pctx);
}

int ct_snapshot_list(struct ct *ct, int (*fn)(const char *guid, const char *parent, int current,
					      void *arg), void *arg)
{
	struct ploop_disk_ctx pctx = { { NULL, NULL }, "" };
	const struct ploop_dd_delta *chain[PLOOP_DD_MAX_DELTAS];
	struct ploop_dd dd;
	char dir[CT_PATH_MAX + 16];
	unsigned n, i;
	int rc;

	if (snap_dir(ct, dir, sizeof dir) < 0)
		return -1;
	rc = ploop_disk_load(dir, &dd, &pctx);
	if (rc < 0)
		return snap_result(ct, rc, &pctx);
	n = ploop_dd_chain(&dd, chain, PLOOP_DD_MAX_DELTAS);
	/* the top delta is the running state, not a snapshot */
	for (i = 0; i + 1 < n; i++)
		if (fn(chain[i]->guid, chain[i]->parent, i + 2 == n, arg))
			break;
	return 0;
}
