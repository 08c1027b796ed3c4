#ifndef VZHOST_INIT_NETWORK_H
#define VZHOST_INIT_NETWORK_H

#include "settings.h"

/*
 * Loopback always; then the first ethernet interface (st->iface): brought
 * up for DHCP (the udhcpc service does the rest), or configured with
 * st's static address, route and /etc/resolv.conf. Returns 1 when the
 * udhcpc service should run.
 */
int network_setup(struct settings *st);

#endif
