#ifndef VZHOST_CTNET_H
#define VZHOST_CTNET_H

#include <stddef.h>
#include <sys/types.h>

#include "base/report.h"
#include "conf/vznet.h"

/*
 * Container networking (docs/networking.md). Routed addresses (IP_ADDRESS)
 * live on the container's venet0, the peer of the host's venetCTID; NETIF
 * entries are veth pairs whose host side may join a bridge. Everything
 * returns 0 or -1 after a report naming the interface, the address and the
 * kernel's errno.
 */

#define CTNET_IP_MAX VZNET_IP_MAX
#define CTNET_NETIF_MAX VZNET_NETIF_MAX
#define CTNET_NS_MAX VZNET_NS_MAX

/*
 * Policy rule priorities on the node, shared by every container (each rule
 * names its container's venetCTID): its addresses are let through at
 * ALLOW, anything else from venetCTID is dropped at DENY, and the local
 * table, looked up at priority 0 on a fresh node, moves to LOCAL.
 */
#define CTNET_RULE_ALLOW 1
#define CTNET_RULE_DENY 2
#define CTNET_RULE_LOCAL 3

struct ctnet_config {			/* from the CT config */
	unsigned ctid;			/* 1..4294967295; 0 is the node */
	char ip[CTNET_IP_MAX][64];	/* IP_ADDRESS; a /PREFIX is ignored */
	size_t n_ip;
	struct vznetif netif[CTNET_NETIF_MAX];	/* NETIF */
	size_t n_netif;
	char nameserver[CTNET_NS_MAX][64];	/* NAMESERVER */
	size_t n_ns;
};

/* Routed addresses and bridged NETIFs for the container whose init is
   ct_pid (its network namespace); undoes what it did on failure. */
int ctnet_start(const struct ctnet_config *c, pid_t ct_pid, struct report *rep);
/* Removes the host side: links, routes and proxy entries. Works whether
   or not the container's namespace still exists; missing pieces are fine. */
int ctnet_stop(const struct ctnet_config *c, struct report *rep);
/* One routed address on a running container (ip need not be in c);
   adding an address already routed on the node fails. */
int ctnet_ip_add(const struct ctnet_config *c, pid_t ct_pid, const char *ip, struct report *rep);
int ctnet_ip_del(const struct ctnet_config *c, pid_t ct_pid, const char *ip, struct report *rep);
/*
 * NETIF on a running container went from old to now (same CTID): the
 * interfaces only old has are removed, those only now has are created;
 * interfaces are told apart by ifname. Stops at the first failure.
 */
int ctnet_netif_update(const struct ctnet_config *old, const struct ctnet_config *now,
		       pid_t ct_pid, struct report *rep);
/*
 * ct_root/etc/resolv.conf from NAMESERVER: nameserver lines replaced,
 * other lines kept, owned like its directory. Read and replaced inside the
 * container's root (lib/base/rootfile.h): an etc symlink resolves there,
 * a resolv.conf symlink is replaced, never written through; a FIFO,
 * device or file over 16 KiB there is refused. Nothing is written when c
 * has no nameservers.
 */
int ctnet_write_resolv(const char *ct_root, const struct ctnet_config *c, struct report *rep);

/* Host-side names: venetCTID, and vethCTID.N for NETIF N without host_ifname. */
int ctnet_venet_name(unsigned ctid, char *buf, size_t size);
int ctnet_veth_name(unsigned ctid, unsigned n, char *buf, size_t size);

#endif
