#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct/settings.h"
#include "base/words.h"

/* Settings on the running container (lib/ct/settings.h). */

/* Routed addresses added and removed since before. */
static int ip_apply(struct ct *ct, pid_t init, const char *before)
{
	char now[VZCONF_VALUE_MAX], old[VZCONF_VALUE_MAX], *tok, *save;
	const char *v = ct_get(ct, "IP_ADDRESS");

	snprintf(now, sizeof now, "%s", v ? v : "");
	snprintf(old, sizeof old, "%s", before);
	for (tok = strtok_r(old, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!words_has(now, tok) && ct_net_ip(ct, init, tok, 0) < 0)
			return -1;
	snprintf(old, sizeof old, "%s", now);
	for (tok = strtok_r(old, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!words_has(before, tok) && ct_net_ip(ct, init, tok, 1) < 0)
			return -1;
	return 0;
}

int ct_settings_apply(struct ct *ct, const struct ct_settings *s)
{
	struct ct_status st;

	ct_status(ct, &st);
	if ((s->live & CT_LIVE_DISK) && ct_disk_apply(ct) < 0)
		return -1;
	if (!st.running)
		return 0;
	if (s->cgroup && ct_cgroup_apply_some(ct, s->cgroup) < 0)
		return -1;
	if ((s->live & CT_LIVE_HOSTNAME) && ct_hostname_apply(ct) < 0)
		return -1;
	if ((s->live & CT_LIVE_NETWORK) && ip_apply(ct, st.init_pid, s->ip_before) < 0)
		return -1;
	if ((s->live & CT_LIVE_NETWORK) && ct_net_netif(ct, st.init_pid, s->netif_before) < 0)
		return -1;
	if ((s->live & CT_LIVE_RESOLV) && ct_net_resolv(ct) < 0)
		return -1;
	return 0;
}

int ct_settings_commit(struct ct *ct, const struct ct_settings *s, int save)
{
	if (ct_settings_apply(ct, s) < 0)
		return -1;
	if (!save)
		return 0;
	if (ct_save(ct) < 0)
		return -1;
	report_msg(ct->notice, "CT configuration saved to %s", ct->conf_path);
	return 0;
}
