/*
 * Matching and counting clients by address. Everything goes through one
 * normal form (family, 16 address bytes), so an IPv4 client reaching a
 * dual-stack socket as ::ffff:a.b.c.d matches IPv4 networks and shares
 * the IPv4 count.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "base/inet4.h"
#include "peer.h"

static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* sa's address in normal form: family and bytes (IPv4 in the first 4). */
static int peer_normal(const struct sockaddr *sa, unsigned char addr[16])
{
	memset(addr, 0, 16);
	if (sa->sa_family == AF_INET) {
		memcpy(addr, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return AF_INET;
	}
	if (sa->sa_family != AF_INET6)
		return -1;
	memcpy(addr, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
	if (memcmp(addr, v4mapped, 12))
		return AF_INET6;
	memmove(addr, addr + 12, 4);
	memset(addr + 4, 0, 12);
	return AF_INET;
}

static int prefix_parse(const char *s, unsigned max, unsigned *prefix)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1]))
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v > max)
		return -1;
	*prefix = (unsigned)v;
	return 0;
}

int peer_net_parse(const char *s, struct peer_net *n)
{
	char text[PEER_TEXT_MAX];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t a4;

	if (len == 0 || len >= sizeof text)
		return (errno = EINVAL, -1);
	memcpy(text, s, len);
	text[len] = '\0';
	memset(n, 0, sizeof *n);
	if (inet4_parse(text, &a4) == 0) {
		a4 = htonl(a4);
		n->family = AF_INET;
		memcpy(n->addr, &a4, 4);
		n->prefix = 32;
	} else if (inet_pton(AF_INET6, text, n->addr) == 1) {
		n->family = AF_INET6;
		n->prefix = 128;
	} else {
		return (errno = EINVAL, -1);
	}
	if (slash && prefix_parse(slash + 1, n->prefix, &n->prefix) < 0)
		return (errno = EINVAL, -1);
	return 0;
}

int peer_net_match(const struct peer_net *n, const struct sockaddr *sa)
{
	unsigned char addr[16];
	unsigned full = n->prefix / 8, rest = n->prefix % 8;

	if (peer_normal(sa, addr) != n->family)
		return 0;
	if (memcmp(addr, n->addr, full))
		return 0;
	if (rest == 0)
		return 1;
	return ((addr[full] ^ n->addr[full]) & (0xff00u >> rest)) == 0;
}

void peer_key(const struct sockaddr *sa, unsigned char key[16])
{
	if (peer_normal(sa, key) == AF_INET6)
		memset(key + 8, 0, 8);
	else
		key[15] = 4;	/* apart from the IPv6 network 0:0:0:0::/64 */
}

void peer_format(const struct sockaddr *sa, char out[PEER_TEXT_MAX])
{
	unsigned char addr[16];
	int family = peer_normal(sa, addr);

	if (family < 0 || !inet_ntop(family, addr, out, PEER_TEXT_MAX))
		strcpy(out, "?");
}
