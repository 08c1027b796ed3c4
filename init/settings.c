#include <stdio.h>
#include <string.h>

#include "log.h"
#include "settings.h"

static void settings_defaults(struct settings *st)
{
	memset(st, 0, sizeof *st);
	strcpy(st->hostname, CONFIG_DEFAULT_HOSTNAME);
	st->net_mode = NET_MODE_DHCP;
	snprintf(st->console.device, sizeof st->console.device, "%s",
		 CONFIG_SERIAL_CONSOLE_DEVICE);
	st->console.speed = CONFIG_SERIAL_CONSOLE_SPEED;
}

static void settings_from_nodeconf(struct settings *st, const struct nodeconf *cfg)
{
	if (cfg->set & NODECONF_HOSTNAME)
		strcpy(st->hostname, cfg->hostname);
	if (cfg->set & NODECONF_NET_MODE)
		st->net_mode = cfg->net_mode;
	if (cfg->set & NODECONF_NET_IP) {
		st->ip = cfg->net_ip;
		st->prefix = cfg->net_prefix;
	}
	if (cfg->set & NODECONF_NET_GW) {
		st->gw = cfg->net_gw;
		st->has_gw = 1;
	}
	if (cfg->set & NODECONF_NET_DNS) {
		memcpy(st->dns, cfg->net_dns, sizeof st->dns);
		st->ndns = cfg->net_ndns;
	}
	if (cfg->set & NODECONF_CONSOLE) {
		strcpy(st->console.device, cfg->console.device);
		if (cfg->console.speed)
			st->console.speed = cfg->console.speed;
	}
}

static void settings_from_bootopt(struct settings *st, const struct bootopt *opt)
{
	if (opt->set & BOOTOPT_HOSTNAME)
		strcpy(st->hostname, opt->hostname);
	if (opt->set & BOOTOPT_NET)
		st->net_mode = opt->net_mode;
	if (opt->set & BOOTOPT_IP) {
		st->ip = opt->ip;
		st->prefix = opt->prefix;
	}
	if (opt->set & BOOTOPT_GW) {
		st->gw = opt->gw;
		st->has_gw = 1;
	}
	if (opt->set & BOOTOPT_DNS) {
		memcpy(st->dns, opt->dns, sizeof st->dns);
		st->ndns = opt->ndns;
	}
	if (opt->set & BOOTOPT_CONSOLE) {
		strcpy(st->console.device, opt->console.device);
		if (opt->console.speed)
			st->console.speed = opt->console.speed;
	}
}

void settings_merge(struct settings *st, const struct nodeconf *cfg, const struct bootopt *opt)
{
	settings_defaults(st);
	settings_from_nodeconf(st, cfg);
	settings_from_bootopt(st, opt);
	if (st->net_mode == NET_MODE_STATIC && !st->prefix) {
		log_error("network: static mode needs an address (NET_IP or vzhost.ip=A.B.C.D/PREFIX);"
			  " using dhcp");
		st->net_mode = NET_MODE_DHCP;
	}
}
