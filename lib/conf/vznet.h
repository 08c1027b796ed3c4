#ifndef VZHOST_VZNET_H
#define VZHOST_VZNET_H

#include <stddef.h>

/*
 * Container network values: IP_ADDRESS, NAMESERVER and NETIF of a CT
 * config, and vzctl's --ipadd, --nameserver and --netif_add. Parsers return
 * NULL or the cause; on failure list outputs may hold partial results
 * but their counts are left alone.
 */

#define VZNET_IP_MAX 64		/* addresses in IP_ADDRESS */
#define VZNET_NS_MAX 8		/* addresses in NAMESERVER */
#define VZNET_NETIF_MAX 16	/* interfaces in NETIF */
#define VZNET_IFNAME_MAX 16	/* IFNAMSIZ, with the NUL */
#define VZNET_IP_TEXT_MAX 50	/* INET6_ADDRSTRLEN + "/128" */

struct vzip {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];	/* network byte order; IPv4 in the first 4 */
	unsigned prefix;	/* 0: none given */
};

/* A.B.C.D[/1-32] (strict, see inet4.h) or an IPv6 address[/1-128]. */
const char *vznet_ip_parse(const char *s, struct vzip *ip);
/*
 * IP_ADDRESS: blank-separated addresses usable by a container (not
 * unspecified, loopback or multicast), no duplicates, at most max.
 */
const char *vznet_ip_list(const char *s, struct vzip *out, unsigned max, unsigned *n);
/* NAMESERVER: blank-separated addresses without prefixes, at most VZNET_NS_MAX. */
const char *vznet_nameservers(const char *s, struct vzip *out, unsigned *n);
/* Canonical text (inet_ntop form, "/PREFIX" when given); -1 ENOSPC. */
int vznet_ip_format(const struct vzip *ip, char *buf, size_t size);

enum {
	VZNETIF_MAC = 1 << 0,
	VZNETIF_HOST_IFNAME = 1 << 1,
	VZNETIF_HOST_MAC = 1 << 2,
	VZNETIF_BRIDGE = 1 << 3,
	VZNETIF_MAC_FILTER = 1 << 4,	/* mac_filter given; its value in mac_filter */
};

struct vznetif {
	unsigned set;		/* VZNETIF_*: the optional fields given */
	char ifname[VZNET_IFNAME_MAX];
	char host_ifname[VZNET_IFNAME_MAX];
	char bridge[VZNET_IFNAME_MAX];
	unsigned char mac[6], host_mac[6];
	int mac_filter;
};

/* A Linux interface name: 1-15 bytes, no '/', ':', ',', ';', '=' or blanks; not . or .. */
const char *vznet_ifname_check(const char *s);
/* XX:XX:XX:XX:XX:XX (hex, either case), unicast and not all zeros. */
const char *vznet_mac_parse(const char *s, unsigned char mac[6]);
/*
 * NETIF: interfaces separated by ';', each comma-separated FIELD=VALUE with
 * FIELD ifname (required), mac, host_ifname, host_mac, bridge,
 * mac_filter (on/off); interface names unique. "" is no interface.
 */
const char *vznet_netif_parse(const char *s, struct vznetif *out, unsigned *n);
/* --netif_add ifname[,mac,host_ifname,host_mac[,bridge]] (positional; empty fields skipped). */
const char *vznet_netif_add_parse(const char *s, struct vznetif *out);
/*
 * An interface added with --netif_add, completed as OpenVZ saves it: a
 * random mac and host_mac (OUI 00:18:51) when not given, and host_ifname
 * vethCTID.N with the lowest N none of ifs[0..n) uses, when not given and
 * the name fits. A known mac is what ctnet locks a bridge port to.
 */
const char *vznet_netif_complete(struct vznetif *nif, unsigned ctid, const struct vznetif *ifs,
				 unsigned n);
/* The NETIF value for n interfaces, as OpenVZ writes it; -1 ENOSPC. */
int vznet_netif_format(const struct vznetif *ifs, unsigned n, char *buf, size_t size);

#endif
