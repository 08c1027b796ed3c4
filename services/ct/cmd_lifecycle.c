#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ct/trace.h"
#include "vzctl.h"

/* vzctl CMD CTID [flag options]: the CT opened and locked. */
static int lifecycle_open(struct ct *ct, int argc, char **argv, const char *cmd,
			  const char *const *flags, unsigned *set)
{
	int i, rc;
	size_t k;

	*set = 0;
	if (argc < 2) {
		vzctl_err("usage: vzctl %s CTID|NAME", cmd);
		return VZCTL_USAGE;
	}
	for (i = 2; i < argc; i++) {
		for (k = 0; flags && flags[k] && strcmp(argv[i], flags[k]); k++)
			;
		if (!flags || !flags[k]) {
			vzctl_err("%s: unknown option %s", cmd, argv[i]);
			return VZCTL_USAGE;
		}
		*set |= 1u << k;
	}
	rc = vzctl_open(ct, argv[1], 1, 1);
	return rc;
}

static int fail_close(struct ct *ct, int code)
{
	vzctl_err("%s", ct->error);
	ct_close(ct);
	return code;
}

/* Commands that need the container stopped: VZCTL_RUNNING (CT closed) if not. */
static int refuse_running(struct ct *ct)
{
	struct ct_status st;

	ct_status(ct, &st);
	if (!st.running)
		return 0;
	vzctl_err("CT %u: is running; stop it first", ct->ctid);
	ct_close(ct);
	return VZCTL_RUNNING;
}

static int start_locked(struct ct *ct, unsigned flags)
{
	struct ct_status st;

	ct_status(ct, &st);
	if (st.running) {
		vzctl_err("CT %u: already running", ct->ctid);
		return VZCTL_RUNNING;
	}
	printf("Starting container %u ...\n", ct->ctid);
	if (ct_start(ct, flags) < 0) {
		vzctl_err("%s", ct->error);
		return VZCTL_FAIL;
	}
	printf("Container %u started\n", ct->ctid);
	return 0;
}

static int stop_locked(struct ct *ct, unsigned flags)
{
	struct ct_status st;

	ct_status(ct, &st);
	if (!st.running && st.monitor_pid == 0 && !st.mounted) {
		printf("Container %u is not running\n", ct->ctid);
		return 0;
	}
	printf("Stopping container %u ...\n", ct->ctid);
	if (ct_stop(ct, flags) < 0) {
		vzctl_err("%s", ct->error);
		return VZCTL_FAIL;
	}
	printf("Container %u stopped\n", ct->ctid);
	return 0;
}

int cmd_start(int argc, char **argv)
{
	static const char *const flags[] = { "--wait", "--force", NULL };
	struct ct ct;
	unsigned set;
	int rc;

	ct_trace("vzctl start: main");
	rc = lifecycle_open(&ct, argc, argv, "start", flags, &set);
	if (rc)
		return rc;
	ct_trace("vzctl start: configs read, locked");
	rc = start_locked(&ct, set & 1 ? CT_START_WAIT : 0);
	ct_close(&ct);
	ct_trace("vzctl start: done");
	return rc;
}

int cmd_stop(int argc, char **argv)
{
	static const char *const flags[] = { "--fast", NULL };
	struct ct ct;
	unsigned set;
	int rc;

	ct_trace("vzctl stop: main");
	rc = lifecycle_open(&ct, argc, argv, "stop", flags, &set);
	if (rc)
		return rc;
	ct_trace("vzctl stop: configs read, locked");
	rc = stop_locked(&ct, set ? CT_STOP_FAST : 0);
	ct_close(&ct);
	ct_trace("vzctl stop: done");
	return rc;
}

int cmd_restart(int argc, char **argv)
{
	static const char *const flags[] = { "--fast", "--wait", NULL };
	struct ct ct;
	unsigned set;
	int rc = lifecycle_open(&ct, argc, argv, "restart", flags, &set);

	if (rc)
		return rc;
	rc = stop_locked(&ct, set & 1 ? CT_STOP_FAST : 0);
	if (rc == 0)
		rc = start_locked(&ct, set & 2 ? CT_START_WAIT : 0);
	ct_close(&ct);
	return rc;
}

int cmd_status(int argc, char **argv)
{
	struct ct_status st;
	char err[CT_ERR_MAX];
	unsigned ctid;
	struct ct ct;

	if (argc != 2) {
		vzctl_err("usage: vzctl status CTID|NAME");
		return VZCTL_USAGE;
	}
	if (ct_resolve(argv[1], &ctid, err, sizeof err) < 0) {
		/* OpenVZ answers for any CTID; a name must exist */
		vzctl_err("%s", err);
		return VZCTL_NO_CT;
	}
	if (ct_open(&ct, ctid) < 0)
		return fail_close(&ct, VZCTL_FAIL);
	ct_status(&ct, &st);
	printf("CTID %u %s %s %s\n", ctid, st.exists ? "exist" : "deleted",
	       st.mounted ? "mounted" : "unmounted", st.running ? "running" : "down");
	ct_close(&ct);
	return 0;
}

int cmd_mount(int argc, char **argv)
{
	struct ct ct;
	unsigned set;
	int rc = lifecycle_open(&ct, argc, argv, "mount", NULL, &set);

	if (rc)
		return rc;
	if (ct_mount(&ct) < 0)
		return fail_close(&ct, VZCTL_FAIL);
	printf("Container %u is mounted\n", ct.ctid);
	ct_close(&ct);
	return 0;
}

int cmd_umount(int argc, char **argv)
{
	struct ct ct;
	unsigned set;
	int rc = lifecycle_open(&ct, argc, argv, "umount", NULL, &set);

	if (rc)
		return rc;
	rc = refuse_running(&ct);
	if (rc)
		return rc;
	if (ct_umount(&ct) < 0)
		return fail_close(&ct, VZCTL_FAIL);
	printf("Container %u is unmounted\n", ct.ctid);
	ct_close(&ct);
	return 0;
}

int cmd_destroy(int argc, char **argv)
{
	struct ct ct;
	unsigned set;
	int rc = lifecycle_open(&ct, argc, argv, "destroy", NULL, &set);

	if (rc)
		return rc;
	rc = refuse_running(&ct);
	if (rc)
		return rc;
	printf("Destroying container private area: %s\n", ct.private_dir);
	if (ct_destroy(&ct) < 0)
		return fail_close(&ct, VZCTL_FAIL);
	printf("Container %u destroyed\n", ct.ctid);
	ct_close(&ct);
	return 0;
}
