#ifndef VZHOST_NETMODE_H
#define VZHOST_NETMODE_H

/* How the node configures its first ethernet interface. */
enum net_mode {
	NET_MODE_UNSET,
	NET_MODE_DHCP,
	NET_MODE_STATIC,
	NET_MODE_NONE,
};

/* dhcp, static or none: NULL, or why not. */
const char *netmode_parse(const char *s, enum net_mode *mode);
const char *netmode_name(enum net_mode mode);

#endif
