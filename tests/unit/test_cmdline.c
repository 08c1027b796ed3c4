#include <stdlib.h>
#include <string.h>

#include "../../init/bootopt.h"
#include "../../init/cmdline.h"
#include "collect.h"
#include "tap.h"

static int parse(const char *line, struct bootopt *opt, struct collect *c)
{
	struct report r = collect_report(c);

	memset(opt, 0, sizeof *opt);
	return bootopt_parse(line, strlen(line), opt, &r);
}

static void test_tokenizer(void)
{
	const char *line = "  ro quiet key=\"a b  c\" \"vzhost.x=q r\" flag  -- vzhost.net=none";
	struct cmdline_arg arg;
	size_t pos = 0;

	ok(cmdline_next(line, strlen(line), &pos, &arg) && !strcmp(arg.key, "ro") && !arg.has_value,
	   "bare word");
	ok(cmdline_next(line, strlen(line), &pos, &arg) && !strcmp(arg.key, "quiet"), "second word");
	ok(cmdline_next(line, strlen(line), &pos, &arg) && !strcmp(arg.value, "a b  c"),
	   "quoted value keeps blanks");
	ok(cmdline_next(line, strlen(line), &pos, &arg) && !strcmp(arg.key, "vzhost.x") &&
		   !strcmp(arg.value, "q r"),
	   "quoted whole word");
	ok(cmdline_next(line, strlen(line), &pos, &arg) && !strcmp(arg.key, "flag"), "flag");
	is_int(cmdline_next(line, strlen(line), &pos, &arg), 0, "stops at --");
}

static void test_valid(void)
{
	struct bootopt opt;
	struct collect c;
	int bad;

	bad = parse("BOOT_IMAGE=/bzImage console=ttyS0 vzhost.format=/dev/vdb "
		    "vzhost.console=ttyS1,57600 vzhost.hostname=node-7 vzhost.net=static "
		    "vzhost.ip=10.1.2.3/24 vzhost.gw=10.1.2.1 vzhost.dns=1.1.1.1,8.8.8.8 "
		    "vzhost.datawait=30 vzhost.data=/dev/sdb1 vzhost.ramonly\n",
		    &opt, &c);
	is_int(bad, 0, "valid line: no complaints");
	is_str(opt.node.format, "/dev/vdb", "format device");
	is_int(opt.node.console.n, 1, "one console port");
	is_str(opt.node.console.port[0].device, "ttyS1", "console device");
	is_int(opt.node.console.port[0].speed, 57600, "console speed");
	is_str(opt.node.hostname, "node-7", "hostname");
	is_int(opt.node.net_mode, NET_MODE_STATIC, "net static");
	is_int(opt.node.ip, 0x0a010203, "ip");
	is_int(opt.node.prefix, 24, "prefix");
	is_int(opt.node.gw, 0x0a010201, "gw");
	is_int(opt.node.ndns, 2, "two dns");
	is_int(opt.node.dns[1], 0x08080808, "second dns");
	is_int(opt.datawait, 30, "datawait");
	is_str(opt.data, "/dev/sdb1", "data device");
	ok(opt.ramonly && (opt.set & BOOTOPT_RAMONLY), "bare vzhost.ramonly means 1");
	parse("vzhost.hostname=\"quoted\"", &opt, &c);
	is_str(opt.node.hostname, "quoted", "quoted value");
}

