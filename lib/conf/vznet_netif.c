#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "base/hex.h"
#include "conf/vznet.h"

#define NETIF_FIELD_MAX 64

const char *vznet_ifname_check(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= VZNET_IFNAME_MAX)
		return "an interface name is 1-15 characters";
	if (strpbrk(s, "/:,;= \t\n") || !strcmp(s, ".") || !strcmp(s, ".."))
		return "an interface name cannot contain / : , ; = or blanks, nor be . or ..";
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return "an interface name is printable ASCII";
	return NULL;
}

const char *vznet_mac_parse(const char *s, unsigned char mac[6])
{
	unsigned char m[6];
	int i, hi, lo;

	for (i = 0; i < 6; i++, s += 3) {
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0 || s[2] != (i == 5 ? 0 : ':'))
			return "expected a MAC address XX:XX:XX:XX:XX:XX";
		m[i] = (unsigned char)(hi << 4 | lo);
	}
	if (m[0] & 1)
		return "a multicast MAC address cannot be an interface's address";
	if (!(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]))
		return "the MAC address 00:00:00:00:00:00 is not valid";
	memcpy(mac, m, 6);
	return NULL;
}

static const char *name_copy(char dst[VZNET_IFNAME_MAX], const char *v)
{
	const char *err = vznet_ifname_check(v);

	if (!err)
		strcpy(dst, v);
	return err;
}

static const char *netif_field(struct vznetif *nif, const char *field, const char *v)
{
	if (!strcmp(field, "ifname"))
		return name_copy(nif->ifname, v);
	if (!strcmp(field, "host_ifname")) {
		nif->set |= VZNETIF_HOST_IFNAME;
		return name_copy(nif->host_ifname, v);
	}
	if (!strcmp(field, "bridge")) {
		nif->set |= VZNETIF_BRIDGE;
		return name_copy(nif->bridge, v);
	}
	if (!strcmp(field, "mac")) {
		nif->set |= VZNETIF_MAC;
		return vznet_mac_parse(v, nif->mac);
	}
	if (!strcmp(field, "host_mac")) {
		nif->set |= VZNETIF_HOST_MAC;
		return vznet_mac_parse(v, nif->host_mac);
	}
	if (!strcmp(field, "mac_filter")) {
		nif->set |= VZNETIF_MAC_FILTER;
		nif->mac_filter = !strcmp(v, "on");
		return nif->mac_filter || !strcmp(v, "off") ? NULL : "mac_filter is on or off";
	}
	return "unknown NETIF field (ifname, mac, host_ifname, host_mac, bridge, mac_filter)";
}

/* One interface: "ifname=eth0,mac=...", len bytes at s. */
static const char *netif_one(const char *s, size_t len, struct vznetif *nif)
{
	char item[NETIF_FIELD_MAX], *eq;
	const char *end = s + len, *err;
	size_t n;

	memset(nif, 0, sizeof *nif);
	while (s < end) {
		n = strcspn(s, ",");
		n = n > (size_t)(end - s) ? (size_t)(end - s) : n;
		if (n >= sizeof item)
			return "NETIF field too long";
		memcpy(item, s, n);
		item[n] = 0;
		eq = strchr(item, '=');
		if (!eq)
			return "expected FIELD=VALUE in NETIF";
		*eq = 0;
		err = netif_field(nif, item, eq + 1);
		if (err)
			return err;
		s += n + 1;
	}
	return nif->ifname[0] ? NULL : "a NETIF interface needs ifname=";
}

const char *vznet_netif_parse(const char *s, struct vznetif *out, unsigned *n)
{
	const char *err;
	unsigned count = 0, i;
	size_t len;

	while (*s) {
		len = strcspn(s, ";");
		if (len) {
			if (count == VZNET_NETIF_MAX)
				return "more than 16 NETIF interfaces";
			err = netif_one(s, len, &out[count]);
			if (err)
				return err;
			for (i = 0; i < count; i++)
				if (!strcmp(out[i].ifname, out[count].ifname))
					return "interface name given twice in NETIF";
			count++;
		}
		s += len + (s[len] == ';');
	}
	*n = count;
	return NULL;
}

const char *vznet_netif_add_parse(const char *s, struct vznetif *out)
{
	static const char *const fields[] = { "ifname", "mac", "host_ifname", "host_mac", "bridge" };
	char item[NETIF_FIELD_MAX];
	struct vznetif nif = { 0 };
	const char *err;
	unsigned i;
	size_t n;

	for (i = 0; *s || i == 0; i++) {
		if (i == 5)
			return "--netif_add takes ifname[,mac,host_ifname,host_mac[,bridge]]";
		n = strcspn(s, ",");
		if (n >= sizeof item)
			return "--netif_add field too long";
		memcpy(item, s, n);
		item[n] = 0;
		if (n || i == 0) {
			err = netif_field(&nif, fields[i], item);
			if (err)
				return err;
		}
		s += n + (s[n] == ',');
	}
	*out = nif;
	return NULL;
}

