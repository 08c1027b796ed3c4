#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "base/file.h"
#include "tap.h"
#include "conf/vzconf.h"
#include "conf/vzsize.h"
#include "conf/vzvalue.h"

#define CT_CONF                                                                         \
	"# Container 101\n"                                                             \
	"\n"                                                                            \
	"ONBOOT=\"yes\"\n"                                                              \
	"  PHYSPAGES=\"0:262144\"   # 1G of RAM\n"                                       \
	"SWAPPAGES='0:512M'\n"                                                          \
	"CPUUNITS=1000\r\n"                                                             \
	"\tMY_SCRIPT_KEY=\"left alone\"\n"                                               \
	"VE_ROOT=\"/vz/root/$VEID\"\n"                                                  \
	"DESCRIPTION=\"say \\\"hi\\\" \\\\ \\$x \\`y\\` \\n\"\n"                         \
	"MIXED=a'b c'\"d\"\n"                                                           \
	"HOSTNAME=\"old\"\n"                                                            \
	"HOSTNAME=\"ct101.example.com\"\n"                                              \
	"#trailing comment, no newline"

static char out[VZCONF_FILE_MAX + 1];

static const char *formatted(const struct vzconf *c)
{
	if (vzconf_format(c, out, sizeof out) < 0)
		return "(format failed)";
	return out;
}

static int parse(struct vzconf *c, const char *text, struct collect *col)
{
	struct report r = collect_report(col);

	return vzconf_parse(c, "101.conf", text, strlen(text), &r);
}

static void test_round_trip(void)
{
	struct vzconf c;
	struct collect col;

	is_int(parse(&c, CT_CONF, &col), 0, "CT config parses without complaint");
	is_str(formatted(&c), CT_CONF, "unmodified file formats byte for byte");
	is_int((long long)vzconf_size(&c), (long long)strlen(CT_CONF), "size matches the input");
	is_str(vzconf_get(&c, "ONBOOT"), "yes", "double quoted");
	is_str(vzconf_get(&c, "PHYSPAGES"), "0:262144", "indented, trailing comment");
	is_str(vzconf_get(&c, "SWAPPAGES"), "0:512M", "single quoted");
	is_str(vzconf_get(&c, "CPUUNITS"), "1000", "unquoted, CRLF line");
	is_str(vzconf_get(&c, "MY_SCRIPT_KEY"), "left alone", "unknown key kept");
	is_str(vzconf_get(&c, "VE_ROOT"), "/vz/root/$VEID", "dollar is literal");
	is_str(vzconf_get(&c, "DESCRIPTION"), "say \"hi\" \\ $x `y` \\n", "double-quote escapes");
	is_str(vzconf_get(&c, "MIXED"), "ab cd", "concatenated quoting");
	is_str(vzconf_get(&c, "HOSTNAME"), "ct101.example.com", "the last duplicate wins");
	ok(vzconf_get(&c, "NOPE") == NULL, "missing key is NULL");
	vzconf_free(&c);

	is_int(parse(&c, "", &col), 0, "empty file parses");
	is_str(formatted(&c), "", "empty file formats empty");
	vzconf_free(&c);
	is_int(parse(&c, "\n\n", &col), 0, "blank lines parse");
	is_str(formatted(&c), "\n\n", "blank lines kept");
	vzconf_free(&c);
}

