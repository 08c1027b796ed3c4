/*
 * Stands in for the container runtime in tests/system/73-ct-net.t: the
 * "container" is any process in its own network namespace (unshare -n).
 *
 *   ctnetcheck start CTID PID [ip=ADDR]... [netif=NETIF]... [ns=ADDR]...
 *   ctnetcheck stop CTID [ip=ADDR]... [netif=NETIF]...
 *   ctnetcheck ipadd|ipdel CTID PID ADDR
 *   ctnetcheck resolv CTID ROOT [ns=ADDR]...
 *   ctnetcheck proxies            every proxy ARP/NDP entry: IFINDEX ADDR
 *   ctnetcheck udpsend SRC DST PORT TEXT   one datagram from SRC (a transparent
 *                                 socket: the sender need not hold SRC)
 *   ctnetcheck udprecv PORT SECS  prints the first datagram to PORT (IPv4 or
 *                                 IPv6) within SECS, or nothing
 *   ctnetcheck udpblast SRC DST PORT SECS  datagrams from SRC as fast as it can
 *                                 for SECS; prints how many were sent
 *   ctnetcheck udpcount PORT SECS  counts datagrams to PORT for SECS; prints it
 *   ctnetcheck fakerules N|0      the source rules of N containers (venet900000
 *                                 on, one IPv6 address each) that do not run; 0 removes them
 *   ctnetcheck rules              every policy rule, IPv4 then IPv6:
 *                                 PRIO [from ADDR/LEN] [iif NAME] lookup TABLE|goto PRIO|blackhole
 *
 * Exits 0, 1 when ctnet refused (its message on stderr), 100 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/fib_rules.h>

#include "net/ctnet.h"
#include "net/rtnl.h"

static void to_stderr(void *ctx, const char *msg)
{
	fprintf(stderr, "%s\n", msg);
}

static struct report rep = { to_stderr, NULL };
static struct ctnet_config conf;

static void usage(const char *why)
{
	fprintf(stderr, "ctnetcheck: %s\n", why);
	exit(100);
}

static unsigned long number(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !*s || v > 0xffffffffUL)
		usage("bad number");
	return v;
}

static void config_args(char **argv)
{
	const char *why;
	unsigned n;

	for (; *argv; argv++) {
		if (!strncmp(*argv, "ip=", 3) && conf.n_ip < CTNET_IP_MAX) {
			snprintf(conf.ip[conf.n_ip++], sizeof conf.ip[0], "%s", *argv + 3);
		} else if (!strncmp(*argv, "ns=", 3) && conf.n_ns < CTNET_NS_MAX) {
			snprintf(conf.nameserver[conf.n_ns++], sizeof conf.nameserver[0], "%s",
				 *argv + 3);
		} else if (!strncmp(*argv, "netif=", 6)) {
			why = vznet_netif_parse(*argv + 6, conf.netif, &n);
			if (why)
				usage(why);
			conf.n_netif = n;
		} else {
			usage("unknown argument");
		}
	}
}

static int proxy_print(const struct nlmsghdr *h, void *ctx)
{
	struct rtnl_neigh_info ni;
	char text[INET6_ADDRSTRLEN];

	if (rtnl_neigh_parse(h, &ni))
		return -EBADMSG;
	if (ni.flags & NTF_PROXY) {
		inet_ntop(ni.family, ni.dst, text, sizeof text);
		printf("%d %s\n", ni.ifindex, text);
	}
	return 0;
}

static int proxies(void)
{
	struct rtnl r;
	int rc;

	if (rtnl_open(&r) < 0)
		return -1;
	rc = rtnl_neigh_proxy_dump(&r, AF_INET, proxy_print, NULL);
	if (rc == 0)
		rc = rtnl_neigh_proxy_dump(&r, AF_INET6, proxy_print, NULL);
	rtnl_close(&r);
	return rc;
}

/* An IPv4 or IPv6 address and port; -1 if text is neither. */
static int sockaddr_of(const char *text, unsigned port, struct sockaddr_in6 *out,
		       socklen_t *len)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)out;

	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, text, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		*len = sizeof *in4;
		return AF_INET;
	}
	if (inet_pton(AF_INET6, text, &out->sin6_addr) == 1) {
		out->sin6_family = AF_INET6;
		out->sin6_port = htons(port);
		*len = sizeof *out;
		return AF_INET6;
	}
	return -1;
}

