#include <stdio.h>
#include <string.h>

#include "vzctl.h"
#include "ploop/dd.h"

/* vzctl snapshot* CTID [--id GUID] [--skip-suspend ...]: the ploop snapshots of the CT's disk. */

static const char *snapshot_id(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--id") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--id=", 5) == 0)
			return argv[i] + 5;
	}
	return NULL;
}

static int snapshot_guid_check(const char *guid, int required)
{
	if (!guid && !required)
		return 0;
	if (guid && ploop_guid_valid(guid))
		return 0;
	vzctl_err("--id %s: not a GUID {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}",
		  guid ? guid : "(missing)");
	return -1;
}

static int snapshot_cmd(int argc, char **argv, const char *cmd, int need_id,
			int (*run)(struct ct *ct, const char *guid))
{
	const char *guid = snapshot_id(argc, argv);
	struct ct ct;
	int rc;

	if (argc < 2) {
		vzctl_err("usage: vzctl %s CTID|NAME%s", cmd, need_id ? " --id GUID" : "");
		return EXIT_VZ_USAGE;
	}
	if (snapshot_guid_check(guid, need_id) < 0)
		return EXIT_VZ_BAD_VALUE;
	rc = vzctl_open(&ct, argv[1], CT_OPEN_LOCK | CT_OPEN_EXISTING);
	if (rc)
		return rc;
	if (run(&ct, guid) < 0)
		rc = vzctl_fail(&ct);
	ct_close(&ct);
	return rc;
}

static int take(struct ct *ct, const char *guid)
{
	char out[PLOOP_GUID_LEN + 1] = "";

	if (ct_snapshot(ct, guid, out) < 0)
		return -1;
	printf("Snapshot %s of CT %u created\n", out, ct->ctid);
	return 0;
}

int cmd_snapshot(int argc, char **argv)
{
	return snapshot_cmd(argc, argv, "snapshot", 0, take);
}

int cmd_snapshot_switch(int argc, char **argv)
{
	return snapshot_cmd(argc, argv, "snapshot-switch", 1, ct_snapshot_switch);
}

int cmd_snapshot_delete(int argc, char **argv)
{
	return snapshot_cmd(argc, argv, "snapshot-delete", 1, ct_snapshot_delete);
}

static int list_one(const char *guid, const char *parent, int current, void *arg)
{
	printf("%-38s %1s %s\n", parent, current ? "*" : "", guid);
	return 0;
}

static int list(struct ct *ct, const char *guid)
{
	printf("%-38s %1s %s\n", "PARENT_UUID", "C", "UUID");
	return ct_snapshot_list(ct, list_one, NULL);
}

int cmd_snapshot_list(int argc, char **argv)
{
	return snapshot_cmd(argc, argv, "snapshot-list", 0, list);
}
