#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "conf/vzcgroup.h"
#include "conf/vznet.h"
#include "conf/vzsize.h"
#include "conf/vzvalue.h"

#define GIB (1ULL << 30)
#define MIB (1ULL << 20)

static void size_ok(const char *s, enum vzsize_unit unit, uint64_t want)
{
	uint64_t v = 12345;
	const char *err = vzsize_parse(s, unit, &v);

	if (!ok(!err && v == want, "size \"%s\" (unit %u) is %llu", s, unit,
		(unsigned long long)want))
		printf("#   got: %llu, %s\n", (unsigned long long)v, err ? err : "no error");
}

static void size_bad(const char *s, enum vzsize_unit unit, const char *cause)
{
	uint64_t v = 12345;
	const char *err = vzsize_parse(s, unit, &v);

	if (!ok(err && strstr(err, cause) && v == 12345, "size \"%s\" refused: %s", s, cause))
		printf("#   got: %s\n", err ? err : "accepted");
}

static void test_sizes(void)
{
	size_ok("0", VZSIZE_PAGES, 0);
	size_ok("262144", VZSIZE_PAGES, 262144);
	size_ok("1G", VZSIZE_PAGES, 262144);
	size_ok("1g", VZSIZE_PAGES, 262144);
	size_ok("256M", VZSIZE_PAGES, 65536);
	size_ok("1.5G", VZSIZE_PAGES, 393216);
	size_ok("1.5G", VZSIZE_BYTES, 1610612736);
	size_ok("0.5K", VZSIZE_BYTES, 512);
	size_ok("2T", VZSIZE_BYTES, 2ULL << 40);
	size_ok("100P", VZSIZE_PAGES, 100);
	size_ok("100p", VZSIZE_BYTES, 409600);
	size_ok("6K", VZSIZE_PAGES, 1);
	size_ok("1.000001K", VZSIZE_BYTES, 1024);
	size_ok("10G", VZSIZE_KIB, 10485760);
	size_ok("2.2G", VZSIZE_KIB, 2306867);
	size_ok("1048576", VZSIZE_KIB, 1048576);
	size_ok("unlimited", VZSIZE_PAGES, VZ_UNLIMITED);
	size_ok("9223372036854775807", VZSIZE_PAGES, VZ_UNLIMITED);
	size_ok("9223372036854775806", VZSIZE_PAGES, 9223372036854775806ULL);
	size_ok("8388607T", VZSIZE_BYTES, 8388607ULL << 40);
	size_bad("", VZSIZE_PAGES, "empty");
	size_bad("-1", VZSIZE_BYTES, "negative");
	size_bad("-1G", VZSIZE_BYTES, "negative");
	size_bad("1.5Q", VZSIZE_BYTES, "unknown suffix");
	size_bad("1GB", VZSIZE_BYTES, "unexpected text after the suffix");
	size_bad("1.5", VZSIZE_BYTES, "a fraction needs");
	size_bad("1.", VZSIZE_BYTES, "digits after the decimal point");
	size_bad(".5G", VZSIZE_BYTES, "expected a number");
	size_bad("1.1234567G", VZSIZE_BYTES, "more than 6 digits");
	size_bad("9223372036854775808", VZSIZE_PAGES, "too large");
	size_bad("99999999999999999999999", VZSIZE_PAGES, "too large");
	size_bad("8388608T", VZSIZE_BYTES, "too large");
	size_bad("2251799813685248P", VZSIZE_PAGES, "too large");
	size_ok("8388607.999999T", VZSIZE_BYTES, (8388608ULL << 40) - 1099512);
	size_bad(" 1G", VZSIZE_BYTES, "expected a number");
	size_bad("1 G", VZSIZE_BYTES, "unknown suffix");
	size_bad("+1", VZSIZE_BYTES, "expected a number");
	size_bad("0x10", VZSIZE_BYTES, "unknown suffix");
	size_bad("Unlimited", VZSIZE_BYTES, "expected a number");
}