static void test_bad(void)
{
	struct bootopt opt;
	struct collect c;

	is_int(parse("vzhost.net=foo", &opt, &c), 1, "bad net mode: one complaint");
	ok(collect_has(&c, "cmdline: vzhost.net=foo: expected dhcp, static or none"),
	   "bad net mode message: %s", c.msg[0]);
	ok(!(opt.node.set & NS_NET_MODE), "bad net mode not set");
	is_int(parse("vzhost.bogus=1 vzhost.other", &opt, &c), 2, "unknown keys: two complaints");
	ok(collect_has(&c, "vzhost.bogus: unknown key"), "unknown key named");
	is_int(parse("vzhost.ip=10.0.0.1 vzhost.ip=10.0.0.1/33 vzhost.ip=010.0.0.1/8 "
		     "vzhost.gw=1.2.3 vzhost.dns=1.2.3.4,5.6.7.8,9.9.9.9,4.4.4.4 "
		     "vzhost.datawait=301 vzhost.datawait=-1 vzhost.ramonly=2 "
		     "vzhost.console=ttyS0,12345 vzhost.console=ttyZ1 vzhost.hostname=-bad "
		     "vzhost.format=vdb vzhost.data=/dev/../etc/x vzhost.net",
		     &opt, &c),
	       14, "fourteen malformed values");
	ok(!opt.set && !opt.node.set, "nothing set from malformed values");
	is_int(parse("ro root=/dev/sda1 quiet", &opt, &c), 0, "foreign keys ignored");
}

static void test_zram(void)
{
	struct bootopt opt;
	struct collect c;

	is_int(parse("vzhost.zram=25", &opt, &c), 0, "vzhost.zram=25 accepted");
	ok(opt.node.zram_percent == 25 && opt.node.set == NS_ZRAM, "vzhost.zram sets the percentage");
	is_int(parse("vzhost.zram=201 vzhost.zram=abc vzhost.zram", &opt, &c), 3,
	       "three bad vzhost.zram values");
	ok(collect_has(&c, "cmdline: vzhost.zram=201: expected a percentage of RAM 0-200"),
	   "bad vzhost.zram message: %s", c.msg[0]);
	ok(!(opt.node.set & NS_ZRAM), "bad vzhost.zram not set");
}

static void test_limits(void)
{
	char *line = malloc(CMDLINE_MAX + 200), value[400];
	struct bootopt opt;
	struct collect c;

	memset(value, 'a', sizeof value - 1);
	value[sizeof value - 1] = 0;
	snprintf(line, CMDLINE_MAX, "vzhost.hostname=%s vzhost.net=none", value);
	is_int(parse(line, &opt, &c), 1, "overlong value: one complaint");
	ok(collect_has(&c, "longer than 255 bytes"), "overlong value message");
	is_int(opt.node.net_mode, NET_MODE_NONE, "key after overlong value still parsed");
	memset(line, ' ', CMDLINE_MAX + 100);
	memcpy(line + CMDLINE_MAX + 10, "vzhost.net=none", 15);
	line[CMDLINE_MAX + 100] = 0;
	is_int(parse(line, &opt, &c), 1, "over 4096 bytes: one complaint");
	ok(!(opt.node.set & NS_NET_MODE), "key past 4096 bytes ignored");
	free(line);
}