static void test_set_unset(void)
{
	struct vzconf c;
	struct collect col;
	struct report r;
	const char *want;

	parse(&c, CT_CONF, &col);
	r = collect_report(&col);
	is_int(vzconf_set(&c, "PHYSPAGES", "0:393216", &r), 0, "set an existing key");
	is_int(vzconf_set(&c, "SWAPPAGES", "0:786432", &r), 0, "set a single-quoted key");
	is_int(vzconf_set(&c, "CPUUNITS", "1000", &r), 0, "set to the same value");
	is_int(vzconf_set(&c, "HOSTNAME", "new.example.com", &r), 0, "set a duplicated key");
	is_int(vzconf_set(&c, "NAME", "web \"1\" $HOME `x` \\", &r), 0, "set a new key");
	is_int(vzconf_unset(&c, "MIXED"), 1, "unset removes the line");
	is_int(vzconf_unset(&c, "MIXED"), 0, "unset of a missing key removes nothing");
	want = "# Container 101\n"
	       "\n"
	       "ONBOOT=\"yes\"\n"
	       "  PHYSPAGES=\"0:393216\"   # 1G of RAM\n"
	       "SWAPPAGES=\"0:786432\"\n"
	       "CPUUNITS=1000\r\n"
	       "\tMY_SCRIPT_KEY=\"left alone\"\n"
	       "VE_ROOT=\"/vz/root/$VEID\"\n"
	       "DESCRIPTION=\"say \\\"hi\\\" \\\\ \\$x \\`y\\` \\n\"\n"
	       "HOSTNAME=\"new.example.com\"\n"
	       "#trailing comment, no newline\n"
	       "NAME=\"web \\\"1\\\" $HOME \\`x\\` \\\\\"\n";
	is_str(formatted(&c), want, "set and unset touch only their lines");
	is_int(col.n, 0, "no complaints");
	vzconf_free(&c);

	is_int(parse(&c, want, &col), 0, "the result parses cleanly");
	is_str(vzconf_get(&c, "NAME"), "web \"1\" $HOME `x` \\", "a set value reads back the same");
	is_str(vzconf_get(&c, "HOSTNAME"), "new.example.com", "one HOSTNAME left");
	is_int(vzconf_unset(&c, "HOSTNAME"), 1, "one HOSTNAME line removed");
	vzconf_free(&c);

	parse(&c, "A=1\nB=2\nA=3\nA=4\n", &col);
	is_int(vzconf_unset(&c, "A"), 3, "unset removes every duplicate");
	is_str(formatted(&c), "B=2\n", "only B is left");
	is_int(vzconf_set(&c, "C", "", &r), 0, "set an empty value");
	is_str(formatted(&c), "B=2\nC=\"\"\n", "empty value is written quoted");
	vzconf_free(&c);

	vzconf_init(&c, "new.conf");
	is_int(vzconf_set(&c, "ONBOOT", "no", &r), 0, "set in an empty config");
	is_str(formatted(&c), "ONBOOT=\"no\"\n", "a new file gets a final newline");
	vzconf_free(&c);
}

static void test_set_errors(void)
{
	char *big = malloc(VZCONF_VALUE_MAX + 1);
	struct vzconf c;
	struct collect col;
	struct report r = collect_report(&col);
	char key[16];
	int i, rc;

	vzconf_init(&c, "x.conf");
	errno = 0;
	is_int(vzconf_set(&c, "9A", "v", &r), -1, "key starting with a digit refused");
	is_int(errno, EINVAL, "EINVAL");
	ok(collect_has(&col, "x.conf: 9A: not a valid key"), "message names file and key: %s",
	   col.msg[0]);
	is_int(vzconf_set(&c, "", "v", &r), -1, "empty key refused");
	is_int(vzconf_set(&c, "A-B", "v", &r), -1, "key with '-' refused");
	is_int(vzconf_set(&c, "A", "two\nlines", &r), -1, "newline in a value refused");
	ok(collect_has(&col, "newline or control character"), "cause named");
	is_int(vzconf_set(&c, "A", "cr\r", &r), -1, "CR in a value refused");
	is_int(vzconf_set(&c, "A", "tab\tok", &r), 0, "tab in a value accepted");
	memset(big, 'x', VZCONF_VALUE_MAX);
	big[VZCONF_VALUE_MAX] = 0;
	is_int(vzconf_set(&c, "A", big, &r), -1, "value of 4096 bytes refused");
	big[VZCONF_LINE_MAX - 4] = 0;
	is_int(vzconf_set(&c, "A", big, &r), 0, "line of exactly 4096 bytes accepted");
	big[VZCONF_LINE_MAX - 4] = '"';
	big[VZCONF_LINE_MAX - 3] = 0;
	errno = 0;
	is_int(vzconf_set(&c, "A", big, &r), -1, "quoting past 4096 bytes refused");
	is_int(errno, E2BIG, "E2BIG");
	vzconf_free(&c);

	vzconf_init(&c, "x.conf");
	for (i = 0, rc = 0; i < VZCONF_KEYS_MAX && !rc; i++) {
		snprintf(key, sizeof key, "K%d", i);
		rc = vzconf_set(&c, key, "v", &r);
	}
	is_int(rc, 0, "512 keys fit");
	errno = 0;
	is_int(vzconf_set(&c, "ONE_MORE", "v", &r), -1, "key 513 refused");
	is_int(errno, ENOSPC, "ENOSPC");
	is_int(vzconf_set(&c, "K7", "changed", &r), 0, "existing keys can still be set");
	vzconf_free(&c);

	vzconf_init(&c, "x.conf");
	memset(big, 'y', 4000);
	big[4000] = 0;
	for (i = 0, rc = 0; i < 16 && !rc; i++) {
		snprintf(key, sizeof key, "K%d", i);
		rc = vzconf_set(&c, key, big, &r);
	}
	is_int(rc, 0, "16 lines of 4 KB fit in 64 KiB");
	errno = 0;
	is_int(vzconf_set(&c, "K16", big, &r), -1, "a 17th is refused");
	is_int(errno, EFBIG, "EFBIG");
	ok(collect_has(&col, "larger than 65536 bytes"), "cause named");
	vzconf_free(&c);
	free(big);
}