static void test_pairs(void)
{
	struct vzpair p = { 7, 7 };
	char buf[VZSIZE_TEXT_MAX];

	ok(!vzsize_parse_pair("0:262144", VZSIZE_PAGES, &p) && p.barrier == 0 && p.limit == 262144,
	   "PHYSPAGES=0:262144");
	ok(!vzsize_parse_pair("0:1G", VZSIZE_PAGES, &p) && p.barrier == 0 && p.limit == 262144,
	   "PHYSPAGES=0:1G");
	ok(!vzsize_parse_pair("0:unlimited", VZSIZE_PAGES, &p) && p.limit == VZ_UNLIMITED,
	   "PHYSPAGES=0:unlimited");
	ok(!vzsize_parse_pair("2G:2.2G", VZSIZE_KIB, &p) && p.barrier == 2097152 &&
		   p.limit == 2306867, "DISKSPACE=2G:2.2G in KiB");
	ok(!vzsize_parse_pair("10G", VZSIZE_KIB, &p) && p.barrier == p.limit && p.limit == 10485760,
	   "one value sets both");
	p.barrier = p.limit = 7;
	ok(vzsize_parse_pair("2:1", VZSIZE_PAGES, &p) && p.limit == 7, "barrier above limit refused");
	ok(vzsize_parse_pair("1:2:3", VZSIZE_PAGES, &p) != NULL, "three parts refused");
	ok(vzsize_parse_pair(":1", VZSIZE_PAGES, &p) != NULL, "empty barrier refused");
	ok(vzsize_parse_pair("1:", VZSIZE_PAGES, &p) != NULL, "empty limit refused");
	ok(vzsize_parse_pair("0:-1", VZSIZE_PAGES, &p) != NULL, "negative limit refused");
	ok(vzsize_parse_pair("unlimited:1", VZSIZE_PAGES, &p) != NULL, "unlimited barrier over limit");

	p = (struct vzpair){ 0, 262144 };
	is_int(vzsize_format_pair(&p, buf, sizeof buf), 8, "format length");
	is_str(buf, "0:262144", "PHYSPAGES as vzctl set --save writes it");
	p = (struct vzpair){ VZ_UNLIMITED, VZ_UNLIMITED };
	vzsize_format_pair(&p, buf, sizeof buf);
	is_str(buf, "unlimited:unlimited", "unlimited written as a word");
	p = (struct vzpair){ VZ_LONG_MAX - 1, VZ_LONG_MAX - 1 };
	ok(vzsize_format_pair(&p, buf, sizeof buf) > 0, "largest pair fits VZSIZE_TEXT_MAX");
	is_int(vzsize_format_pair(&p, buf, 20), -1, "short buffer: -1");
}

static void human_is(uint64_t bytes, const char *want)
{
	char buf[32];

	vzsize_format_human(bytes, buf, sizeof buf);
	is_str(buf, want, want);
}

static void test_ram_swap(void)
{
	uint64_t ram = 0, swap = 0;
	struct vzpair phys, swp;
	char a[VZSIZE_TEXT_MAX], b[VZSIZE_TEXT_MAX];

	/* The OpenVZ blog: vzctl set MyCT --ram 1.5G --swap 3G --save */
	ok(!vzsize_parse_ram("1.5G", &ram) && ram == 393216, "--ram 1.5G is 393216 pages");
	ok(!vzsize_parse_swap("3G", &swap) && swap == 786432, "--swap 3G is 786432 pages");
	phys = (struct vzpair){ 0, ram };
	swp = (struct vzpair){ 0, swap };
	vzsize_format_pair(&phys, a, sizeof a);
	vzsize_format_pair(&swp, b, sizeof b);
	is_str(a, "0:393216", "saved as PHYSPAGES=\"0:393216\"");
	is_str(b, "0:786432", "saved as SWAPPAGES=\"0:786432\"");
	ok(!vzsize_parse_ram("1G", &ram) && ram == 262144, "--ram 1G is PHYSPAGES 0:262144");
	ok(!vzsize_parse_ram("1073741824", &ram) && ram == 262144, "--ram in bytes");
	ok(!vzsize_parse_ram("262144P", &ram) && ram == 262144, "--ram in pages");
	ok(vzsize_parse_ram("-1", &ram) != NULL, "--ram -1 refused");
	ok(vzsize_parse_ram("1.5Q", &ram) != NULL, "--ram 1.5Q refused");
	ok(vzsize_parse_ram("0", &ram) != NULL, "--ram 0 refused");
	ok(vzsize_parse_ram("4095", &ram) != NULL, "--ram below a page refused");
	ok(!vzsize_parse_swap("0", &swap) && swap == 0, "--swap 0 allowed");
	ok(!vzsize_parse_ram("unlimited", &ram) && ram == VZ_UNLIMITED, "--ram unlimited");

	human_is(1610612736, "1.5G");
	human_is(256 * MIB, "256M");
	human_is(4096, "4K");
	human_is(100, "100");
	human_is(0, "0");
	human_is(3ULL << 40, "3T");
	human_is(GIB + 1, "1.0G");
	human_is(VZ_UNLIMITED, "unlimited");
}

