#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "settings.h"

/* The web service's Kconfig defaults, read by the settings' own parsers. */
static void settings_web_defaults(struct node_settings *ns)
{
	static const struct {
		const char *key, *value;
	} defaults[] = {
		{ "WEB", CONFIG_WEB },
		{ "WEB_LISTEN", CONFIG_WEB_LISTEN },
		{ "WEB_ALLOW_FROM", CONFIG_WEB_ALLOW_FROM },
	};
	char err[NODE_SETTING_ERR_MAX];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		why = node_setting_set(node_setting_by_conf(defaults[i].key), ns, defaults[i].value,
				       err);
		if (why)
			log_error("Kconfig: %s=\"%s\": %s; the web service stays off", defaults[i].key,
				  defaults[i].value, why);
	}
}

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
	settings_web_defaults(ns);
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
