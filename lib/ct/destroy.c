#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct/ct.h"

/* The config is kept as CTID.conf.destroyed, as OpenVZ does. */
int ct_destroy(struct ct *ct)
{
	struct ct_status st;
	char dest[CT_PATH_MAX + 16];

	if (!ct->exists)
		return ct_fail_as(ct, CT_ERR_NO_CT, "does not exist (%s not found)", ct->conf_path);
	ct_status(ct, &st);
	if (st.running)
		return ct_fail_as(ct, CT_ERR_RUNNING, "is running; stop it first");
	if (ct_umount(ct) < 0)
		return -1;
	if (ct_remove_tree(ct->private_dir) < 0)
		return ct_fail(ct, "remove %s: %s", ct->private_dir, strerror(errno));
	if (rmdir(ct->root) < 0 && errno != ENOENT)
		return ct_fail(ct, "remove %s: %s", ct->root, strerror(errno));
	snprintf(dest, sizeof dest, "%s.destroyed", ct->conf_path);
	if (rename(ct->conf_path, dest) < 0)
		return ct_fail(ct, "rename %s: %s", ct->conf_path, strerror(errno));
	ct->exists = 0;
	return 0;
}
