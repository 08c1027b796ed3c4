#ifndef VZHOST_INIT_SETTINGS_H
#define VZHOST_INIT_SETTINGS_H

#include <net/if.h>

#include "bootopt.h"
#include "node/nodeconf.h"
#include "node/nodesettings.h"

/*
 * The settings this boot runs with. Precedence: kernel command line
 * (vzhost.*) > node configuration (persisted, else the seed) > Kconfig
 * defaults. Each field is taken from the first source that sets it.
 */
struct settings {
	struct node_settings node;
	char iface[IF_NAMESIZE];
};

void settings_merge(struct settings *st, const struct nodeconf *cfg, const struct bootopt *opt);

#endif
