#ifndef VZHOST_NETIF_H
#define VZHOST_NETIF_H

#include <stddef.h>
#include <stdint.h>

/* Network interfaces through the classic ioctls (addresses in host order). */

int netif_up(const char *ifname);
int netif_set_ipv4(const char *ifname, uint32_t addr, unsigned prefix);
int netif_add_default_route(const char *ifname, uint32_t gw);
/*
 * The first (by name) ethernet interface backed by hardware:
 * /sys/class/net/NAME/type is 1 and NAME/device exists, which leaves out
 * lo, bridges, veth, tun/tap and other virtual interfaces. -1 (ENODEV)
 * if there is none.
 */
int netif_find_ethernet(char *name, size_t size);

#endif
