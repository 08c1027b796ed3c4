#include <string.h>

#include "node/nodesettings.h"

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
	if (src->set & NS_FORMAT)
		strcpy(dst->format, src->format);
	if (src->set & NS_ZRAM)
		dst->zram_percent = src->zram_percent;
	dst->set |= src->set;
}
