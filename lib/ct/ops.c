#include "ct/ops.h"

static int ct_refuse_running(struct ct *ct)
{
	struct ct_status st;

	ct_status(ct, &st);
	if (st.running)
		return ct_fail_as(ct, CT_ERR_RUNNING, "is running; stop it first");
	return 0;
}

int ct_op_start(struct ct *ct, unsigned start_flags)
{
	struct ct_status st;

	ct_error_clear(ct);
	ct_status(ct, &st);
	if (st.running)
		return ct_fail_as(ct, CT_ERR_RUNNING, "already running");
	report_msg(ct->notice, "Starting container %u ...", ct->ctid);
	if (ct_start(ct, start_flags) < 0)
		return -1;
	report_msg(ct->notice, "Container %u started", ct->ctid);
	return 0;
}

int ct_op_stop(struct ct *ct, unsigned stop_flags)
{
	struct ct_status st;

	ct_error_clear(ct);
	ct_status(ct, &st);
	if (!st.running && st.monitor_pid == 0 && !st.mounted) {
		report_msg(ct->notice, "Container %u is not running", ct->ctid);
		return 0;
	}
	report_msg(ct->notice, "Stopping container %u ...", ct->ctid);
	if (ct_stop(ct, stop_flags) < 0)
		return -1;
	report_msg(ct->notice, "Container %u stopped", ct->ctid);
	return 0;
}

int ct_op_restart(struct ct *ct, unsigned stop_flags, unsigned start_flags)
{
	if (ct_op_stop(ct, stop_flags) < 0)
		return -1;
	return ct_op_start(ct, start_flags);
}

int ct_op_mount(struct ct *ct)
{
	ct_error_clear(ct);
	if (ct_mount(ct) < 0)
		return -1;
	report_msg(ct->notice, "Container %u is mounted", ct->ctid);
	return 0;
}

int ct_op_umount(struct ct *ct)
{
	ct_error_clear(ct);
	if (ct_refuse_running(ct) < 0 || ct_umount(ct) < 0)
		return -1;
	report_msg(ct->notice, "Container %u is unmounted", ct->ctid);
	return 0;
}

int ct_op_destroy(struct ct *ct)
{
	ct_error_clear(ct);
	if (ct_refuse_running(ct) < 0)
		return -1;
	report_msg(ct->notice, "Destroying container private area: %s", ct->private_dir);
	if (ct_destroy(ct) < 0)
		return -1;
	report_msg(ct->notice, "Container %u destroyed", ct->ctid);
	return 0;
}