static int udp_send(char **argv)
{
	struct sockaddr_in6 src, dst;
	socklen_t src_len, dst_len;
	int family = sockaddr_of(argv[1], number(argv[2]), &dst, &dst_len);
	int one = 1, fd;

	if (family < 0 || sockaddr_of(argv[0], 0, &src, &src_len) != family)
		usage("udpsend: SRC and DST must be addresses of one family");
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	/* Transparent: IPv4 routes a source the sender does not hold only then. */
	if (fd < 0 ||
	    (family == AF_INET ? setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &one, sizeof one)
			       : setsockopt(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, &one, sizeof one)) < 0 ||
	    bind(fd, (struct sockaddr *)&src, src_len) < 0 ||
	    sendto(fd, argv[3], strlen(argv[3]), 0, (struct sockaddr *)&dst, dst_len) < 0) {
		perror("ctnetcheck: udpsend");
		return -1;
	}
	close(fd);
	return 0;
}

static int udp_recv(char **argv)
{
	struct sockaddr_in6 any = { .sin6_family = AF_INET6, .sin6_port = htons(number(argv[0])) };
	struct pollfd p = { .events = POLLIN };
	char buf[512];
	int zero = 0;
	ssize_t n;

	p.fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (p.fd < 0 || setsockopt(p.fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero) < 0 ||
	    bind(p.fd, (struct sockaddr *)&any, sizeof any) < 0) {
		perror("ctnetcheck: udprecv");
		return -1;
	}
	if (poll(&p, 1, (int)number(argv[1]) * 1000) == 1) {
		n = recv(p.fd, buf, sizeof buf - 1, 0);
		if (n >= 0)
			printf("%.*s\n", (int)n, buf);
	}
	close(p.fd);
	return 0;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Unconnected, like a forwarded packet: every datagram is routed (and so
   walks the rule list) afresh, none reuses a socket's cached route. */
static int udp_blast(char **argv)
{
	struct sockaddr_in6 s, d;
	socklen_t s_len, d_len;
	int family = sockaddr_of(argv[1], number(argv[2]), &d, &d_len), one = 1, fd;
	double end = now_seconds() + number(argv[3]);
	unsigned long sent = 0;
	unsigned k;

	if (family < 0 || sockaddr_of(argv[0], 0, &s, &s_len) != family)
		usage("udpblast: SRC and DST must be addresses of one family");
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    (family == AF_INET ? setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &one, sizeof one)
			       : setsockopt(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, &one, sizeof one)) < 0 ||
	    bind(fd, (struct sockaddr *)&s, s_len) < 0) {
		perror("ctnetcheck: udpblast");
		return -1;
	}
	while (now_seconds() < end)
		for (k = 0; k < 64; k++)
			if (sendto(fd, "x", 1, 0, (struct sockaddr *)&d, d_len) == 1)
				sent++;
	printf("%lu\n", sent);
	close(fd);
	return 0;
}

static int udp_count(char **argv)
{
	struct sockaddr_in6 any = { .sin6_family = AF_INET6, .sin6_port = htons(number(argv[0])) };
	struct pollfd p = { .events = POLLIN };
	double end;
	unsigned long got = 0;
	int zero = 0, wait_ms;
	char buf[64];

	p.fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (p.fd < 0 || setsockopt(p.fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero) < 0 ||
	    bind(p.fd, (struct sockaddr *)&any, sizeof any) < 0) {
		perror("ctnetcheck: udpcount");
		return -1;
	}
	end = now_seconds() + number(argv[1]);
	while ((wait_ms = (int)((end - now_seconds()) * 1000)) > 0)
		if (poll(&p, 1, wait_ms) == 1 && recv(p.fd, buf, sizeof buf, 0) >= 0)
			got++;
	printf("%lu\n", got);
	close(p.fd);
	return 0;
}

