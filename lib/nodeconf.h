#ifndef VZHOST_NODECONF_H
#define VZHOST_NODECONF_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "crypthash.h"
#include "devpath.h"
#include "hostname.h"
#include "inet4.h"
#include "netmode.h"
#include "report.h"
#include "serial.h"

/*
 * The node configuration: the seed's vzhost.conf on first boot, then its
 * persisted copy /vz/etc/vzhost.conf. Keys are validated one by one: a bad
 * or unknown key is reported and ignored, the others are kept.
 */

enum {
	NODECONF_HOSTNAME = 1 << 0,
	NODECONF_ROOT_HASH = 1 << 1,
	NODECONF_ADMIN_HASH = 1 << 2,
	NODECONF_NET_MODE = 1 << 3,
	NODECONF_NET_IP = 1 << 4,
	NODECONF_NET_GW = 1 << 5,
	NODECONF_NET_DNS = 1 << 6,
	NODECONF_CONSOLE = 1 << 7,
	NODECONF_SSH_KEYS = 1 << 8,
	NODECONF_DATA_FORMAT = 1 << 9,
};

struct nodeconf {
	unsigned set;
	char hostname[HOSTNAME_MAX + 1];
	char root_hash[CRYPTHASH_MAX];
	char admin_hash[CRYPTHASH_MAX];
	enum net_mode net_mode;
	uint32_t net_ip;
	unsigned net_prefix;
	uint32_t net_gw;
	uint32_t net_dns[INET4_LIST_MAX];
	unsigned net_ndns;
	struct serial_console console;
	char ssh_keys[CONF_VALUE_MAX];
	char data_format[DEVPATH_MAX];
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

#endif