static void test_console_devices(void)
{
	static const char *const good[] = { "ttyS0", "ttyS15,9600", "ttyUSB0", "hvc0", "tty1",
					     "ttyAMA2,115200" };
	static const char *const bad[] = { "tty", "ttyS", "ttyX1", "tty1234", "ttyS0,12345",
					    "/dev/ttyS0", "ttyS0,", "console", "ttyS-1" };
	struct serial_console con;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ok(serial_parse(good[i], &con) == NULL, "console %s accepted", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(serial_parse(bad[i], &con) != NULL, "console %s refused", bad[i]);
	serial_parse("tty2,38400", &con);
	is_str(con.device, "tty2", "virtual terminal device");
	is_int((int)con.speed, 38400, "virtual terminal speed kept");
}

static void test_console_ports(void)
{
	static const char *const bad[][2] = {
		{ "", "expected at least one port" },
		{ " , ", "expected at least one port" },
		{ "ttyS0,ttyS0", "ttyS0: listed twice" },
		{ "ttyS0,ttyS1,ttyS2,ttyS3,ttyS4", "ttyS4: too many ports (at most 4)" },
		{ "ttyS0,ttyQ1", "ttyQ1: expected ttyS<n>" },
		{ "ttyS0,/dev/sda", "/dev/sda: expected ttyS<n>" },
		{ "9600,ttyS0", "9600: a speed must follow its device" },
		{ "ttyS0,9600,19200", "19200: a speed must follow its device" },
		{ "ttyS0,115201", "115201: speed must be a standard baud rate" },
		{ "ttyS0,12345678901234567890", "speed must be a standard baud rate" },
	};
	struct serial_ports p;
	struct bootopt opt;
	struct collect c;
	char err[SERIAL_ERR_MAX];
	const char *why;
	size_t i;

	ok(!serial_ports_parse("ttyS0,115200 ttyS1", &p, err) && p.n == 2 &&
		   !strcmp(p.port[0].device, "ttyS0") && p.port[0].speed == 115200 &&
		   !strcmp(p.port[1].device, "ttyS1") && p.port[1].speed == 0,
	   "ttyS0,115200 ttyS1: two ports, the second without a speed");
	ok(!serial_ports_parse("ttyS0,ttyS1,57600", &p, err) && p.n == 2 && p.port[0].speed == 0 &&
		   p.port[1].speed == 57600,
	   "ttyS0,ttyS1,57600: the speed belongs to the device before it");
	ok(!serial_ports_parse("ttyS0,ttyS1,ttyUSB0,hvc0", &p, err) && p.n == 4, "four ports");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = serial_ports_parse(bad[i][0], &p, err);
		ok(why && strstr(why, bad[i][1]), "\"%s\" refused: %s", bad[i][0], why ? why : "accepted");
	}
	is_int(parse("vzhost.console=ttyS0,ttyS1", &opt, &c), 0, "vzhost.console=ttyS0,ttyS1 accepted");
	ok(opt.node.console.n == 2 && (opt.node.set & NS_CONSOLE), "two ports from the command line");
	is_int(parse("vzhost.console=ttyS0,ttyS0", &opt, &c), 1, "a duplicate port is refused");
	ok(collect_has(&c, "cmdline: vzhost.console=ttyS0,ttyS0: ttyS0: listed twice; ignored"),
	   "naming the setting, the value and the cause: %s", c.msg[0]);
	ok(!(opt.node.set & NS_CONSOLE), "and the whole setting ignored");
	is_int(parse("vzhost.menu=no", &opt, &c), 0, "vzhost.menu=no accepted");
	ok(!opt.node.console_menu && (opt.node.set & NS_CONSOLE_MENU), "the menu is off");
	is_int(parse("vzhost.menu=yes", &opt, &c), 0, "vzhost.menu=yes accepted");
	ok(opt.node.console_menu, "the menu is on");
	is_int(parse("vzhost.menu=off", &opt, &c), 1, "vzhost.menu=off refused");
	ok(collect_has(&c, "vzhost.menu=off: expected yes or no"), "with the accepted values");
}

static void test_loglevel(void)
{
	struct bootopt opt;
	struct collect c;

	is_int(parse("vzhost.loglevel=info", &opt, &c), 0, "vzhost.loglevel=info accepted");
	ok(opt.node.console_loglevel == 6 && opt.node.set == NS_CONSOLE_LOGLEVEL,
	   "vzhost.loglevel sets the level");
	is_int(parse("vzhost.loglevel=3", &opt, &c), 0, "a number 0-7 accepted");
	is_int(opt.node.console_loglevel, 3, "... as that level");
	is_int(parse("vzhost.loglevel=8 vzhost.loglevel=warn vzhost.loglevel", &opt, &c), 3,
	       "three bad vzhost.loglevel values");
	ok(collect_has(&c, "cmdline: vzhost.loglevel=8: expected emerg, alert, crit, err, warning, "
		       "notice, info, debug or 0-7"), "bad vzhost.loglevel message: %s", c.msg[0]);
	ok(!(opt.node.set & NS_CONSOLE_LOGLEVEL), "bad vzhost.loglevel not set");
}

int main(void)
{
	test_tokenizer();
	test_console_devices();
	test_console_ports();
	test_valid();
	test_bad();
	test_zram();
	test_loglevel();
	test_limits();
	return done_testing();
}
