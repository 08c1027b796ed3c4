#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "ct/ct.h"

/*
 * Capabilities a system container's root keeps are those that act only
 * inside its user namespace. These act on the node itself (or are checked
 * against the initial namespace anyway); they leave the bounding set so
 * that no program in the container ever gets them back.
 */
static const int caps_dropped[] = {
	CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_SYS_PACCT, CAP_MAC_ADMIN,
	CAP_MAC_OVERRIDE, CAP_SYSLOG, CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND, CAP_AUDIT_CONTROL,
	CAP_LINUX_IMMUTABLE,
};

int ct_caps_drop(char *err, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof caps_dropped / sizeof caps_dropped[0]; i++)
		if (prctl(PR_CAPBSET_DROP, caps_dropped[i], 0, 0, 0) < 0 && errno != EINVAL) {
			snprintf(err, len, "drop capability %d: %s", caps_dropped[i],
				 strerror(errno));
			return -1;
		}
	return 0;
}
