#include <string.h>

#include "node/netmode.h"

static const char *const netmode_names[] = {
	[NET_MODE_UNSET] = "unset",
	[NET_MODE_DHCP] = "dhcp",
	[NET_MODE_STATIC] = "static",
	[NET_MODE_NONE] = "none",
};

const char *netmode_parse(const char *s, enum net_mode *mode)
{
	unsigned i;

	for (i = NET_MODE_DHCP; i <= NET_MODE_NONE; i++) {
		if (!strcmp(s, netmode_names[i])) {
			*mode = (enum net_mode)i;
			return NULL;
		}
	}
	return "expected dhcp, static or none";
}

const char *netmode_name(enum net_mode mode)
{
	return netmode_names[mode];
}
