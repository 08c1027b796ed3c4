#include <string.h>

#include "ct/ct.h"
#include "ct/trace.h"

/*
 * Every step is tried even when one before failed (what is left would
 * only get in the next start's way); the first failure of the cgroup or
 * the mount is the one returned. Networking goes with the container's
 * network namespace: what ct_net_stop finds left is removed, and a
 * failure there is told, not returned.
 */
int ct_instance_end(struct ct *ct, unsigned flags)
{
	char first[CT_ERR_MAX] = "";
	uint64_t gen;

	ct_state_remove(ct->ctid, "pid");
	if (ct_net_stop(ct) < 0)
		report_msg(ct->warn, "%s", ct->error);
	ct_trace("end: net down");
	if (ct_cgroup_kill(ct) < 0 || ct_cgroup_remove(ct) < 0)
		memcpy(first, ct->error, sizeof first);
	ct_trace("end: cgroup removed");
	if (!(flags & CT_END_KEEP_MOUNT) && ct_umount(ct) < 0 && !first[0])
		memcpy(first, ct->error, sizeof first);
	ct_trace("end: unmounted");
	ct_state_remove(ct->ctid, "mon");
	if (ct_generation_next(ct, &gen) < 0 && !first[0])
		memcpy(first, ct->error, sizeof first);
	if (!first[0])
		return 0;
	ct_error_clear(ct);
	memcpy(ct->error, first, sizeof first);
	return -1;
}
