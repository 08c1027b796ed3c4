/*
 * Settings as lib/ct/settings.h writes them into a CT config (what vzctl
 * set/create and the web service's requests give), on an in-memory
 * config: sizes in OpenVZ's page units, refused values with the setting
 * and the cause named, address lists built by ipadd/ipdel.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "ct/settings.h"

static struct ct ct;
static struct ct_settings ch;

static void ct_fresh(void)
{
	vzconf_free(&ct.conf);
	vzconf_free(&ct.global);
	memset(&ct, 0, sizeof ct);
	ct_settings_init(&ch);
	ct.ctid = 101;
	ct_lock_init(&ct.lock);
	vzconf_init(&ct.conf, "101.conf");
	vzconf_init(&ct.global, "vz.conf");
}

/* One setting: 0 taken, else the kind of failure (CT_ERR_*) + 100. */
static int set2(const char *name, const char *value)
{
	return ct_setting(&ct, &ch, name, value) == 0 ? 0 : 100 + (int)ct.error_kind;
}

#define REFUSED (100 + CT_ERR_VALUE)

static const char *get(const char *key)
{
	const char *v = vzconf_get(&ct.conf, key);

	return v ? v : "(unset)";
}

int main(void)
{
	ct_fresh();
	is_int(set2("ram", "1.5G"), 0, "ram 1.5G is taken");
	is_str(get("PHYSPAGES"), "0:393216", "ram 1.5G is PHYSPAGES 0:393216");
	is_int(set2("swap", "3G"), 0, "swap 3G is taken");
	is_str(get("SWAPPAGES"), "0:786432", "swap 3G is SWAPPAGES 0:786432");
	ok(ch.cgroup == (CT_CG_MEMORY | CT_CG_SWAP) && ch.live == 0 && ch.n == 2,
	   "ram and swap mark memory and swap for a live apply");

	is_int(set2("ram", "-1"), REFUSED, "ram -1 is refused as a bad value");
	is_str(ct.error_field, "ram", "naming the setting");
	ok(ct.error_why && strstr(ct.error, "CT 101: ram: ") == ct.error &&
		   !strcmp(ct.error + strlen("CT 101: ram: "), ct.error_why),
	   "the container and the cause: %s", ct.error);
	is_int(set2("ram", "1.5Q"), REFUSED, "ram 1.5Q is refused");
	is_int(set2("ram", "0"), REFUSED, "ram 0 is refused");
	is_str(get("PHYSPAGES"), "0:393216", "refused values leave the config alone");
	is_int(set2("swap", "0"), 0, "swap 0 is allowed");
	is_str(get("SWAPPAGES"), "0:0", "as no swap");

	is_int(set2("numproc", "100"), 0, "numproc 100");
	is_str(get("NUMPROC"), "100:100", "NUMPROC 100:100 (barrier:limit, as vzctl writes it)");
	is_int(set2("numproc", "unlimited"), 0, "numproc unlimited");
	is_int(set2("cpulimit", "50%"), 0, "cpulimit 50%");
	is_str(get("CPULIMIT"), "50", "CPULIMIT 50");
	is_int(set2("cpuunits", "7"), REFUSED, "cpuunits 7 is below OpenVZ's range");
	is_int(set2("diskspace", "2G:2.2G"), 0, "diskspace 2G:2.2G");
	is_str(get("DISKSPACE"), "2097152:2306867", "DISKSPACE in KiB");

	is_int(set2("ipadd", "10.0.0.2"), 0, "ipadd 10.0.0.2");
	is_int(set2("ipadd", "10.0.0.3"), 0, "ipadd 10.0.0.3");
	is_str(get("IP_ADDRESS"), "10.0.0.2 10.0.0.3", "two ipadd add both");
	is_int(set2("ipadd", "10.0.0.2"), REFUSED, "a duplicate address is refused");
	is_int(set2("ipdel", "10.0.0.2"), 0, "ipdel 10.0.0.2");
	is_str(get("IP_ADDRESS"), "10.0.0.3", "removes it");
	is_int(set2("ipdel", "10.9.9.9"), REFUSED, "ipdel of an address the CT lacks is refused");
	is_int(set2("ipdel", "all"), 0, "ipdel all");
	is_str(get("IP_ADDRESS"), "", "removes every address");

	is_int(set2("hostname", "ct101.example.com"), 0, "hostname");
	is_int(set2("hostname", "bad_host!"), REFUSED, "a bad hostname is refused");
	is_int(set2("name", "12345"), REFUSED, "an all-digit name is refused (it would be a CTID)");
	is_int(set2("onboot", "maybe"), REFUSED, "onboot maybe is refused");
	is_int(set2("description", "line\nbreak"), REFUSED, "a description with a newline is refused");
	is_int(set2("netif_add", "eth0"), 0, "netif_add eth0");
	is_int(set2("netif_add", "eth0"), REFUSED, "the same interface twice is refused");
	ok(!strncmp(get("NETIF"), "ifname=eth0,mac=00:18:51:", 25) &&
		   !strncmp(get("NETIF") + 33, ",host_ifname=veth101.0,host_mac=00:18:51:", 41),
	   "netif_add saves a generated mac, host_ifname and host_mac");
	is_int(set2("netif_add", "eth1,,,,br0"), 0, "netif_add eth1 on br0");
	is_int(set2("netif_del", "eth2"), REFUSED, "netif_del of an unknown interface is refused");
	is_int(set2("netif_del", "eth0"), 0, "netif_del eth0");
	ok(!strncmp(get("NETIF"), "ifname=eth1,", 12) && !strchr(get("NETIF"), ';') &&
		   strstr(get("NETIF"), ",host_ifname=veth101.1,") && strstr(get("NETIF"), ",bridge=br0"),
	   "only eth1 (veth101.1 on br0) is left");
	is_int(set2("netif_del", "all"), 0, "netif_del all");
	is_str(get("NETIF"), "", "no interface left");
	is_int(set2("no-such-option", "1"), 100 + CT_ERR_USAGE, "an unknown name is refused as usage");
	is_str(ct.error_field, "no-such-option", "naming it");
	ok(ct_setting_known("ram") && ct_setting_known("stop-timeout") && !ct_setting_known("save"),
	   "ct_setting_known: the settings, not vzctl's other options");
	ct_fresh();
	for (int k = 0; k < CT_SETTINGS_MAX; k++)
		set2("description", "x");
	is_int(set2("description", "y"), 100 + CT_ERR_USAGE, "more than CT_SETTINGS_MAX settings are refused");
	ct_fresh();
	vzconf_free(&ct.conf);
	vzconf_free(&ct.global);
	return done_testing();
}
