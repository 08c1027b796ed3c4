#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "settings.h"

static void settings_defaults(struct node_settings *ns)
{
	strcpy(ns->hostname, CONFIG_DEFAULT_HOSTNAME);
	ns->net_mode = NET_MODE_DHCP;
	snprintf(ns->console.port[0].device, sizeof ns->console.port[0].device, "%s",
		 CONFIG_SERIAL_CONSOLE_DEVICE);
	ns->console.port[0].speed = CONFIG_SERIAL_CONSOLE_SPEED;
	ns->console.n = 1;
	ns->console_menu = 1;
	ns->zram_percent = CONFIG_VSWAP_ZRAM_PERCENT;
	ns->set = NS_HOSTNAME | NS_NET_MODE | NS_CONSOLE | NS_CONSOLE_MENU | NS_ZRAM;
}

void settings_merge(struct settings *st, const struct nodeconf *cfg, const struct bootopt *opt)
{
	memset(st, 0, sizeof *st);
	settings_defaults(&st->node);
	node_settings_overlay(&st->node, &cfg->node);
	node_settings_overlay(&st->node, &opt->node);
	if (st->node.net_mode == NET_MODE_STATIC && !(st->node.set & NS_NET_IP)) {
		log_error("network: static mode needs an address (NET_IP or vzhost.ip=A.B.C.D/PREFIX);"
			  " using dhcp");
		st->node.net_mode = NET_MODE_DHCP;
	}
}