static void test_malformed(void)
{
	struct vzconf c;
	struct collect col;
	const char *text = "GOOD=1\nno equals\n9KEY=x\nK = v\nK=a b\nK=a;b\nK=\"open\n"
			   "K='open\nK=\"a\\\n export X=1\nX=2\n";

	is_int(parse(&c, text, &col), 9, "nine malformed lines");
	is_str(formatted(&c), text, "malformed lines are kept verbatim");
	ok(vzconf_get(&c, "K") == NULL, "keys of malformed lines are not visible");
	is_str(vzconf_get(&c, "X"), "2", "good lines after bad ones are read");
	ok(collect_has(&col, "101.conf:2: expected '=' right after the key"), "line 2: %s",
	   col.msg[0]);
	ok(collect_has(&col, "101.conf:3: expected KEY=value"), "line 3: key with a digit");
	ok(collect_has(&col, "101.conf:4: expected '='"), "line 4: blank before =");
	ok(collect_has(&col, "101.conf:5: unexpected text after the value"), "line 5");
	ok(collect_has(&col, "101.conf:6: unquoted shell operator"), "line 6");
	ok(collect_has(&col, "101.conf:7: unterminated double quote"), "line 7");
	ok(collect_has(&col, "101.conf:8: unterminated single quote"), "line 8");
	ok(collect_has(&col, "101.conf:9: backslash at end of line"), "line 9");
	ok(collect_has(&col, "101.conf:10: expected '='"), "line 10: export is not OpenVZ syntax");
	vzconf_free(&c);
}

static void test_limits(void)
{
	char *big = malloc(VZCONF_FILE_MAX + 2);
	struct vzconf c;
	struct collect col;
	struct report r;
	size_t i;

	memset(big, '\n', VZCONF_FILE_MAX + 1);
	r = collect_report(&col);
	errno = 0;
	is_int(vzconf_parse(&c, "big", big, VZCONF_FILE_MAX + 1, &r), -1, "65537 bytes refused");
	is_int(errno, EFBIG, "EFBIG");
	ok(collect_has(&col, "big: larger than 65536 bytes"), "message: %s", col.msg[0]);
	is_int(vzconf_parse(&c, "nl", big, VZCONF_LINES_MAX, &r), 0, "4096 lines accepted");
	vzconf_free(&c);
	errno = 0;
	is_int(vzconf_parse(&c, "nl", big, VZCONF_LINES_MAX + 1, &r), -1, "4097 lines refused");
	is_int(errno, E2BIG, "E2BIG");

	r = collect_report(&col);
	errno = 0;
	is_int(vzconf_parse(&c, "nul", "A=1\n\0B=2\n", 9, &r), -1, "NUL byte refused");
	is_int(errno, EINVAL, "EINVAL");
	ok(collect_has(&col, "nul: contains NUL bytes"), "message: %s", col.msg[0]);

	for (i = 0; i < VZCONF_KEYS_MAX + 1; i++)
		memcpy(big + 4 * i, "A=1\n", 4);
	is_int(vzconf_parse(&c, "k", big, 4 * VZCONF_KEYS_MAX, &r), 0, "512 keys accepted");
	vzconf_free(&c);
	r = collect_report(&col);
	errno = 0;
	is_int(vzconf_parse(&c, "k", big, 4 * (VZCONF_KEYS_MAX + 1), &r), -1, "513 keys refused");
	is_int(errno, E2BIG, "E2BIG");
	ok(collect_has(&col, "k:513: more than 512 keys"), "message: %s", col.msg[0]);
	is_int((long long)c.nlines, 0, "a refused file leaves the config empty");

	memcpy(big, "A=", 2);
	memset(big + 2, 'x', VZCONF_LINE_MAX - 2);
	big[VZCONF_LINE_MAX] = '\n';
	is_int(vzconf_parse(&c, "l", big, VZCONF_LINE_MAX + 1, &r), 0, "line of 4096 bytes accepted");
	is_int((long long)strlen(vzconf_get(&c, "A")), VZCONF_LINE_MAX - 2, "its value is whole");
	vzconf_free(&c);
	big[VZCONF_LINE_MAX] = 'x';
	big[VZCONF_LINE_MAX + 1] = '\n';
	r = collect_report(&col);
	is_int(vzconf_parse(&c, "l", big, VZCONF_LINE_MAX + 2, &r), 1, "line of 4097 bytes malformed");
	ok(collect_has(&col, "l:1: line longer than 4096 bytes"), "message: %s", col.msg[0]);
	is_int(vzconf_format(&c, out, sizeof out), VZCONF_LINE_MAX + 2, "and kept verbatim");
	ok(vzconf_get(&c, "A") == NULL, "but not read");
	vzconf_free(&c);
	free(big);
}