/* The IPv6 rules ctnet would give container 900000+i with fd00:90::i. */
static int fake_rules(unsigned long n)
{
	struct rtnl_rule ru = { .family = AF_INET6, .src = { 0xfd, 0, 0, 0x90 } };
	struct rtnl r;
	unsigned long i;
	int rc = 0;

	if (rtnl_open(&r) < 0)
		return -1;
	for (i = 0; i < (n ? n : 100000) && rc == 0; i++) {
		snprintf(ru.iifname, sizeof ru.iifname, "venet%lu", 900000 + i);
		ru.src[14] = (unsigned char)(i >> 8);
		ru.src[15] = (unsigned char)i;
		ru.src_len = 128;
		ru.priority = CTNET_RULE_ALLOW;
		ru.action = FR_ACT_GOTO;
		ru.target = CTNET_RULE_LOCAL;
		rc = n ? rtnl_rule_add(&r, &ru) : rtnl_rule_del(&r, &ru);
		ru.src_len = 0;
		ru.priority = CTNET_RULE_DENY;
		ru.action = FR_ACT_BLACKHOLE;
		ru.target = 0;
		if (rc == 0)
			rc = n ? rtnl_rule_add(&r, &ru) : rtnl_rule_del(&r, &ru);
	}
	if (!n && rc < 0 && errno == ENOENT)
		rc = 0;	/* removal stops at the first container that has none */
	rtnl_close(&r);
	return rc;
}

static int rule_print(const struct nlmsghdr *h, void *ctx)
{
	struct rtnl_rule ru;
	char text[INET6_ADDRSTRLEN];

	if (rtnl_rule_parse(h, &ru))
		return -EBADMSG;
	printf("%u", (unsigned)ru.priority);
	if (ru.src_len) {
		inet_ntop(ru.family, ru.src, text, sizeof text);
		printf(" from %s/%u", text, ru.src_len);
	}
	if (ru.iifname[0])
		printf(" iif %s", ru.iifname);
	if (ru.action == FR_ACT_TO_TBL)
		printf(" lookup %u\n", (unsigned)ru.table);
	else if (ru.action == FR_ACT_GOTO)
		printf(" goto %u\n", (unsigned)ru.target);
	else if (ru.action == FR_ACT_BLACKHOLE)
		printf(" blackhole\n");
	else
		printf(" action %u\n", ru.action);
	return 0;
}

static int rules(void)
{
	struct rtnl r;
	int rc;

	if (rtnl_open(&r) < 0)
		return -1;
	rc = rtnl_rule_dump(&r, AF_INET, rule_print, NULL);
	if (rc == 0)
		rc = rtnl_rule_dump(&r, AF_INET6, rule_print, NULL);
	rtnl_close(&r);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int rc;

	if (!strcmp(cmd, "proxies")) {
		if (proxies() < 0) {
			perror("ctnetcheck: proxy dump");
			return 1;
		}
		return 0;
	}
	if (!strcmp(cmd, "udpsend") && argc == 6)
		return udp_send(argv + 2) < 0 ? 1 : 0;
	if (!strcmp(cmd, "udprecv") && argc == 4)
		return udp_recv(argv + 2) < 0 ? 1 : 0;
	if (!strcmp(cmd, "udpblast") && argc == 6)
		return udp_blast(argv + 2) < 0 ? 1 : 0;
	if (!strcmp(cmd, "udpcount") && argc == 4)
		return udp_count(argv + 2) < 0 ? 1 : 0;
	if (!strcmp(cmd, "fakerules") && argc == 3) {
		if (fake_rules(number(argv[2])) < 0) {
			perror("ctnetcheck: fakerules");
			return 1;
		}
		return 0;
	}
	if (!strcmp(cmd, "rules")) {
		if (rules() < 0) {
			perror("ctnetcheck: rule dump");
			return 1;
		}
		return 0;
	}
	if (argc < 3)
		usage("usage: start|stop|ipadd|ipdel|resolv|proxies|rules CTID ...");
	conf.ctid = number(argv[2]);
	if (!strcmp(cmd, "start") && argc >= 4) {
		config_args(argv + 4);
		rc = ctnet_start(&conf, number(argv[3]), &rep);
	} else if (!strcmp(cmd, "stop")) {
		config_args(argv + 3);
		rc = ctnet_stop(&conf, &rep);
	} else if (!strcmp(cmd, "ipadd") && argc == 5) {
		rc = ctnet_ip_add(&conf, number(argv[3]), argv[4], &rep);
	} else if (!strcmp(cmd, "ipdel") && argc == 5) {
		rc = ctnet_ip_del(&conf, number(argv[3]), argv[4], &rep);
	} else if (!strcmp(cmd, "resolv") && argc >= 4) {
		config_args(argv + 4);
		rc = ctnet_write_resolv(argv[3], &conf, &rep);
	} else {
		usage("bad command or arguments");
	}
	return rc < 0 ? 1 : 0;
}