static void test_scalars(void)
{
	unsigned u = 77;
	int on = 5;
	struct vzpair p;

	ok(!vzvalue_ctid("101", &u) && u == 101, "CTID 101");
	ok(!vzvalue_ctid("2", &u) && u == 2, "CTID 2");
	ok(!vzvalue_ctid("2147483647", &u) && u == 2147483647, "CTID INT_MAX");
	u = 77;
	ok(vzvalue_ctid("0", &u) && vzvalue_ctid("1", &u) && u == 77, "CTID 0 and 1 reserved");
	ok(vzvalue_ctid("2147483648", &u) != NULL, "CTID past INT_MAX");
	ok(vzvalue_ctid("99999999999999999999", &u) != NULL, "CTID overflow");
	ok(vzvalue_ctid("0101", &u) != NULL, "CTID leading zero");
	ok(vzvalue_ctid("-5", &u) != NULL, "CTID negative");
	ok(vzvalue_ctid("", &u) != NULL, "CTID empty");
	ok(vzvalue_ctid("101a", &u) != NULL, "CTID trailing text");
	ok(vzvalue_ctid("MyCT", &u) != NULL, "a name is not a CTID");

	ok(!vzvalue_name("MyCT"), "NAME MyCT");
	ok(!vzvalue_name("web-1.example_2"), "NAME with . _ -");
	ok(!vzvalue_name("101a"), "NAME with digits and a letter");
	ok(vzvalue_name("101") != NULL, "all-digit NAME refused");
	ok(vzvalue_name("") != NULL, "empty NAME refused");
	ok(vzvalue_name("../etc") != NULL, "NAME with / refused");
	ok(vzvalue_name(".hidden") != NULL, "NAME starting with . refused");
	ok(vzvalue_name("-x") != NULL, "NAME starting with - refused");
	ok(vzvalue_name("a b") != NULL, "NAME with a blank refused");
	ok(!vzvalue_name("a234567890123456789012345678901234567890123456789012345678901234"),
	   "NAME of 64");
	ok(vzvalue_name("a2345678901234567890123456789012345678901234567890123456789012345") != NULL,
	   "NAME of 65 refused");

	ok(!vzvalue_hostname("ct101"), "hostname label");
	ok(!vzvalue_hostname("ct101.example.com"), "FQDN");
	ok(vzvalue_hostname("ct_101") != NULL, "underscore refused");
	ok(vzvalue_hostname("a..b") != NULL, "empty label refused");
	ok(vzvalue_hostname("a.") != NULL, "trailing dot refused");
	ok(vzvalue_hostname("-a.b") != NULL, "label starting with - refused");
	ok(vzvalue_hostname("a234567890123456789012345678901234567890123456789012345678901234.b") !=
		   NULL, "label of 64 refused");

	ok(!vzvalue_onboot("yes", &on) && on == 1, "ONBOOT yes");
	ok(!vzvalue_onboot("no", &on) && on == 0, "ONBOOT no");
	ok(vzvalue_onboot("YES", &on) && vzvalue_onboot("1", &on) && vzvalue_onboot("", &on),
	   "ONBOOT other words refused");

	ok(!vzvalue_cpuunits("1000", &u) && u == 1000, "CPUUNITS 1000");
	ok(!vzvalue_cpuunits("8", &u) && !vzvalue_cpuunits("500000", &u) && u == 500000,
	   "CPUUNITS 8 and 500000");
	ok(vzvalue_cpuunits("7", &u) && vzvalue_cpuunits("500001", &u) &&
		   vzvalue_cpuunits("-1000", &u) && vzvalue_cpuunits("99999999999", &u),
	   "CPUUNITS out of range refused");

	ok(!vzvalue_cpulimit("50", &u) && u == 50, "CPULIMIT 50");
	ok(!vzvalue_cpulimit("250%", &u) && u == 250, "CPULIMIT 250%% (2.5 CPUs)");
	ok(!vzvalue_cpulimit("0", &u) && u == 0, "CPULIMIT 0 is none");
	ok(!vzvalue_cpulimit("409600", &u), "CPULIMIT 4096 CPUs");
	ok(vzvalue_cpulimit("409601", &u) && vzvalue_cpulimit("%", &u) &&
		   vzvalue_cpulimit("50%%", &u) && vzvalue_cpulimit("-5", &u) &&
		   vzvalue_cpulimit("1.5", &u),
	   "CPULIMIT bad forms refused");

	ok(!vzvalue_cpus("2", &u) && u == 2, "CPUS 2");
	ok(!vzvalue_cpus("unlimited", &u) && u == 0, "CPUS unlimited");
	ok(!vzvalue_cpus("0", &u) && u == 0, "CPUS 0 is all");
	ok(vzvalue_cpus("4097", &u) && vzvalue_cpus("-1", &u) && vzvalue_cpus("2.5", &u),
	   "CPUS bad forms refused");

	ok(!vzvalue_count_pair("240:240", &p) && p.barrier == 240 && p.limit == 240, "NUMPROC 240:240");
	ok(!vzvalue_count_pair("500", &p) && p.barrier == 500 && p.limit == 500, "NUMPROC 500");
	ok(!vzvalue_count_pair("unlimited", &p) && p.limit == VZ_UNLIMITED, "NUMPROC unlimited");
	ok(!vzvalue_count_pair("9223372036854775807:9223372036854775807", &p) &&
		   p.limit == VZ_UNLIMITED, "LONG_MAX is unlimited");
	ok(!vzvalue_count_pair("131072:144179", &p) && p.limit == 144179, "DISKINODES");
	p.limit = 9;
	ok(vzvalue_count_pair("2:1", &p) && vzvalue_count_pair("1k", &p) &&
		   vzvalue_count_pair("-1", &p) && vzvalue_count_pair("1:2:3", &p) &&
		   vzvalue_count_pair("9223372036854775808", &p) && p.limit == 9,
	   "count pair bad forms refused");
}