static void test_files(void)
{
	char dir[] = "/tmp/test_vzconf.XXXXXX", path[64], text[256];
	struct vzconf c;
	struct collect col;
	struct report r = collect_report(&col);
	struct stat st;

	if (!ok(mkdtemp(dir) != NULL, "temporary directory"))
		return;
	snprintf(path, sizeof path, "%s/101.conf", dir);
	errno = 0;
	is_int(vzconf_load(&c, path, &r), -1, "loading a missing file fails");
	is_int(errno, ENOENT, "ENOENT");
	ok(collect_has(&col, "101.conf: No such file or directory"), "message: %s", col.msg[0]);

	parse(&c, CT_CONF, &col);
	is_int(vzconf_set(&c, "ONBOOT", "no", &r), 0, "set ONBOOT");
	is_int(vzconf_save(&c, path), 0, "save");
	vzconf_free(&c);
	is_int(vzconf_load(&c, path, &r), 0, "load the saved file");
	is_str(vzconf_get(&c, "ONBOOT"), "no", "the change is there");
	is_str(vzconf_get(&c, "MIXED"), "ab cd", "and the rest");
	is_int(stat(path, &st), 0, "stat");
	is_int(st.st_mode & 07777, 0644, "mode 0644");
	snprintf(text, sizeof text, "%s.new", path);
	ok(access(text, F_OK) < 0, "no temporary file left");
	vzconf_free(&c);
	unlink(path);
	rmdir(dir);
}

static void test_lookup(void)
{
	struct vzconf ct, global;
	struct collect col;
	char buf[64];

	parse(&global, "VE_ROOT=/vz/root/$VEID\nVE_PRIVATE=\"/vz/private/${VEID}/x\"\n"
		       "VE_LAYOUT=ploop\nTEMPLATE=/vz/template\nODD=\"$VEIDX $HOME $\"\n", &col);
	parse(&ct, "VE_LAYOUT=simfs\nOSTEMPLATE=debian-12-x86_64\n", &col);
	is_str(vzconf_lookup(&ct, &global, "VE_LAYOUT"), "simfs", "CT value wins");
	is_str(vzconf_lookup(&ct, &global, "TEMPLATE"), "/vz/template", "global default");
	is_str(vzconf_lookup(&ct, &global, "OSTEMPLATE"), "debian-12-x86_64", "CT only");
	ok(vzconf_lookup(&ct, &global, "NONE") == NULL, "neither: NULL");
	is_str(vzconf_lookup(NULL, &global, "VE_LAYOUT"), "ploop", "no CT config");
	ok(vzconf_lookup(&ct, NULL, "TEMPLATE") == NULL, "no global config");

	is_int(vzconf_lookup_path(&ct, &global, "VE_ROOT", 101, buf, sizeof buf), 0, "VE_ROOT");
	is_str(buf, "/vz/root/101", "$VEID expanded");
	is_int(vzconf_lookup_path(&ct, &global, "VE_PRIVATE", 2147483647, buf, sizeof buf), 0,
	       "VE_PRIVATE");
	is_str(buf, "/vz/private/2147483647/x", "${VEID} expanded");
	is_int(vzconf_lookup_path(&ct, &global, "ODD", 7, buf, sizeof buf), 0, "other dollars");
	is_str(buf, "$VEIDX $HOME $", "only VEID is expanded");
	errno = 0;
	is_int(vzconf_lookup_path(&ct, &global, "NONE", 7, buf, sizeof buf), -1, "missing key");
	is_int(errno, ENOENT, "ENOENT");
	errno = 0;
	is_int(vzconf_expand_veid("/vz/root/$VEID", 101, buf, 12), -1, "short buffer");
	is_int(errno, ENAMETOOLONG, "ENAMETOOLONG");
	is_int(vzconf_expand_veid("/vz/root/$VEID", 101, buf, 13), 0, "exact buffer");
	is_str(buf, "/vz/root/101", "fits");

	is_int(vzconf_ct_path(101, buf, sizeof buf), 0, "CT config path");
	is_str(buf, "/etc/vz/conf/101.conf", "/etc/vz/conf/CTID.conf");
	is_int(vzconf_sample_path("vswap-1g", buf, sizeof buf), 0, "sample path");
	is_str(buf, "/etc/vz/conf/ve-vswap-1g.conf-sample", "ve-NAME.conf-sample");
	is_int(vzconf_sample_path("../x", buf, sizeof buf), -1, "path in a sample name refused");
	is_int(vzconf_sample_path(".hidden", buf, sizeof buf), -1, "leading dot refused");
	is_int(vzconf_sample_path("", buf, sizeof buf), -1, "empty sample name refused");
	vzconf_free(&ct);
	vzconf_free(&global);
}

