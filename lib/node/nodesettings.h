#ifndef VZHOST_NODESETTINGS_H
#define VZHOST_NODESETTINGS_H

#include <stdint.h>

#include "node/devpath.h"
#include "node/loglevel.h"
#include "base/hostname.h"
#include "base/inet4.h"
#include "node/netmode.h"
#include "node/serial.h"
#include "node/websettings.h"
#include "node/zramsize.h"

/*
 * The node settings both the kernel command line (vzhost.*) and the node
 * configuration (seed or persisted vzhost.conf) can give. A field counts
 * only when its NS_* flag is in set.
 */

enum {
	NS_HOSTNAME = 1 << 0,
	NS_NET_MODE = 1 << 1,
	NS_NET_IP = 1 << 2,
	NS_NET_GW = 1 << 3,
	NS_NET_DNS = 1 << 4,
	NS_CONSOLE = 1 << 5,
	NS_FORMAT = 1 << 6,
	NS_ZRAM = 1 << 7,
	NS_CONSOLE_MENU = 1 << 8,
	NS_CONSOLE_LOGLEVEL = 1 << 9,
	NS_WEB = 1 << 10,
	NS_WEB_LISTEN = 1 << 11,
	NS_WEB_ALLOW = 1 << 12,
};

struct node_settings {
	unsigned set;
	char hostname[HOSTNAME_MAX + 1];
	enum net_mode net_mode;
	uint32_t ip;
	unsigned prefix;
	uint32_t gw;
	uint32_t dns[INET4_LIST_MAX];
	unsigned ndns;
	struct serial_ports console;	/* the login ports, console.port[0] first */
	int console_menu;		/* root's login on them opens the console menu */
	int console_loglevel;		/* syslog level: the least severe the console shows */
	char format[DEVPATH_MAX];
	unsigned zram_percent;
	int web;			/* the web service runs */
	struct web_listen web_listen;	/* its address and port */
	struct web_allow web_allow;	/* the client networks it accepts */
};

/*
 * The table of these settings: each one's key in vzhost.conf, its key on
 * the kernel command line (after "vzhost.") and its parser, the one place
 * both sources take them from.
 */

#define NODE_SETTING_ERR_MAX SERIAL_ERR_MAX

typedef const char *node_setting_parse_fn(struct node_settings *ns, const char *value, char *err);

struct node_setting {
	const char *conf_key;		/* HOSTNAME */
	const char *cmdline_key;	/* hostname, as vzhost.hostname */
	unsigned bit;			/* NS_* */
	node_setting_parse_fn *parse;
};

/* The setting with that vzhost.conf key, or NULL. */
const struct node_setting *node_setting_by_conf(const char *key);
/* The setting with that command line key (without "vzhost."), or NULL. */
const struct node_setting *node_setting_by_cmdline(const char *key);
/*
 * Parses value into ns and marks the setting set there: NULL, or why
 * value is not good for it (perhaps written into err,
 * NODE_SETTING_ERR_MAX bytes).
 */
const char *node_setting_set(const struct node_setting *s, struct node_settings *ns,
			     const char *value, char *err);

/*
 * Copies into dst every field set in src and marks it set in dst. A
 * console port without a speed gets the speed of src's first port, or if
 * that has none, of dst's first port.
 */
void node_settings_overlay(struct node_settings *dst, const struct node_settings *src);

#endif
