#ifndef VZHOST_CTNET_IMPL_H
#define VZHOST_CTNET_IMPL_H

/* Shared by lib/net/ctnet*.c only. */

#include "net/ctnet.h"
#include "net/rtnl.h"

struct ctnet_run {
	const struct ctnet_config *c;
	pid_t pid;		/* the container's init; 0 in ctnet_stop */
	struct rtnl host;	/* the node's namespace */
	struct rtnl ct;		/* the container's (fd -1 when not opened) */
	struct report *rep;
};

int ctnet_run_open(struct ctnet_run *run, const struct ctnet_config *c, pid_t pid,
		   struct report *rep);
void ctnet_run_close(struct ctnet_run *run);
/* Reports "ctnet CTID: WHAT: strerror(errno)" and returns -1. */
int ctnet_fail(struct ctnet_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* net.PATH = value (net_sysctl_write), reported. */
int ctnet_sysctl(struct ctnet_run *run, const char *path, const char *value);

int ctnet_venet_create(struct ctnet_run *run);
int ctnet_venet_remove(struct ctnet_run *run);
int ctnet_venet_ip_add(struct ctnet_run *run, const char *ip);
int ctnet_venet_ip_del(struct ctnet_run *run, const char *ip);

/* The uplink's proxy ARP/NDP entry for ip (text: ip as text) added or
   deleted (ctnet_proxy.c); deleting none is fine. */
int ctnet_proxy_set(struct ctnet_run *run, const struct vzip *ip, const char *text, int add);
int ctnet_proxy_del(struct ctnet_run *run, const struct vzip *ip);

/* Source rules for venetCTID (ctnet_rule.c, priorities in ctnet.h). */
int ctnet_rule_guard(struct ctnet_run *run, const char *iif);
int ctnet_rule_source(struct ctnet_run *run, const char *iif, const struct vzip *ip,
		      const char *text, int add);
/* Every rule naming iif, and the proxy entries of the addresses they let
   through (the config may not list all of them: see ctnet_stop). */
int ctnet_rule_remove_all(struct ctnet_run *run, const char *iif);

int ctnet_netif_create(struct ctnet_run *run, unsigned n);
int ctnet_netif_remove(struct ctnet_run *run, unsigned n);

#endif