static void sample_check(const char *name, const char *ram, const char *swap)
{
	char path[128];
	struct vzconf c;
	struct collect col;
	struct report r = collect_report(&col);
	struct vzpair phys, swp = { 0, 0 }, disk, inodes;
	const char *keys[] = { "PHYSPAGES", "DISKSPACE", "DISKINODES", "CPUUNITS" };
	size_t i;
	unsigned units;
	uint64_t want;

	snprintf(path, sizeof path, "rootfs/etc/vz/conf/ve-%s.conf-sample", name);
	if (!is_int(vzconf_load(&c, path, &r), 0, name))
		return;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!ok(vzconf_get(&c, keys[i]) != NULL, "%s: has %s", name, keys[i]))
			goto done;
	ok(!vzsize_parse_pair(vzconf_get(&c, "PHYSPAGES"), VZSIZE_PAGES, &phys) &&
		   (!ram || !vzsize_parse_pair(vzconf_get(&c, "SWAPPAGES"), VZSIZE_PAGES, &swp)) &&
		   !vzsize_parse_pair(vzconf_get(&c, "DISKSPACE"), VZSIZE_KIB, &disk) &&
		   !vzvalue_count_pair(vzconf_get(&c, "DISKINODES"), &inodes) &&
		   !vzvalue_cpuunits(vzconf_get(&c, "CPUUNITS"), &units),
	   "%s: values parse", name);
	if (ram) {
		ok(!vzsize_parse_ram(ram, &want) && phys.barrier == 0 && phys.limit == want,
		   "%s: PHYSPAGES is %s of RAM", name, ram);
		ok(!vzsize_parse_swap(swap, &want) && swp.limit == want, "%s: SWAPPAGES is %s", name,
		   swap);
		ok(disk.barrier < disk.limit && inodes.barrier < inodes.limit,
		   "%s: soft limits below hard limits", name);
	}
done:
	vzconf_free(&c);
}

static void test_samples(void)
{
	struct vzconf c;
	struct collect col;
	struct report r = collect_report(&col);
	char buf[64], path[128];

	sample_check("vswap-256m", "256M", "512M");
	sample_check("vswap-512m", "512M", "1G");
	sample_check("vswap-1g", "1G", "2G");
	sample_check("vswap-2g", "2G", "4G");
	sample_check("basic", NULL, NULL);
	if (!is_int(vzconf_load(&c, "rootfs/etc/vz/vz.conf", &r), 0, "vz.conf parses"))
		return;
	is_int(vzconf_lookup_path(NULL, &c, "VE_PRIVATE", 101, buf, sizeof buf), 0, "VE_PRIVATE");
	is_str(buf, "/vz/private/101", "VE_PRIVATE=/vz/private/$VEID");
	is_str(vzconf_get(&c, "VE_LAYOUT"), "ploop", "VE_LAYOUT=ploop");
	is_int(vzconf_sample_path(vzconf_get(&c, "CONFIGFILE"), buf, sizeof buf), 0, "CONFIGFILE");
	snprintf(path, sizeof path, "rootfs%s", buf);
	ok(access(path, R_OK) == 0, "CONFIGFILE names a shipped sample: %s", path);
	vzconf_free(&c);
}

int main(void)
{
	test_round_trip();
	test_set_unset();
	test_set_errors();
	test_malformed();
	test_limits();
	test_files();
	test_lookup();
	test_samples();
	return done_testing();
}
