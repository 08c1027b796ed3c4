#ifndef VZHOST_NODESETTINGS_H
#define VZHOST_NODESETTINGS_H

#include <stdint.h>

#include "node/devpath.h"
#include "base/hostname.h"
#include "base/inet4.h"
#include "node/netmode.h"
#include "node/serial.h"
#include "node/zramsize.h"

/*
 * The node settings both the kernel command line (vzhost.*) and the node
 * configuration (seed or persisted vzhost.conf) can give. A field counts
 * only when its NS_* flag is in set.
 */

enum {
	NS_HOSTNAME = 1 << 0,
	NS_NET_MODE = 1 << 1,
	NS_NET_IP = 1 << 2,
	NS_NET_GW = 1 << 3,
	NS_NET_DNS = 1 << 4,
	NS_CONSOLE = 1 << 5,
	NS_FORMAT = 1 << 6,
	NS_ZRAM = 1 << 7,
	NS_CONSOLE_MENU = 1 << 8,
};

struct node_settings {
	unsigned set;
	char hostname[HOSTNAME_MAX + 1];
	enum net_mode net_mode;
	uint32_t ip;
	unsigned prefix;
	uint32_t gw;
	uint32_t dns[INET4_LIST_MAX];
	unsigned ndns;
	struct serial_ports console;	/* the login ports, console.port[0] first */
	int console_menu;		/* root's login on them opens the console menu */
	char format[DEVPATH_MAX];
	unsigned zram_percent;
};

/*
 * Copies into dst every field set in src and marks it set in dst. A
 * console port without a speed gets the speed of src's first port, or if
 * that has none, of dst's first port.
 */
void node_settings_overlay(struct node_settings *dst, const struct node_settings *src);

#endif
