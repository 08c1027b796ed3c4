#include <stdio.h>
#include <string.h>

#include "ct/ops.h"
#include "ct/trace.h"
#include "vzctl.h"

/* vzctl CMD CTID [flag options]: the flags given as bits of *set. */
static int lifecycle_args(int argc, char **argv, const char *cmd, const char *const *flags,
			  unsigned *set)
{
	size_t k;
	int i;

	*set = 0;
	if (argc < 2) {
		vzctl_err("usage: vzctl %s CTID|NAME", cmd);
		return EXIT_VZ_USAGE;
	}
	for (i = 2; i < argc; i++) {
		for (k = 0; flags && flags[k] && strcmp(argv[i], flags[k]); k++)
			;
		if (!flags || !flags[k]) {
			vzctl_err("%s: unknown option %s", cmd, argv[i]);
			return EXIT_VZ_USAGE;
		}
		*set |= 1u << k;
	}
	return 0;
}

/* The CT of argv[1] locked, op run on it with the flags given, the CT closed. */
static int lifecycle_run(int argc, char **argv, const char *cmd, const char *const *flags,
			 int (*op)(struct ct *ct, unsigned set))
{
	char step[64];
	struct ct ct;
	unsigned set;
	int rc;

	snprintf(step, sizeof step, "vzctl %s: main", cmd);
	ct_trace(step);
	rc = lifecycle_args(argc, argv, cmd, flags, &set);
	if (rc)
		return rc;
	rc = vzctl_open(&ct, argv[1], CT_OPEN_LOCK | CT_OPEN_EXISTING);
	if (rc)
		return rc;
	ct_trace("vzctl: configs read, locked");
	rc = op(&ct, set) < 0 ? vzctl_fail(&ct) : 0;
	ct_close(&ct);
	snprintf(step, sizeof step, "vzctl %s: done", cmd);
	ct_trace(step);
	return rc;
}

static int op_start(struct ct *ct, unsigned set)
{
	return ct_op_start(ct, set & 1 ? CT_START_WAIT : 0);
}

static int op_stop(struct ct *ct, unsigned set)
{
	return ct_op_stop(ct, set ? CT_STOP_FAST : 0);
}

static int op_restart(struct ct *ct, unsigned set)
{
	return ct_op_restart(ct, set & 1 ? CT_STOP_FAST : 0, set & 2 ? CT_START_WAIT : 0);
}

static int op_mount(struct ct *ct, unsigned set)
{
	return ct_op_mount(ct);
}

static int op_umount(struct ct *ct, unsigned set)
{
	return ct_op_umount(ct);
}

static int op_destroy(struct ct *ct, unsigned set)
{
	return ct_op_destroy(ct);
}

int cmd_start(int argc, char **argv)
{
	static const char *const flags[] = { "--wait", "--force", NULL };

	return lifecycle_run(argc, argv, "start", flags, op_start);
}

int cmd_stop(int argc, char **argv)
{
	static const char *const flags[] = { "--fast", NULL };

	return lifecycle_run(argc, argv, "stop", flags, op_stop);
}

int cmd_restart(int argc, char **argv)
{
	static const char *const flags[] = { "--fast", "--wait", NULL };

	return lifecycle_run(argc, argv, "restart", flags, op_restart);
}

int cmd_mount(int argc, char **argv)
{
	return lifecycle_run(argc, argv, "mount", NULL, op_mount);
}

int cmd_umount(int argc, char **argv)
{
	return lifecycle_run(argc, argv, "umount", NULL, op_umount);
}

int cmd_destroy(int argc, char **argv)
{
	return lifecycle_run(argc, argv, "destroy", NULL, op_destroy);
}

int cmd_status(int argc, char **argv)
{
	struct ct_status st;
	char err[CT_ERR_MAX];
	unsigned ctid;
	struct ct ct;
	int rc;

	if (argc != 2) {
		vzctl_err("usage: vzctl status CTID|NAME");
		return EXIT_VZ_USAGE;
	}
	if (ct_resolve(argv[1], &ctid, err, sizeof err) < 0) {
		/* OpenVZ answers for any CTID; a name must exist */
		vzctl_err("%s", err);
		return EXIT_VZ_NO_CT;
	}
	rc = vzctl_open_id(&ct, ctid, 0);
	if (rc)
		return rc;
	ct_status(&ct, &st);
	printf("CTID %u %s %s %s\n", ctid, st.exists ? "exist" : "deleted",
	       st.mounted ? "mounted" : "unmounted", st.running ? "running" : "down");
	ct_close(&ct);
	return 0;
}