static void test_ip(void)
{
	struct vzip ips[VZNET_IP_MAX + 1];
	char buf[VZNET_IP_TEXT_MAX];
	char many[VZNET_IP_MAX * 16 + 32];
	unsigned n = 99, i;

	ok(!vznet_ip_list("10.0.0.101", ips, VZNET_IP_MAX, &n) && n == 1 &&
		   ips[0].family == AF_INET && ips[0].addr[0] == 10 && ips[0].addr[3] == 101,
	   "one IPv4");
	ok(!vznet_ip_list(" 10.0.0.1/24\t192.168.1.5 2001:db8::1/64 ", ips, VZNET_IP_MAX, &n) &&
		   n == 3 && ips[0].prefix == 24 && ips[2].family == AF_INET6 && ips[2].prefix == 64,
	   "mixed list with prefixes and blanks");
	vznet_ip_format(&ips[2], buf, sizeof buf);
	is_str(buf, "2001:db8::1/64", "IPv6 formatted");
	vznet_ip_format(&ips[0], buf, sizeof buf);
	is_str(buf, "10.0.0.1/24", "IPv4 formatted");
	ok(!vznet_ip_list("", ips, VZNET_IP_MAX, &n) && n == 0, "empty list");
	n = 99;
	ok(vznet_ip_list("10.0.0.1 10.0.0.1", ips, VZNET_IP_MAX, &n) && n == 99, "duplicate refused");
	ok(vznet_ip_list("10.0.0.256", ips, VZNET_IP_MAX, &n) != NULL, "octet 256 refused");
	ok(vznet_ip_list("010.0.0.1", ips, VZNET_IP_MAX, &n) != NULL, "leading zero refused");
	ok(vznet_ip_list("10.0.0.1/33", ips, VZNET_IP_MAX, &n) != NULL, "prefix 33 refused");
	ok(vznet_ip_list("10.0.0.1/0", ips, VZNET_IP_MAX, &n) != NULL, "prefix 0 refused");
	ok(vznet_ip_list("10.0.0.1/", ips, VZNET_IP_MAX, &n) != NULL, "empty prefix refused");
	ok(vznet_ip_list("::1/129", ips, VZNET_IP_MAX, &n) != NULL, "prefix 129 refused");
	ok(vznet_ip_list("0.0.0.0", ips, VZNET_IP_MAX, &n) != NULL, "unspecified refused");
	ok(vznet_ip_list("127.0.0.1", ips, VZNET_IP_MAX, &n) != NULL, "loopback refused");
	ok(vznet_ip_list("224.0.0.1", ips, VZNET_IP_MAX, &n) != NULL, "multicast refused");
	ok(vznet_ip_list("ff02::1", ips, VZNET_IP_MAX, &n) != NULL, "IPv6 multicast refused");
	ok(vznet_ip_list("::", ips, VZNET_IP_MAX, &n) != NULL, "IPv6 unspecified refused");
	ok(vznet_ip_list("host.example.com", ips, VZNET_IP_MAX, &n) != NULL, "names refused");
	ok(vznet_ip_list("10.0.0.1,10.0.0.2", ips, VZNET_IP_MAX, &n) != NULL, "commas refused");
	many[0] = 0;
	for (i = 0; i <= VZNET_IP_MAX; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "10.0.%u.%u ", i / 200,
			 i % 200 + 1);
	ok(vznet_ip_list(many, ips, VZNET_IP_MAX + 1, &n) == NULL && n == VZNET_IP_MAX + 1,
	   "65 addresses parse with room for them");
	ok(vznet_ip_list(many, ips, VZNET_IP_MAX, &n) != NULL, "65 addresses refused at max 64");

	ok(!vznet_nameservers("8.8.8.8 2001:4860:4860::8888 127.0.0.53", ips, &n) && n == 3,
	   "NAMESERVER list, loopback allowed");
	ok(vznet_nameservers("8.8.8.8/32", ips, &n) != NULL, "nameserver with prefix refused");
	ok(vznet_nameservers("1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4 1.1.1.5 1.1.1.6 1.1.1.7 1.1.1.8 "
			     "1.1.1.9", ips, &n) != NULL, "nine nameservers refused");
}