/* Appends a then b at *off. */
static int buf_add(char *buf, size_t size, size_t *off, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb >= size - *off) {
		errno = ENOSPC;
		return -1;
	}
	memcpy(buf + *off, a, la);
	memcpy(buf + *off + la, b, lb + 1);
	*off += la + lb;
	return 0;
}

static void mac_format(const unsigned char m[6], char out[18])
{
	snprintf(out, 18, "%02X:%02X:%02X:%02X:%02X:%02X", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int netif_format_one(const struct vznetif *nif, char *buf, size_t size, size_t *off)
{
	char mac[18], host_mac[18];
	int r;

	mac_format(nif->mac, mac);
	mac_format(nif->host_mac, host_mac);
	r = buf_add(buf, size, off, *off ? ";ifname=" : "ifname=", nif->ifname);
	if (!r && (nif->set & VZNETIF_MAC))
		r = buf_add(buf, size, off, ",mac=", mac);
	if (!r && (nif->set & VZNETIF_HOST_IFNAME))
		r = buf_add(buf, size, off, ",host_ifname=", nif->host_ifname);
	if (!r && (nif->set & VZNETIF_HOST_MAC))
		r = buf_add(buf, size, off, ",host_mac=", host_mac);
	if (!r && (nif->set & VZNETIF_BRIDGE))
		r = buf_add(buf, size, off, ",bridge=", nif->bridge);
	if (!r && (nif->set & VZNETIF_MAC_FILTER))
		r = buf_add(buf, size, off, ",mac_filter=", nif->mac_filter ? "on" : "off");
	return r;
}

int vznet_netif_format(const struct vznetif *ifs, unsigned n, char *buf, size_t size)
{
	size_t off = 0;
	unsigned i;

	if (!size) {
		errno = ENOSPC;
		return -1;
	}
	buf[0] = 0;
	for (i = 0; i < n; i++)
		if (netif_format_one(&ifs[i], buf, size, &off) < 0)
			return -1;
	return (int)off;
}

/* OpenVZ's generated addresses: SWsoft's OUI 00:18:51, three random bytes. */
static int mac_random(unsigned char mac[6])
{
	ssize_t got;

	mac[0] = 0x00;
	mac[1] = 0x18;
	mac[2] = 0x51;
	do
		got = getrandom(mac + 3, 3, 0);
	while (got < 0 && errno == EINTR);
	return got == 3 ? 0 : -1;
}

/* Interface i without host_ifname gets vethCTID.i at start. */
static int host_ifname_used(const struct vznetif *ifs, unsigned n, unsigned ctid,
			    const char *name)
{
	char implicit[VZNET_IFNAME_MAX + 8];
	unsigned i;

	for (i = 0; i < n; i++) {
		if (ifs[i].set & VZNETIF_HOST_IFNAME) {
			if (!strcmp(ifs[i].host_ifname, name))
				return 1;
			continue;
		}
		snprintf(implicit, sizeof implicit, "veth%u.%u", ctid, i);
		if (!strcmp(implicit, name))
			return 1;
	}
	return 0;
}

const char *vznet_netif_complete(struct vznetif *nif, unsigned ctid, const struct vznetif *ifs,
				 unsigned n)
{
	char name[VZNET_IFNAME_MAX + 8];
	unsigned k;
	int len;

	if (!(nif->set & VZNETIF_MAC)) {
		if (mac_random(nif->mac) < 0)
			return "cannot generate a MAC address (getrandom failed)";
		nif->set |= VZNETIF_MAC;
	}
	if (!(nif->set & VZNETIF_HOST_MAC)) {
		do
			if (mac_random(nif->host_mac) < 0)
				return "cannot generate a MAC address (getrandom failed)";
		while (!memcmp(nif->host_mac, nif->mac, 6));
		nif->set |= VZNETIF_HOST_MAC;
	}
	if (nif->set & VZNETIF_HOST_IFNAME)
		return NULL;
	for (k = 0; k <= VZNET_NETIF_MAX; k++) {
		len = snprintf(name, sizeof name, "veth%u.%u", ctid, k);
		if (len < 0 || len >= VZNET_IFNAME_MAX)
			return NULL;	/* no room for the name: ctnet picks one at start */
		if (!host_ifname_used(ifs, n, ctid, name))
			break;
	}
	strcpy(nif->host_ifname, name);
	nif->set |= VZNETIF_HOST_IFNAME;
	return NULL;
}
