/*
 * services/web/http/peer.c: WEB_ALLOW_FROM networks parsed and matched,
 * IPv4-mapped clients taken as IPv4, the per-source key.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "../../services/web/http/peer.h"
#include "tap.h"

static struct sockaddr_storage addr(const char *text)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof ss);
	if (strchr(text, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		inet_pton(AF_INET6, text, &s6->sin6_addr);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		inet_pton(AF_INET, text, &s4->sin_addr);
	}
	return ss;
}

static int match(const char *net, const char *a)
{
	struct peer_net n;
	struct sockaddr_storage ss = addr(a);

	return peer_net_parse(net, &n) == 0 && peer_net_match(&n, (struct sockaddr *)&ss);
}

int main(void)
{
	static const char *const bad[] = {
		"", "/24", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/024", "10.0.0.0/2x", "010.0.0.1",
		"10.0.0", "::1/129", "fe80::1%eth0", "host.example", "10.0.0.0/-1",
	};
	struct peer_net n;
	struct sockaddr_storage a, b;
	unsigned char ka[16], kb[16];
	char text[PEER_TEXT_MAX];
	unsigned i;

	ok(match("10.0.2.0/24", "10.0.2.2"), "10.0.2.2 in 10.0.2.0/24");
	ok(!match("10.0.2.0/24", "10.0.3.2"), "10.0.3.2 not in it");
	ok(match("10.0.2.2", "10.0.2.2") && !match("10.0.2.2", "10.0.2.3"), "a bare address is /32");
	ok(match("0.0.0.0/0", "203.0.113.9"), "0.0.0.0/0 takes every IPv4 client");
	ok(match("192.168.0.0/17", "192.168.127.255") && !match("192.168.0.0/17", "192.168.128.0"),
	   "a prefix inside a byte");
	ok(match("10.0.2.0/24", "::ffff:10.0.2.2"), "an IPv4-mapped client matches IPv4 networks");
	ok(!match("::/0", "::ffff:10.0.2.2"), "and not IPv6 ones");
	ok(match("2001:db8::/32", "2001:db8:1::5") && !match("2001:db8::/32", "2001:db9::5"),
	   "IPv6 networks");
	ok(!match("10.0.0.0/8", "2001:db8::1"), "families do not mix");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(peer_net_parse(bad[i], &n) < 0, "refused: \"%s\"", bad[i]);

	a = addr("10.0.2.2");
	b = addr("::ffff:10.0.2.2");
	peer_key((struct sockaddr *)&a, ka);
	peer_key((struct sockaddr *)&b, kb);
	ok(!memcmp(ka, kb, 16), "an IPv4 client and its mapped form share a count");
	a = addr("2001:db8:1:2::5");
	b = addr("2001:db8:1:2:ffff::9");
	peer_key((struct sockaddr *)&a, ka);
	peer_key((struct sockaddr *)&b, kb);
	ok(!memcmp(ka, kb, 16), "two addresses of one IPv6 /64 share a count");
	b = addr("2001:db8:1:3::5");
	peer_key((struct sockaddr *)&b, kb);
	ok(memcmp(ka, kb, 16), "another /64 does not");
	a = addr("0.0.0.0");
	b = addr("::");
	peer_key((struct sockaddr *)&a, ka);
	peer_key((struct sockaddr *)&b, kb);
	ok(memcmp(ka, kb, 16), "0.0.0.0 and the IPv6 network :: differ");
	a = addr("::ffff:192.0.2.7");
	peer_format((struct sockaddr *)&a, text);
	is_str(text, "192.0.2.7", "a mapped address is shown as IPv4");
	return done_testing();
}
