#include <errno.h>
#include <string.h>

#include "ct/ct.h"

/* The lock still held after CT_LOCK_WAIT seconds: say by whom. */
static int ct_lock_fail(struct ct *ct, const struct ct_lock_holder *h)
{
	if (errno != ETIMEDOUT) {
		char path[64];

		ct_lock_path(ct->ctid, path, sizeof path);
		return ct_fail(ct, "%s: %s", path, strerror(errno));
	}
	if (h->pid)
		return ct_fail_as(ct, CT_ERR_LOCKED, "locked by %s (pid %d); waited %d s",
				  h->command, (int)h->pid, CT_LOCK_WAIT);
	return ct_fail_as(ct, CT_ERR_LOCKED, "locked by another process; waited %d s",
			  CT_LOCK_WAIT);
}

/*
 * With CT_OPEN_LOCK the configs are read after the lock is taken: what a
 * command changes is then what the previous holder left, never a copy
 * read before it (two set --save would lose one update; a set waiting
 * behind a destroy would bring the config back).
 */
int ct_open(struct ct *ct, unsigned ctid, unsigned flags)
{
	struct ct_lock_holder holder;

	memset(ct, 0, sizeof *ct);
	ct->ctid = ctid;
	ct_lock_init(&ct->lock);
	vzconf_init(&ct->conf, "");
	vzconf_init(&ct->global, "");
	if (vzconf_ct_path(ctid, ct->conf_path, sizeof ct->conf_path) < 0)
		return ct_fail(ct, "bad CTID");
	if ((flags & CT_OPEN_LOCK) && ct_lock_take(&ct->lock, ctid, CT_LOCK_WAIT, &holder) < 0)
		return ct_lock_fail(ct, &holder);
	if (ct_config_load(ct) < 0)
		return -1;
	if ((flags & CT_OPEN_EXISTING) && !ct->exists)
		return ct_fail_as(ct, CT_ERR_NO_CT, "does not exist (%s not found)", ct->conf_path);
	if ((flags & CT_OPEN_NEW) && ct->exists)
		return ct_fail_as(ct, CT_ERR_EXISTS, "already exists (%s)", ct->conf_path);
	return 0;
}

void ct_close(struct ct *ct)
{
	ct_lock_release(&ct->lock);
	vzconf_free(&ct->conf);
	vzconf_free(&ct->global);
}
