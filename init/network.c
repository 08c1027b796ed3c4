#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/file.h"
#include "base/log.h"
#include "net/netif.h"
#include "network.h"

static void resolv_write(const struct settings *st)
{
	char text[INET4_LIST_MAX * 32 + 64], addr[INET4_TEXT_MAX];
	size_t len = 0;
	unsigned i;

	for (i = 0; i < st->node.ndns; i++) {
		inet4_format(st->node.dns[i], addr);
		len += (size_t)snprintf(text + len, sizeof text - len, "nameserver %s\n", addr);
	}
	if (file_write_atomic("/etc/resolv.conf", text, len, 0644) < 0)
		log_error("network: /etc/resolv.conf: %s", strerror(errno));
}

static void network_static(const struct settings *st)
{
	char addr[INET4_TEXT_MAX], gw[INET4_TEXT_MAX];

	inet4_format(st->node.ip, addr);
	if (netif_set_ipv4(st->iface, st->node.ip, st->node.prefix) < 0) {
		log_error("network: %s: set address %s/%u: %s", st->iface, addr, st->node.prefix,
			  strerror(errno));
		return;
	}
	log_info("network: %s: static address %s/%u", st->iface, addr, st->node.prefix);
	if (st->node.set & NS_NET_GW) {
		inet4_format(st->node.gw, gw);
		if (netif_add_default_route(st->iface, st->node.gw) < 0)
			log_error("network: %s: default route via %s: %s", st->iface, gw,
				  strerror(errno));
	}
	if (st->node.ndns)
		resolv_write(st);
}

int network_setup(struct settings *st)
{
	if (netif_up("lo") < 0)
		log_error("network: lo: bring up: %s", strerror(errno));
	st->iface[0] = 0;
	if (st->node.net_mode == NET_MODE_NONE) {
		log_info("network: mode none; only loopback is configured");
		return 0;
	}
	if (netif_find_ethernet(st->iface, sizeof st->iface) < 0) {
		log_warn("network: no ethernet interface found; continuing without network");
		return 0;
	}
	if (netif_up(st->iface) < 0) {
		log_error("network: %s: bring up: %s", st->iface, strerror(errno));
		return 0;
	}
	if (st->node.net_mode == NET_MODE_STATIC) {
		network_static(st);
		return 0;
	}
	log_info("network: %s: DHCP (udhcpc service)", st->iface);
	return 1;
}
