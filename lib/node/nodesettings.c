#include <string.h>

#include "node/nodesettings.h"

static const char *copy_checked(char *dst, const char *v, const char *why)
{
	if (!why)
		strcpy(dst, v);
	return why;
}

static const char *set_hostname(struct node_settings *ns, const char *v, char *err)
{
	return copy_checked(ns->hostname, v, hostname_check(v));
}

static const char *set_net_mode(struct node_settings *ns, const char *v, char *err)
{
	return netmode_parse(v, &ns->net_mode);
}

static const char *set_net_ip(struct node_settings *ns, const char *v, char *err)
{
	return inet4_parse_cidr(v, &ns->ip, &ns->prefix);
}

static const char *set_net_gw(struct node_settings *ns, const char *v, char *err)
{
	return inet4_parse(v, &ns->gw);
}

static const char *set_net_dns(struct node_settings *ns, const char *v, char *err)
{
	return inet4_parse_list(v, ns->dns, &ns->ndns);
}

static const char *set_console(struct node_settings *ns, const char *v, char *err)
{
	return serial_ports_parse(v, &ns->console, err);
}

static const char *set_console_menu(struct node_settings *ns, const char *v, char *err)
{
	return serial_menu_parse(v, &ns->console_menu);
}

static const char *set_console_loglevel(struct node_settings *ns, const char *v, char *err)
{
	return loglevel_parse(v, &ns->console_loglevel);
}

static const char *set_format(struct node_settings *ns, const char *v, char *err)
{
	return copy_checked(ns->format, v, devpath_check(v));
}

static const char *set_zram(struct node_settings *ns, const char *v, char *err)
{
	return zram_percent_parse(v, &ns->zram_percent);
}

static const char *set_web(struct node_settings *ns, const char *v, char *err)
{
	return web_onoff_parse(v, &ns->web);
}

static const char *set_web_listen(struct node_settings *ns, const char *v, char *err)
{
	return web_listen_parse(v, &ns->web_listen);
}

static const char *set_web_allow(struct node_settings *ns, const char *v, char *err)
{
	return web_allow_parse(v, &ns->web_allow);
}

static const struct node_setting node_settings_table[] = {
	{ "HOSTNAME", "hostname", NS_HOSTNAME, set_hostname },
	{ "NET_MODE", "net", NS_NET_MODE, set_net_mode },
	{ "NET_IP", "ip", NS_NET_IP, set_net_ip },
	{ "NET_GW", "gw", NS_NET_GW, set_net_gw },
	{ "NET_DNS", "dns", NS_NET_DNS, set_net_dns },
	{ "SERIAL_CONSOLE", "console", NS_CONSOLE, set_console },
	{ "SERIAL_MENU", "menu", NS_CONSOLE_MENU, set_console_menu },
	{ "CONSOLE_LOGLEVEL", "loglevel", NS_CONSOLE_LOGLEVEL, set_console_loglevel },
	{ "DATA_FORMAT", "format", NS_FORMAT, set_format },
	{ "SWAP_ZRAM_PERCENT", "zram", NS_ZRAM, set_zram },
	{ "WEB", "web", NS_WEB, set_web },
	{ "WEB_LISTEN", "web_listen", NS_WEB_LISTEN, set_web_listen },
	{ "WEB_ALLOW_FROM", "web_allow_from", NS_WEB_ALLOW, set_web_allow },
};

#define NODE_SETTINGS_N (sizeof node_settings_table / sizeof node_settings_table[0])

static const struct node_setting *setting_find(const char *key, int cmdline)
{
	size_t i;

	for (i = 0; i < NODE_SETTINGS_N; i++)
		if (!strcmp(key, cmdline ? node_settings_table[i].cmdline_key
					 : node_settings_table[i].conf_key))
			return &node_settings_table[i];
	return NULL;
}

const struct node_setting *node_setting_by_conf(const char *key)
{
	return setting_find(key, 0);
}

const struct node_setting *node_setting_by_cmdline(const char *key)
{
	return setting_find(key, 1);
}

const char *node_setting_set(const struct node_setting *s, struct node_settings *ns,
			     const char *value, char *err)
{
	const char *why = s->parse(ns, value, err);

	if (!why)
		ns->set |= s->bit;
	return why;
}

static void console_overlay(struct serial_ports *dst, const struct serial_ports *src)
{
	unsigned speed = src->port[0].speed, i;

	if (!speed && dst->n)
		speed = dst->port[0].speed;
	*dst = *src;
	for (i = 0; i < dst->n; i++)
		if (!dst->port[i].speed)
			dst->port[i].speed = speed;
}

void node_settings_overlay(struct node_settings *dst, const struct node_settings *src)
{
	if (src->set & NS_HOSTNAME)
		strcpy(dst->hostname, src->hostname);
	if (src->set & NS_NET_MODE)
		dst->net_mode = src->net_mode;
	if (src->set & NS_NET_IP) {
		dst->ip = src->ip;
		dst->prefix = src->prefix;
	}
	if (src->set & NS_NET_GW)
		dst->gw = src->gw;
	if (src->set & NS_NET_DNS) {
		memcpy(dst->dns, src->dns, sizeof dst->dns);
		dst->ndns = src->ndns;
	}
	if (src->set & NS_CONSOLE)
		console_overlay(&dst->console, &src->console);
	if (src->set & NS_CONSOLE_MENU)
		dst->console_menu = src->console_menu;
	if (src->set & NS_CONSOLE_LOGLEVEL)
		dst->console_loglevel = src->console_loglevel;
	if (src->set & NS_FORMAT)
		strcpy(dst->format, src->format);
	if (src->set & NS_ZRAM)
		dst->zram_percent = src->zram_percent;
	if (src->set & NS_WEB)
		dst->web = src->web;
	if (src->set & NS_WEB_LISTEN)
		dst->web_listen = src->web_listen;
	if (src->set & NS_WEB_ALLOW)
		dst->web_allow = src->web_allow;
	dst->set |= src->set;
}
