/*
 * Stands in for the container runtime in tests/system/73-ct-net.t: the
 * "container" is any process in its own network namespace (unshare -n).
 *
 *   ctnetcheck start CTID PID [ip=ADDR]... [netif=NETIF]... [ns=ADDR]...
 *   ctnetcheck stop CTID [ip=ADDR]... [netif=NETIF]...
 *   ctnetcheck ipadd|ipdel CTID PID ADDR
 *   ctnetcheck resolv CTID ROOT [ns=ADDR]...
 *   ctnetcheck proxies            every proxy ARP/NDP entry: IFINDEX ADDR
 *
 * Exits 0, 1 when ctnet refused (its message on stderr), 100 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ctnet.h"
#include "rtnl.h"

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

	if (rtnl_neigh_parse(h, &ni) < 0)
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
	if (argc < 3)
		usage("usage: start|stop|ipadd|ipdel|resolv|proxies CTID ...");
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
