/*
 * vzctl set/create options as vzctl writes them into a CT config
 * (services/ct/cmd_set.c), on an in-memory config: sizes in OpenVZ's page units,
 * refused values with the cause, address lists built by --ipadd/--ipdel.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "../../services/ct/vzctl.h"

static char last_err[512];

void vzctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_err, sizeof last_err, fmt, ap);
	va_end(ap);
}

int vzctl_open(struct ct *c, const char *arg, int lock, int must_exist)
{
	return VZCTL_FAIL;
}

static struct ct ct;
static struct vzctl_changes ch;

static void ct_fresh(void)
{
	vzconf_free(&ct.conf);
	vzconf_free(&ct.global);
	memset(&ct, 0, sizeof ct);
	memset(&ch, 0, sizeof ch);
	ct.ctid = 101;
	ct.lock_fd = -1;
	vzconf_init(&ct.conf, "101.conf");
	vzconf_init(&ct.global, "vz.conf");
	last_err[0] = 0;
}

/* Parses "--opt value" (two words) and returns set_option_parse's result. */
static int set2(const char *opt, const char *value)
{
	char o[64], v[256], *argv[3] = { o, v, NULL };
	int i = 0;

	snprintf(o, sizeof o, "%s", opt);
	snprintf(v, sizeof v, "%s", value);
	return set_option_parse(&ct, argv, 2, &i, &ch);
}

static const char *get(const char *key)
{
	const char *v = vzconf_get(&ct.conf, key);

	return v ? v : "(unset)";
}

int main(void)
{
	char eq[] = "--swap=3G", *argv1[] = { eq, NULL };
	int i = 0;

	ct_fresh();
	is_int(set2("--ram", "1.5G"), 1, "--ram 1.5G parses");
	is_str(get("PHYSPAGES"), "0:393216", "--ram 1.5G is PHYSPAGES 0:393216");
	is_int(set_option_parse(&ct, argv1, 1, &i, &ch), 1, "--swap=3G parses");
	is_str(get("SWAPPAGES"), "0:786432", "--swap 3G is SWAPPAGES 0:786432");
	ok(ch.limits == (CT_CG_MEMORY | CT_CG_SWAP), "ram and swap mark memory and swap for a live apply");

	is_int(set2("--ram", "-1"), -VZCTL_BAD_VALUE, "--ram -1 is refused");
	ok(strstr(last_err, "CT 101: --ram -1:") != NULL, "naming the CT and the option: %s", last_err);
	is_int(set2("--ram", "1.5Q"), -VZCTL_BAD_VALUE, "--ram 1.5Q is refused");
	is_int(set2("--ram", "0"), -VZCTL_BAD_VALUE, "--ram 0 is refused");
	is_str(get("PHYSPAGES"), "0:393216", "refused values leave the config alone");
	is_int(set2("--swap", "0"), 1, "--swap 0 is allowed");
	is_str(get("SWAPPAGES"), "0:0", "as no swap");

	is_int(set2("--numproc", "100"), 1, "--numproc 100");
	is_str(get("NUMPROC"), "100:100", "NUMPROC 100:100 (barrier:limit, as vzctl writes it)");
	is_int(set2("--numproc", "unlimited"), 1, "--numproc unlimited");
	is_int(set2("--cpulimit", "50%"), 1, "--cpulimit 50%");
	is_str(get("CPULIMIT"), "50", "CPULIMIT 50");
	is_int(set2("--cpuunits", "7"), -VZCTL_BAD_VALUE, "--cpuunits 7 is below OpenVZ's range");
	is_int(set2("--diskspace", "2G:2.2G"), 1, "--diskspace 2G:2.2G");
	is_str(get("DISKSPACE"), "2097152:2306867", "DISKSPACE in KiB");

	is_int(set2("--ipadd", "10.0.0.2"), 1, "--ipadd 10.0.0.2");
	is_int(set2("--ipadd", "10.0.0.3"), 1, "--ipadd 10.0.0.3");
	is_str(get("IP_ADDRESS"), "10.0.0.2 10.0.0.3", "two --ipadd add both");
	is_int(set2("--ipadd", "10.0.0.2"), -VZCTL_BAD_VALUE, "a duplicate address is refused");
	is_int(set2("--ipdel", "10.0.0.2"), 1, "--ipdel 10.0.0.2");
	is_str(get("IP_ADDRESS"), "10.0.0.3", "removes it");
	is_int(set2("--ipdel", "10.9.9.9"), -VZCTL_BAD_VALUE, "--ipdel of an address the CT lacks is refused");
	is_int(set2("--ipdel", "all"), 1, "--ipdel all");
	is_str(get("IP_ADDRESS"), "", "removes every address");

	is_int(set2("--hostname", "ct101.example.com"), 1, "--hostname");
	is_int(set2("--hostname", "bad_host!"), -VZCTL_BAD_VALUE, "a bad hostname is refused");
	is_int(set2("--name", "12345"), -VZCTL_BAD_VALUE, "an all-digit name is refused (it would be a CTID)");
	is_int(set2("--onboot", "maybe"), -VZCTL_BAD_VALUE, "--onboot maybe is refused");
	is_int(set2("--description", "line\nbreak"), -VZCTL_BAD_VALUE, "a description with a newline is refused");
	is_int(set2("--netif_add", "eth0"), 1, "--netif_add eth0");
	is_int(set2("--netif_add", "eth0"), -VZCTL_BAD_VALUE, "the same interface twice is refused");
	ok(!strncmp(get("NETIF"), "ifname=eth0,mac=00:18:51:", 25) &&
		   !strncmp(get("NETIF") + 33, ",host_ifname=veth101.0,host_mac=00:18:51:", 41),
	   "--netif_add saves a generated mac, host_ifname and host_mac");
	is_int(set2("--netif_add", "eth1,,,,br0"), 1, "--netif_add eth1 on br0");
	is_int(set2("--netif_del", "eth2"), -VZCTL_BAD_VALUE, "--netif_del of an unknown interface is refused");
	is_int(set2("--netif_del", "eth0"), 1, "--netif_del eth0");
	ok(!strncmp(get("NETIF"), "ifname=eth1,", 12) && !strchr(get("NETIF"), ';') &&
		   strstr(get("NETIF"), ",host_ifname=veth101.1,") && strstr(get("NETIF"), ",bridge=br0"),
	   "only eth1 (veth101.1 on br0) is left");
	is_int(set2("--netif_del", "all"), 1, "--netif_del all");
	is_str(get("NETIF"), "", "no interface left");
	is_int(set2("--no-such-option", "1"), 0, "an unknown option is not a set option");
	ct_fresh();
	vzconf_free(&ct.conf);
	vzconf_free(&ct.global);
	return done_testing();
}
