#ifndef VZHOST_INIT_SETTINGS_H
#define VZHOST_INIT_SETTINGS_H

#include <net/if.h>
#include <stdint.h>

#include "bootopt.h"
#include "nodeconf.h"

/*
 * The settings this boot runs with. Precedence: kernel command line
 * (vzhost.*) > node configuration (persisted, else the seed) > Kconfig
 * defaults. Each field is taken from the first source that sets it.
 */
struct settings {
	char hostname[HOSTNAME_MAX + 1];
	enum net_mode net_mode;
	uint32_t ip;
	unsigned prefix;
	uint32_t gw;
	int has_gw;
	uint32_t dns[INET4_LIST_MAX];
	unsigned ndns;
	struct serial_console console;
	char iface[IF_NAMESIZE];
};

void settings_merge(struct settings *st, const struct nodeconf *cfg, const struct bootopt *opt);

#endif
