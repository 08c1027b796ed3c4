#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "node/nodeconf.h"
#include "node/pwhash.h"
#include "password.h"

static void report_nothing(void *ctx, const char *msg)
{
}

static const struct report quiet = { report_nothing, NULL };

/* A configuration file as it is now; an absent file is an empty one (1). */
static int conf_load(const char *path, struct nodeconf *cfg)
{
	static char buf[CONF_FILE_MAX + 1];
	ssize_t len = file_read(path, buf, sizeof buf);

	memset(cfg, 0, sizeof *cfg);
	if (len < 0)
		return errno == ENOENT ? 1 : -1;
	nodeconf_parse(buf, (size_t)len, path, cfg, &quiet);
	return 0;
}

int admin_hash_read(char out[CRYPTHASH_MAX])
{
	static struct nodeconf cfg;
	int rc = conf_load(PASSWORD_CONF, &cfg);

	out[0] = 0;
	if (rc == 1)
		rc = conf_load(WEB_CONF_FILE, &cfg);
	if (rc < 0)
		return -1;
	if (cfg.set & NODECONF_ADMIN_HASH)
		snprintf(out, CRYPTHASH_MAX, "%s", cfg.admin_hash);
	return 0;
}

const char *admin_password_check(const char *password)
{
	size_t len = strlen(password);

	if (len < PASSWORD_MIN)
		return "shorter than 8 characters";
	if (len > PASSWORD_MAX)
		return "longer than 256 characters";
	return NULL;
}

const char *admin_password_set(const char *password, char *err, size_t errsize)
{
	static struct nodeconf cfg;
	static char text[CONF_FILE_MAX];
	const char *why = admin_password_check(password);
	int len;

	if (why)
		return why;
	if (conf_load(PASSWORD_CONF, &cfg) < 0) {
		snprintf(err, errsize, "%s: %s", PASSWORD_CONF, strerror(errno));
		return err;
	}
	if (pwhash_sha512(password, cfg.admin_hash, sizeof cfg.admin_hash) < 0) {
		snprintf(err, errsize, "cannot hash the password: %s", strerror(errno));
		return err;
	}
	cfg.set |= NODECONF_ADMIN_HASH;
	len = nodeconf_format(&cfg, text, sizeof text);
	if (len < 0 || (mkdir(PASSWORD_CONF_DIR, 0700) < 0 && errno != EEXIST) ||
	    file_write_atomic(PASSWORD_CONF, text, (size_t)len, 0600) < 0) {
		snprintf(err, errsize, "%s: %s", PASSWORD_CONF, strerror(errno));
		return err;
	}
	return NULL;
}
