#ifndef VZHOST_NODECONF_H
#define VZHOST_NODECONF_H

#include <stddef.h>

#include "node/conf.h"
#include "node/crypthash.h"
#include "node/nodesettings.h"
#include "base/report.h"

/*
 * The node configuration: the seed's vzhost.conf on first boot, then its
 * persisted copy /vz/etc/vzhost.conf. Keys are validated one by one: a bad
 * or unknown key is reported and ignored, the others are kept. The keys
 * shared with the kernel command line fill node; the others are flagged
 * NODECONF_* in set.
 */

enum {
	NODECONF_ROOT_HASH = 1 << 0,
	NODECONF_ADMIN_HASH = 1 << 1,
	NODECONF_SSH_KEYS = 1 << 2,
	NODECONF_WEB_TLS_CERT = 1 << 3,
	NODECONF_WEB_TLS_KEY = 1 << 4,
};

struct nodeconf {
	unsigned set;
	char root_hash[CRYPTHASH_MAX];
	char admin_hash[CRYPTHASH_MAX];
	char ssh_keys[CONF_VALUE_MAX];
	char web_tls_cert[CONF_VALUE_MAX];	/* PEM: the web service's certificate chain */
	char web_tls_key[CONF_VALUE_MAX];	/* PEM: its private key */
	struct node_settings node;
};

/* Number of rejected lines and keys, or -1 if the file was refused whole. */
int nodeconf_parse(const char *buf, size_t len, const char *fname, struct nodeconf *cfg,
		   const struct report *rep);

/*
 * The persisted form of cfg: the settings a later boot needs, as
 * KEY="value" lines. ROOT_PASSWORD_HASH (kept in /vz/etc/shadow),
 * SSH_AUTHORIZED_KEYS (kept in /vz/etc/ssh/authorized_keys) and
 * DATA_FORMAT are left out. Returns the length, or -1 (ENOSPC).
 */
int nodeconf_format(const struct nodeconf *cfg, char *buf, size_t size);

/*
 * The web service's settings as the boot runs with them (ns, merged from
 * the command line, the configuration and Kconfig), and its certificate
 * and the admin's password hash from cfg, as KEY="value" lines: what init
 * publishes in WEB_CONF_FILE (mode 0600) for vzwebd. Returns the length,
 * or -1 (ENOSPC).
 */
#define WEB_CONF_FILE "/run/vzhost/web.conf"
/* The web certificate's SHA-256 fingerprint, written by vzwebd (shown by vzmenu). */
#define WEB_FP_FILE "/run/vzhost/web/fingerprint"
int nodeconf_format_web(const struct node_settings *ns, const struct nodeconf *cfg, char *buf,
			size_t size);

#endif
