#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/log.h"
#include "paths.h"
#include "provision.h"

static int provision_load_persisted(struct nodeconf *cfg)
{
	static char buf[CONF_FILE_MAX + 1];
	ssize_t len;

	len = file_read(PERSIST_CONF, buf, sizeof buf);
	if (len < 0) {
		if (errno != ENOENT)
			log_error("config: %s: %s; using defaults", PERSIST_CONF,
				  errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
		return errno == ENOENT ? -1 : 0;
	}
	nodeconf_parse(buf, (size_t)len, PERSIST_CONF, cfg, &log_report_warn);
	return 0;
}

static void provision_persist_keys(const struct nodeconf *cfg)
{
	char keys[CONF_VALUE_MAX + 1];
	size_t len = strlen(cfg->ssh_keys);

	if (mkdir(PERSIST_SSH_DIR, 0700) < 0 && errno != EEXIST) {
		log_error("config: mkdir %s: %s", PERSIST_SSH_DIR, strerror(errno));
		return;
	}
	memcpy(keys, cfg->ssh_keys, len);
	if (!len || keys[len - 1] != '\n')
		keys[len++] = '\n';
	if (file_write_atomic(PERSIST_AUTHORIZED_KEYS, keys, len, 0600) < 0)
		log_error("config: %s: %s", PERSIST_AUTHORIZED_KEYS, strerror(errno));
}

static void provision_persist(struct nodeconf *cfg)
{
	static char text[CONF_FILE_MAX];
	int len;

	if (!(cfg->set & NODECONF_ADMIN_HASH) && (cfg->set & NODECONF_ROOT_HASH)) {
		strcpy(cfg->admin_hash, cfg->root_hash);
		cfg->set |= NODECONF_ADMIN_HASH;
	}
	len = nodeconf_format(cfg, text, sizeof text);
	if (len < 0 || file_write_atomic(PERSIST_CONF, text, (size_t)len, 0600) < 0) {
		log_error("config: %s: %s; the seed will be read again next boot", PERSIST_CONF,
			  strerror(errno));
		return;
	}
	if (cfg->set & NODECONF_SSH_KEYS)
		provision_persist_keys(cfg);
	log_info("config: seed settings persisted to %s", PERSIST_CONF);
}

void provision_load(const struct storage *st, struct nodeconf *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	if (st->data_mounted && provision_load_persisted(cfg) == 0) {
		log_info("config: using %s", PERSIST_CONF);
		if (st->seed_found)
			log_info("seed %s ignored: node already provisioned (%s exists)",
				 st->seed_dev, PERSIST_CONF);
		return;
	}
	if (!st->seed_found) {
		log_info("config: no seed and no persisted configuration; using defaults");
		return;
	}
	*cfg = st->seed;
	if (!st->data_mounted)
		log_warn("config: seed %s applied in RAM only (no data disk)", st->seed_dev);
	else if (st->data_readonly)
		log_warn("config: seed %s applied in RAM only (data disk is read-only)",
			 st->seed_dev);
	else
		provision_persist(cfg);
}
