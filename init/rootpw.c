#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/log.h"
#include "paths.h"
#include "rootpw.h"
#include "node/shadow.h"

#define ETC_SHADOW "/etc/shadow"

static int shadow_persist_create(void)
{
	static char buf[SHADOW_FILE_MAX];
	ssize_t len;

	len = file_read(ETC_SHADOW, buf, sizeof buf);
	if (len < 0 || file_write_atomic(PERSIST_SHADOW, buf, (size_t)len, 0600) < 0) {
		log_error("password: cannot create %s from %s: %s", PERSIST_SHADOW, ETC_SHADOW,
			  strerror(errno));
		return -1;
	}
	return 0;
}

static void shadow_link(void)
{
	const char *tmp = ETC_SHADOW ".link";

	unlink(tmp);
	if (symlink(PERSIST_SHADOW, tmp) < 0 || rename(tmp, ETC_SHADOW) < 0) {
		log_error("password: cannot link %s to %s: %s; password changes will not persist",
			  ETC_SHADOW, PERSIST_SHADOW, strerror(errno));
		unlink(tmp);
	}
}

static void rootpw_report(void)
{
	char hash[256];

	if (shadow_hash_get(ETC_SHADOW, "root", hash, sizeof hash) < 0) {
		log_error("password: %s: no root entry: %s", ETC_SHADOW, strerror(errno));
		return;
	}
	if (shadow_hash_locked(hash))
		log_warn("password: root has no password yet; the console will ask for one");
	explicit_bzero(hash, sizeof hash);
}

void rootpw_setup(const struct storage *st, const struct nodeconf *cfg)
{
	if (st->data_mounted) {
		if (access(PERSIST_SHADOW, F_OK) < 0 && !st->data_readonly)
			shadow_persist_create();
		if (access(PERSIST_SHADOW, F_OK) == 0)
			shadow_link();
	}
	if (cfg->set & NODECONF_ROOT_HASH) {
		if (shadow_hash_set(ETC_SHADOW, "root", cfg->root_hash) < 0)
			log_error("password: cannot set root's password in %s: %s", ETC_SHADOW,
				  strerror(errno));
		else
			log_info("password: root password set from the configuration");
	}
	rootpw_report();
}
