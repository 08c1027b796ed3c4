#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "node/nodeconf.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
	int full;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 >= o->size) {
		o->full = 1;
		return;
	}
	o->buf[o->len++] = c;
	o->buf[o->len] = 0;
}

/* KEY="value" with the characters special inside double quotes escaped. */
static void out_entry(struct out *o, const char *key, const char *value)
{
	while (*key)
		out_char(o, *key++);
	out_char(o, '=');
	out_char(o, '"');
	for (; *value; value++) {
		if (strchr("\"\\$`", *value))
			out_char(o, '\\');
		out_char(o, *value);
	}
	out_char(o, '"');
	out_char(o, '\n');
}

static void out_dns(struct out *o, const struct node_settings *ns)
{
	char list[INET4_LIST_MAX * INET4_TEXT_MAX], addr[INET4_TEXT_MAX];
	unsigned i;

	list[0] = 0;
	for (i = 0; i < ns->ndns; i++) {
		inet4_format(ns->dns[i], addr);
		if (i)
			strcat(list, " ");
		strcat(list, addr);
	}
	out_entry(o, "NET_DNS", list);
}

static void out_net(struct out *o, const struct node_settings *ns)
{
	char text[INET4_TEXT_MAX + 4], addr[INET4_TEXT_MAX];

	if (ns->set & NS_NET_MODE)
		out_entry(o, "NET_MODE", netmode_name(ns->net_mode));
	if (ns->set & NS_NET_IP) {
		inet4_format(ns->ip, addr);
		snprintf(text, sizeof text, "%s/%u", addr, ns->prefix);
		out_entry(o, "NET_IP", text);
	}
	if (ns->set & NS_NET_GW) {
		inet4_format(ns->gw, addr);
		out_entry(o, "NET_GW", addr);
	}
	if (ns->set & NS_NET_DNS)
		out_dns(o, ns);
}

static void out_console(struct out *o, const struct serial_ports *ports)
{
	char text[SERIAL_PORTS_MAX * (SERIAL_DEV_MAX + 12)];
	size_t len = 0;
	unsigned i;

	text[0] = 0;
	for (i = 0; i < ports->n; i++) {
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", i ? " " : "",
					ports->port[i].device);
		if (ports->port[i].speed)
			len += (size_t)snprintf(text + len, sizeof text - len, ",%u",
						ports->port[i].speed);
	}
	out_entry(o, "SERIAL_CONSOLE", text);
}

/* The web service's keys of ns that are set, and cfg's certificate. */
static void out_web(struct out *o, const struct node_settings *ns, const struct nodeconf *cfg)
{
	char text[WEB_TEXT_MAX];

	if (ns->set & NS_WEB)
		out_entry(o, "WEB", ns->web ? "on" : "off");
	if (ns->set & NS_WEB_LISTEN) {
		web_listen_format(&ns->web_listen, text);
		out_entry(o, "WEB_LISTEN", text);
	}
	if (ns->set & NS_WEB_ALLOW) {
		web_allow_format(&ns->web_allow, text);
		out_entry(o, "WEB_ALLOW_FROM", text);
	}
	if (cfg->set & NODECONF_WEB_TLS_CERT)
		out_entry(o, "WEB_TLS_CERT", cfg->web_tls_cert);
	if (cfg->set & NODECONF_WEB_TLS_KEY)
		out_entry(o, "WEB_TLS_KEY", cfg->web_tls_key);
}

int nodeconf_format_web(const struct node_settings *ns, const struct nodeconf *cfg, char *buf,
			size_t size)
{
	struct out o = { buf, size, 0, 0 };
	const char *header = "# the web service's settings this boot (written by init)\n";

	if (!size) {
		errno = ENOSPC;
		return -1;
	}
	buf[0] = 0;
	while (*header)
		out_char(&o, *header++);
	if (cfg->set & NODECONF_ADMIN_HASH)
		out_entry(&o, "ADMIN_PASSWORD_HASH", cfg->admin_hash);
	out_web(&o, ns, cfg);
	if (o.full) {
		errno = ENOSPC;
		return -1;
	}
	return (int)o.len;
}

int nodeconf_format(const struct nodeconf *cfg, char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };
	char text[16];
	const char *header = "# vzhost node configuration (persisted from the seed)\n";

	if (!size)
		goto full;
	buf[0] = 0;
	while (*header)
		out_char(&o, *header++);
	if (cfg->node.set & NS_HOSTNAME)
		out_entry(&o, "HOSTNAME", cfg->node.hostname);
	if (cfg->set & NODECONF_ADMIN_HASH)
		out_entry(&o, "ADMIN_PASSWORD_HASH", cfg->admin_hash);
	out_net(&o, &cfg->node);
	if (cfg->node.set & NS_CONSOLE)
		out_console(&o, &cfg->node.console);
	if (cfg->node.set & NS_CONSOLE_MENU)
		out_entry(&o, "SERIAL_MENU", cfg->node.console_menu ? "yes" : "no");
	if (cfg->node.set & NS_CONSOLE_LOGLEVEL)
		out_entry(&o, "CONSOLE_LOGLEVEL", loglevel_name(cfg->node.console_loglevel));
	if (cfg->node.set & NS_ZRAM) {
		snprintf(text, sizeof text, "%u", cfg->node.zram_percent);
		out_entry(&o, "SWAP_ZRAM_PERCENT", text);
	}
	out_web(&o, &cfg->node, cfg);
	if (o.full)
		goto full;
	return (int)o.len;
full:
	errno = ENOSPC;
	return -1;
}
