#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/inet4.h"
#include "conf/vznet.h"

#define ADDR_TEXT_MAX 64

static const char *prefix_parse(const char *s, unsigned max, unsigned *prefix)
{
	unsigned v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return "expected a prefix length after '/'";
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return "prefix length out of range";
	}
	if (*s || v == 0)
		return "expected a prefix length after '/'";
	*prefix = v;
	return NULL;
}

const char *vznet_ip_parse(const char *s, struct vzip *ip)
{
	char text[ADDR_TEXT_MAX];
	const char *slash = strchr(s, '/'), *err;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	struct vzip r = { 0 };
	uint32_t a4;

	if (n >= sizeof text)
		return "not an IPv4 or IPv6 address";
	memcpy(text, s, n);
	text[n] = 0;
	if (!inet4_parse(text, &a4)) {
		r.family = AF_INET;
		a4 = htonl(a4);
		memcpy(r.addr, &a4, 4);
	} else if (strchr(text, ':') && inet_pton(AF_INET6, text, r.addr) == 1) {
		r.family = AF_INET6;
	} else {
		return "not an IPv4 or IPv6 address";
	}
	if (slash) {
		err = prefix_parse(slash + 1, r.family == AF_INET ? 32 : 128, &r.prefix);
		if (err)
			return err;
	}
	*ip = r;
	return NULL;
}

static int ip_unspecified(const struct vzip *ip)
{
	static const unsigned char zero[16];

	return !memcmp(ip->addr, zero, ip->family == AF_INET ? 4 : 16);
}

static int ip_multicast(const struct vzip *ip)
{
	return ip->family == AF_INET ? (ip->addr[0] & 0xf0) == 0xe0 : ip->addr[0] == 0xff;
}

static int ip_loopback(const struct vzip *ip)
{
	static const unsigned char lo6[16] = { [15] = 1 };

	return ip->family == AF_INET ? ip->addr[0] == 127 : !memcmp(ip->addr, lo6, 16);
}

static int ip_same(const struct vzip *a, const struct vzip *b)
{
	return a->family == b->family && !memcmp(a->addr, b->addr, 16);
}

/* Calls check on each blank-separated word; stores at most max. */
static const char *words_parse(const char *s, struct vzip *out, unsigned max, unsigned *n,
			       const char *(*check)(const struct vzip *))
{
	char word[ADDR_TEXT_MAX];
	const char *err;
	unsigned count = 0, i;
	size_t len;

	for (;;) {
		s += strspn(s, " \t");
		if (!*s)
			break;
		len = strcspn(s, " \t");
		if (len >= sizeof word)
			return "not an IPv4 or IPv6 address";
		if (count == max)
			return "too many addresses";
		memcpy(word, s, len);
		word[len] = 0;
		err = vznet_ip_parse(word, &out[count]);
		if (!err)
			err = check(&out[count]);
		if (err)
			return err;
		for (i = 0; i < count; i++)
			if (ip_same(&out[i], &out[count]))
				return "address given twice";
		count++;
		s += len;
	}
	*n = count;
	return NULL;
}

static const char *ct_address_check(const struct vzip *ip)
{
	if (ip_unspecified(ip) || ip_loopback(ip) || ip_multicast(ip))
		return "unspecified, loopback and multicast addresses cannot be given to a container";
	return NULL;
}

static const char *nameserver_check(const struct vzip *ip)
{
	if (ip->prefix)
		return "a nameserver is an address without a prefix length";
	if (ip_unspecified(ip) || ip_multicast(ip))
		return "a nameserver cannot be an unspecified or multicast address";
	return NULL;
}

const char *vznet_ip_list(const char *s, struct vzip *out, unsigned max, unsigned *n)
{
	return words_parse(s, out, max, n, ct_address_check);
}

const char *vznet_nameservers(const char *s, struct vzip *out, unsigned *n)
{
	return words_parse(s, out, VZNET_NS_MAX, n, nameserver_check);
}

int vznet_ip_format(const struct vzip *ip, char *buf, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	int n;

	if (!inet_ntop(ip->family, ip->addr, text, sizeof text))
		return -1;
	n = ip->prefix ? snprintf(buf, size, "%s/%u", text, ip->prefix)
		       : snprintf(buf, size, "%s", text);
	if (n < 0 || (size_t)n >= size) {
		errno = ENOSPC;
		return -1;
	}
	return n;
}