static void test_netif(void)
{
	struct vznetif ifs[VZNET_NETIF_MAX + 1], one;
	char buf[512];
	const char *cfg = "ifname=eth0,mac=00:18:51:AA:BB:01,host_ifname=veth101.0,"
			  "host_mac=00:18:51:AA:BB:02,bridge=vmbr0;ifname=eth1,bridge=br1";
	unsigned n = 99;

	ok(!vznet_netif_parse(cfg, ifs, &n) && n == 2, "two interfaces");
	is_str(ifs[0].ifname, "eth0", "ifname");
	is_str(ifs[0].host_ifname, "veth101.0", "host_ifname");
	is_str(ifs[0].bridge, "vmbr0", "bridge");
	ok(ifs[0].mac[5] == 1 && ifs[0].host_mac[5] == 2 && ifs[0].mac[0] == 0 &&
		   ifs[0].mac[3] == 0xaa, "MACs");
	ok(ifs[1].set == VZNETIF_BRIDGE, "eth1 has only a bridge");
	is_int(vznet_netif_format(ifs, n, buf, sizeof buf), (long long)strlen(cfg), "format length");
	is_str(buf, cfg, "NETIF formats back as written");
	ok(!vznet_netif_parse("", ifs, &n) && n == 0, "empty NETIF");
	ok(!vznet_netif_parse("ifname=eth0;", ifs, &n) && n == 1, "trailing ';' ignored");
	ok(vznet_netif_parse("mac=00:18:51:AA:BB:01", ifs, &n) != NULL, "ifname required");
	ok(vznet_netif_parse("ifname=eth0;ifname=eth0", ifs, &n) != NULL, "duplicate ifname");
	ok(vznet_netif_parse("ifname=eth0,color=red", ifs, &n) != NULL, "unknown field refused");
	ok(vznet_netif_parse("ifname=eth0,bridge", ifs, &n) != NULL, "field without =");
	ok(vznet_netif_parse("ifname=eth0,mac=01:00:5e:00:00:01", ifs, &n) != NULL,
	   "multicast MAC refused");
	ok(vznet_netif_parse("ifname=eth0,mac=00:00:00:00:00:00", ifs, &n) != NULL, "zero MAC");
	ok(vznet_netif_parse("ifname=eth0,mac=00:18:51:AA:BB", ifs, &n) != NULL, "short MAC");
	ok(vznet_netif_parse("ifname=eth0,mac=00:18:51:AA:BB:0g", ifs, &n) != NULL, "bad hex");
	ok(vznet_netif_parse("ifname=eth0,mac=00-18-51-AA-BB-01", ifs, &n) != NULL, "dashes");
	ok(vznet_netif_parse("ifname=a234567890123456", ifs, &n) != NULL, "ifname of 16 refused");
	ok(!vznet_netif_parse("ifname=a23456789012345", ifs, &n), "ifname of 15");
	ok(vznet_netif_parse("ifname=..", ifs, &n) != NULL, "ifname .. refused");
	ok(vznet_netif_parse("ifname=a/b", ifs, &n) != NULL, "ifname with / refused");
	ok(!vznet_netif_parse("ifname=eth0,mac_filter=on", ifs, &n) && ifs[0].mac_filter == 1,
	   "mac_filter on");
	ok(vznet_netif_parse("ifname=eth0,mac_filter=maybe", ifs, &n) != NULL, "mac_filter maybe");
	ok(vznet_netif_parse("ifname=e0;ifname=e1;ifname=e2;ifname=e3;ifname=e4;ifname=e5;"
			     "ifname=e6;ifname=e7;ifname=e8;ifname=e9;ifname=e10;ifname=e11;"
			     "ifname=e12;ifname=e13;ifname=e14;ifname=e15;ifname=e16", ifs, &n) != NULL,
	   "17 interfaces refused");

	ok(!vznet_netif_add_parse("eth0", &one) && !strcmp(one.ifname, "eth0") && one.set == 0,
	   "--netif_add eth0");
	ok(!vznet_netif_add_parse("eth0,,veth101.0,,vmbr0", &one) &&
		   one.set == (VZNETIF_HOST_IFNAME | VZNETIF_BRIDGE) && !strcmp(one.bridge, "vmbr0"),
	   "--netif_add with empty fields");
	ok(!vznet_netif_add_parse("eth0,00:18:51:AA:BB:01,veth101.0,00:18:51:AA:BB:02,vmbr0", &one) &&
		   one.set == (VZNETIF_MAC | VZNETIF_HOST_IFNAME | VZNETIF_HOST_MAC | VZNETIF_BRIDGE),
	   "--netif_add with every field");
	ok(vznet_netif_add_parse("", &one) != NULL, "--netif_add empty refused");
	ok(vznet_netif_add_parse(",00:18:51:AA:BB:01", &one) != NULL, "--netif_add without ifname");
	ok(vznet_netif_add_parse("a,,,,b,c", &one) != NULL, "--netif_add with six fields");
	is_int(vznet_netif_format(ifs, 1, buf, 5), -1, "short buffer: -1");

	ok(!vznet_netif_parse("ifname=eth0;ifname=eth1,host_ifname=veth101.1", ifs, &n) && n == 2,
	   "eth0 (implicitly veth101.0) and eth1 on veth101.1");
	vznet_netif_add_parse("eth2", &ifs[2]);
	ok(!vznet_netif_complete(&ifs[2], 101, ifs, 2), "--netif_add eth2 completed");
	is_str(ifs[2].host_ifname, "veth101.2", "host_ifname: the lowest vethCTID.N not in use");
	ok((ifs[2].set & VZNETIF_MAC) && (ifs[2].set & VZNETIF_HOST_MAC) &&
		   !memcmp(ifs[2].mac, "\x00\x18\x51", 3) && !memcmp(ifs[2].host_mac, "\x00\x18\x51", 3) &&
		   memcmp(ifs[2].mac, ifs[2].host_mac, 6),
	   "mac and host_mac generated with OpenVZ's OUI, and different");
	vznet_netif_add_parse("eth3,02:00:00:00:00:03,ct3", &ifs[3]);
	ok(!vznet_netif_complete(&ifs[3], 101, ifs, 3) && ifs[3].mac[5] == 3 &&
		   !strcmp(ifs[3].host_ifname, "ct3"), "given mac and host_ifname are kept");
	vznet_netif_add_parse("eth4", &ifs[4]);
	ok(!vznet_netif_complete(&ifs[4], 4294967295u, ifs, 0) &&
		   !(ifs[4].set & VZNETIF_HOST_IFNAME), "no host_ifname when veth4294967295.0 does not fit");
}

static void test_cgroup(void)
{
	struct vzcg_source src = { { 0, 393216 }, { 0, 786432 }, { 0, VZ_UNLIMITED }, 0, 0, 0 };
	struct vzcg_limits cg;

	is_int((long long)vzcg_pages_bytes(262144), (long long)GIB, "262144 pages are 1 GiB");
	ok(vzcg_pages_bytes(VZ_UNLIMITED) == VZ_UNLIMITED, "unlimited pages stay unlimited");
	ok(vzcg_pages_bytes(VZ_LONG_MAX) == VZ_UNLIMITED, "overflowing pages are unlimited");
	is_int((long long)vzcg_memory_high(256 * MIB), (long long)(240 * MIB),
	       "256M: high is 240M (1/16 below)");
	is_int((long long)vzcg_memory_high(GIB), (long long)(GIB - 64 * MIB), "1G: 64M below");
	is_int((long long)vzcg_memory_high(4 * GIB), (long long)(4 * GIB - 64 * MIB),
	       "4G: at most 64M below");
	is_int((long long)vzcg_memory_high(4096 * 3), 8192, "tiny limits stay page aligned");
	ok(vzcg_memory_high(VZ_UNLIMITED) == VZ_UNLIMITED, "unlimited has no high");

	is_int(vzcg_cpu_weight(1000), 100, "CPUUNITS 1000 is weight 100 (both defaults)");
	is_int(vzcg_cpu_weight(0), 100, "unset CPUUNITS is the default");
	is_int(vzcg_cpu_weight(8), 1, "CPUUNITS 8 is weight 1");
	is_int(vzcg_cpu_weight(250), 25, "CPUUNITS 250 is 25");
	is_int(vzcg_cpu_weight(15), 2, "rounded to nearest");
	is_int(vzcg_cpu_weight(100000), 10000, "CPUUNITS 100000 is 10000");
	is_int(vzcg_cpu_weight(500000), 10000, "CPUUNITS 500000 clamped to 10000");

	ok(vzcg_cpu_quota(0, 0) == VZ_UNLIMITED, "no CPULIMIT, no CPUS: max");
	is_int((long long)vzcg_cpu_quota(50, 0), 50000, "CPULIMIT 50: 50000 of 100000");
	is_int((long long)vzcg_cpu_quota(250, 0), 250000, "CPULIMIT 250: 2.5 CPUs");
	is_int((long long)vzcg_cpu_quota(0, 2), 200000, "CPUS 2: two CPUs");
	is_int((long long)vzcg_cpu_quota(300, 2), 200000, "CPULIMIT above CPUS is capped");
	is_int((long long)vzcg_cpu_quota(150, 2), 150000, "CPULIMIT below CPUS wins");
	is_int((long long)vzcg_cpu_quota(1, 0), 1000, "CPULIMIT 1 is the kernel's 1000 us minimum");

	is_int((long long)vzcg_pids_max(240), 240, "NUMPROC 240");
	ok(vzcg_pids_max(VZ_UNLIMITED) == VZ_UNLIMITED, "NUMPROC unlimited");
	ok(vzcg_pids_max(4194304) == VZ_UNLIMITED, "NUMPROC past PID_MAX_LIMIT is max");

	/* vzctl set MyCT --ram 1.5G --swap 3G */
	is_int(vzcg_limits(&src, &cg), 0, "limits for --ram 1.5G --swap 3G");
	is_str(cg.memory_max, "1610612736", "memory.max 1.5G");
	is_str(cg.memory_high, "1543503872", "memory.high 1.5G - 64M");
	is_str(cg.memory_swap_max, "3221225472", "memory.swap.max 3G");
	is_str(cg.pids_max, "max", "pids.max max");
	is_str(cg.cpu_weight, "100", "cpu.weight 100");
	is_str(cg.cpu_max, "max 100000", "cpu.max unlimited");
	src = (struct vzcg_source){ { 0, VZ_UNLIMITED }, { 0, 0 }, { 240, 240 }, 2000, 50, 1 };
	vzcg_limits(&src, &cg);
	is_str(cg.memory_max, "max", "memory.max max");
	is_str(cg.memory_high, "max", "memory.high max");
	is_str(cg.memory_swap_max, "0", "memory.swap.max 0: no swap");
	is_str(cg.pids_max, "240", "pids.max 240");
	is_str(cg.cpu_weight, "200", "cpu.weight 200");
	is_str(cg.cpu_max, "50000 100000", "cpu.max 50%");
}

int main(void)
{
	test_sizes();
	test_pairs();
	test_ram_swap();
	test_scalars();
	test_ip();
	test_netif();
	test_cgroup();
	return done_testing();
}
