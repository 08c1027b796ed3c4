#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "node/conf.h"
#include "node/nodeconf.h"
#include "node/nodesettings.h"
#include "tap.h"

#define HASH86 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./abcdefghijklmnopqrstuv"
#define GOOD_HASH "$6$saltsalt$" HASH86

struct entries {
	int n;
	char key[16][CONF_KEY_MAX];
	char value[16][256];
	unsigned line[16];
};

static void entry_keep(void *ctx, const struct conf_entry *e)
{
	struct entries *es = ctx;

	if (es->n < 16) {
		strcpy(es->key[es->n], e->key);
		if (snprintf(es->value[es->n], sizeof es->value[0], "%s", e->value) < 0)
			es->value[es->n][0] = 0;
		es->line[es->n] = e->line;
	}
	es->n++;
}

static int conf(const char *text, struct entries *es, struct collect *c)
{
	struct report r = collect_report(c);

	memset(es, 0, sizeof *es);
	return conf_parse(text, strlen(text), "f.conf", entry_keep, es, &r);
}

static void test_quoting(void)
{
	struct entries es;
	struct collect c;

	is_int(conf("# comment\n\nA=plain\nB=\"double quoted # not a comment\"\n"
		    "  C='single $6$ \\n'  # trailing\nD=\"esc \\\" \\\\ \\$ x\\y\"\n"
		    "E=\"multi\nline\"\nF=\nG=a'b c'\"d\"\nH=\"$6$salt$x\"\r\n",
		    &es, &c),
	       0, "well-formed file: no bad lines");
	is_int(es.n, 8, "eight entries");
	is_str(es.value[0], "plain", "unquoted");
	is_str(es.value[1], "double quoted # not a comment", "double quoted");
	is_str(es.value[2], "single $6$ \\n", "single quoted is literal");
	is_str(es.value[3], "esc \" \\ $ x\\y", "double-quote escapes");
	is_str(es.value[4], "multi\nline", "multi-line value");
	is_int(es.line[5], 9, "line numbers count continued lines");
	is_str(es.value[5], "", "empty value");
	is_str(es.value[6], "ab cd", "concatenated quoting");
	is_str(es.value[7], "$6$salt$x", "dollar is literal");
}

static void test_malformed(void)
{
	struct entries es;
	struct collect c;

	is_int(conf("GOOD=1\nno equals\n9KEY=x\nK = v\nK=a b\nK=a;b\nK=\"open\nX=2\n", &es, &c), 6,
	       "six malformed lines");
	is_int(es.n, 1, "only the good line is kept");
	ok(collect_has(&c, "f.conf:2: expected '='"), "line 2 named: %s", c.msg[0]);
	ok(collect_has(&c, "f.conf:4:"), "space before = rejected");
	ok(collect_has(&c, "f.conf:5: unexpected text after the value"), "unquoted blank rejected");
	ok(collect_has(&c, "f.conf:6: unquoted shell operator"), "shell operator rejected");
	ok(collect_has(&c, "f.conf:7: unterminated double quote"), "unterminated quote");
}

static void test_limits(void)
{
	char *big = malloc(CONF_FILE_MAX + 2), *line = malloc(CONF_VALUE_MAX + 16);
	struct entries es;
	struct collect c;

	memset(big, '#', CONF_FILE_MAX + 1);
	big[CONF_FILE_MAX + 1] = 0;
	is_int(conf(big, &es, &c), -1, "file over 64 KiB refused");
	ok(collect_has(&c, "larger than 65536 bytes"), "size message");
	strcpy(line, "K=");
	memset(line + 2, 'v', CONF_VALUE_MAX);
	line[CONF_VALUE_MAX + 2] = 0;
	is_int(conf(line, &es, &c), 1, "overlong value rejected");
	ok(collect_has(&c, "value longer than 8191 bytes"), "overlong value message");
	memset(line, 'K', 100);
	strcpy(line + 100, "=v");
	is_int(conf(line, &es, &c), 1, "overlong key rejected");
	is_int(conf_parse("A=1\0B=2", 7, "f.conf", entry_keep, &es, NULL), -1, "NUL byte refused");
	free(big);
	free(line);
}

static int node(const char *text, struct nodeconf *cfg, struct collect *c)
{
	struct report r = collect_report(c);

	memset(cfg, 0, sizeof *cfg);
	return nodeconf_parse(text, strlen(text), "seed", cfg, &r);
}

static void test_nodeconf(void)
{
	static struct nodeconf cfg, again;
	static char text[CONF_FILE_MAX];
	struct collect c;

	is_int(node("HOSTNAME=node1\nROOT_PASSWORD_HASH='" GOOD_HASH "'\nNET_MODE=static\n"
		    "NET_IP=192.168.1.10/24\nNET_GW=192.168.1.1\nNET_DNS=\"1.1.1.1 9.9.9.9\"\n"
		    "SERIAL_CONSOLE=ttyS1,9600\nSSH_AUTHORIZED_KEYS=\"ssh-ed25519 AAAA x@y\"\n"
		    "DATA_FORMAT=/dev/vdb\n",
		    &cfg, &c),
	       0, "valid seed");
	is_str(cfg.node.hostname, "node1", "HOSTNAME");
	is_str(cfg.root_hash, GOOD_HASH, "ROOT_PASSWORD_HASH");
	is_int(cfg.node.ip, 0xc0a8010a, "NET_IP");
	is_int(cfg.node.ndns, 2, "NET_DNS");
	is_int(cfg.node.console.port[0].speed, 9600, "SERIAL_CONSOLE speed");
	is_str(cfg.node.format, "/dev/vdb", "DATA_FORMAT");
	ok(nodeconf_format(&cfg, text, sizeof text) > 0, "format persisted form");
	ok(!strstr(text, "ROOT_PASSWORD_HASH") && !strstr(text, "SSH_"), "secrets left out");
	is_int(node(text, &again, &c), 0, "persisted form parses back");
	ok(again.node.ip == cfg.node.ip && again.node.gw == cfg.node.gw &&
		   !strcmp(again.node.hostname, cfg.node.hostname) &&
		   again.node.console.port[0].speed == 9600,
	   "round trip keeps the settings");
}

static void test_nodeconf_bad(void)
{
	struct nodeconf cfg;
	struct collect c;

	is_int(node("HOSTNAME=-x\nHOSTNAME=a_b\nHOSTNAME=" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		    "ROOT_PASSWORD_HASH='$1$abc$def'\nROOT_PASSWORD_HASH=secret123\n"
		    "ADMIN_PASSWORD_HASH='$6$salt$short'\nNET_MODE=auto\nNET_IP=10.0.0.1\n"
		    "NET_IP=10.0.0.256/8\nNET_GW=10.0.0\nNET_DNS=1.1.1.1,x\n"
		    "SERIAL_CONSOLE=ttyS0,115201\nSERIAL_CONSOLE=lp0\nFOO=bar\n"
		    "SSH_AUTHORIZED_KEYS=nonsense\nDATA_FORMAT=vdb\nHOSTNAME=ok-name\n",
		    &cfg, &c),
	       16, "sixteen bad keys");
	is_str(cfg.node.hostname, "ok-name", "good key kept after bad ones");
	ok(!cfg.set && cfg.node.set == NS_HOSTNAME, "only HOSTNAME set");
	ok(collect_has(&c, "seed:4: ROOT_PASSWORD_HASH: MD5 crypt hashes are refused"),
	   "MD5 hash refused: %s", c.msg[3]);
	ok(!collect_has(&c, "secret123"), "refused hash value is not echoed");
	ok(collect_has(&c, "seed:14: FOO: unknown key"), "unknown key named with line");
	ok(collect_has(&c, "speed must be a standard baud rate"), "bad speed message");
	is_int(node("ROOT_PASSWORD_HASH='$6$rounds=5000$salt$" HASH86 "'\n", &cfg, &c), 0,
	       "rounds= accepted");
	is_int(node("ROOT_PASSWORD_HASH='$6$rounds=10$salt$" HASH86 "'\n", &cfg, &c), 1,
	       "too few rounds refused");
}

static void test_swap_zram_percent(void)
{
	static struct nodeconf cfg, again;
	static char text[CONF_FILE_MAX];
	struct node_settings dst = { 0 };
	struct collect c;

	is_int(node("SWAP_ZRAM_PERCENT=75\n", &cfg, &c), 0, "SWAP_ZRAM_PERCENT=75 accepted");
	ok(cfg.node.zram_percent == 75 && cfg.node.set == NS_ZRAM, "SWAP_ZRAM_PERCENT sets 75");
	is_int(node("SWAP_ZRAM_PERCENT=0\n", &cfg, &c), 0, "0 (no zram swap) accepted");
	ok(cfg.node.zram_percent == 0 && (cfg.node.set & NS_ZRAM), "0 is set, not absent");
	is_int(node("SWAP_ZRAM_PERCENT=200\n", &cfg, &c), 0, "200 accepted");
	is_int(node("SWAP_ZRAM_PERCENT=201\nSWAP_ZRAM_PERCENT=-1\nSWAP_ZRAM_PERCENT=50%\n"
		    "SWAP_ZRAM_PERCENT=\nSWAP_ZRAM_PERCENT=0x10\nSWAP_ZRAM_PERCENT=1000\n"
		    "SWAP_ZRAM_PERCENT=\" 5\"\n",
		    &cfg, &c),
	       7, "seven bad percentages refused");
	ok(!(cfg.node.set & NS_ZRAM), "no bad percentage is kept");
	ok(collect_has(&c, "seed:1: SWAP_ZRAM_PERCENT=\"201\": expected a percentage of RAM 0-200"),
	   "bad percentage named with line: %s", c.msg[0]);
	is_int(node("SWAP_ZRAM_PERCENT=30\n", &cfg, &c), 0, "30 accepted");
	ok(nodeconf_format(&cfg, text, sizeof text) > 0 && strstr(text, "SWAP_ZRAM_PERCENT=\"30\""),
	   "SWAP_ZRAM_PERCENT persisted");
	ok(node(text, &again, &c) == 0 && again.node.zram_percent == 30, "persisted form parses back");
	dst.zram_percent = 50;
	dst.set = NS_ZRAM;
	node_settings_overlay(&dst, &cfg.node);
	is_int(dst.zram_percent, 30, "overlay copies the zram percentage");
	is_int((int)zram_size_bytes(1000, 50, 0), 500, "50%% of 1000 bytes");
	ok(zram_size_bytes(UINT64_C(1) << 40, 200, 4096) == UINT64_C(1) << 41,
	   "200%% of 1 TiB does not overflow");
	is_int((int)zram_size_bytes(10000, 33, 4096), 0, "rounded down to whole pages");
}

static void test_console_loglevel(void)
{
	static struct nodeconf cfg, again;
	static char text[CONF_FILE_MAX];
	struct node_settings dst = { 0 };
	struct collect c;

	is_int(node("CONSOLE_LOGLEVEL=notice\n", &cfg, &c), 0, "CONSOLE_LOGLEVEL=notice accepted");
	ok(cfg.node.console_loglevel == 5 && cfg.node.set == NS_CONSOLE_LOGLEVEL,
	   "CONSOLE_LOGLEVEL sets the level");
	ok(nodeconf_format(&cfg, text, sizeof text) > 0 &&
		   strstr(text, "CONSOLE_LOGLEVEL=\"notice\""),
	   "CONSOLE_LOGLEVEL persisted by name");
	ok(node(text, &again, &c) == 0 && again.node.console_loglevel == 5,
	   "persisted form parses back");
	node_settings_overlay(&dst, &cfg.node);
	ok(dst.console_loglevel == 5 && (dst.set & NS_CONSOLE_LOGLEVEL), "overlay copies the level");
	is_int(node("CONSOLE_LOGLEVEL=loud\n", &cfg, &c), 1, "an unknown level refused");
	ok(collect_has(&c, "seed:1: CONSOLE_LOGLEVEL=\"loud\": expected emerg"),
	   "bad level named with line: %s", c.msg[0]);
}

static void test_console_settings(void)
{
	static struct nodeconf cfg, again;
	static char text[CONF_FILE_MAX];
	struct collect c;

	is_int(node("SERIAL_CONSOLE=\"ttyS0,115200 ttyS1,57600\"\nSERIAL_MENU=no\n", &cfg, &c), 0,
	       "two serial ports and the menu off");
	ok(cfg.node.console.n == 2 && cfg.node.console.port[1].speed == 57600 &&
		   !cfg.node.console_menu && (cfg.node.set & NS_CONSOLE_MENU),
	   "SERIAL_CONSOLE lists both ports; SERIAL_MENU=no");
	ok(nodeconf_format(&cfg, text, sizeof text) > 0 &&
		   strstr(text, "SERIAL_CONSOLE=\"ttyS0,115200 ttyS1,57600\"") &&
		   strstr(text, "SERIAL_MENU=\"no\""),
	   "both persisted");
	ok(node(text, &again, &c) == 0 && again.node.console.n == 2 && !again.node.console_menu,
	   "persisted form parses back");
	is_int(node("SERIAL_CONSOLE=ttyS0,ttyS1,ttyS1\nSERIAL_CONSOLE=ttyS0,ttyS1,ttyS2,ttyS3,ttyS4\n"
		    "SERIAL_CONSOLE=ttyS0,lp0\nSERIAL_MENU=maybe\n",
		    &cfg, &c),
	       4, "duplicate, too many, non-tty device, bad menu value: refused");
	ok(collect_has(&c, "seed:1: SERIAL_CONSOLE=\"ttyS0,ttyS1,ttyS1\": ttyS1: listed twice; ignored"),
	   "duplicate named: %s", c.msg[0]);
	ok(collect_has(&c, "seed:2: SERIAL_CONSOLE=\"ttyS0,ttyS1,ttyS2,ttyS3,ttyS4\": ttyS4: too many ports"),
	   "too many named: %s", c.msg[1]);
	ok(collect_has(&c, "seed:3: SERIAL_CONSOLE=\"ttyS0,lp0\": lp0: expected ttyS<n>"),
	   "non-tty device named: %s", c.msg[2]);
	ok(collect_has(&c, "seed:4: SERIAL_MENU=\"maybe\": expected yes or no"),
	   "bad menu value named: %s", c.msg[3]);
	ok(!(cfg.node.set & (NS_CONSOLE | NS_CONSOLE_MENU)), "nothing of them kept");
}

static void test_overlay(void)
{
	struct node_settings dst = { 0 }, src = { 0 };

	strcpy(dst.hostname, "default");
	dst.net_mode = NET_MODE_DHCP;
	dst.console = (struct serial_ports){ { { "ttyS0", 115200 } }, 1 };
	dst.set = NS_HOSTNAME | NS_NET_MODE | NS_CONSOLE;
	strcpy(src.hostname, "unflagged");
	src.net_mode = NET_MODE_STATIC;
	src.ip = 0x0a000001;
	src.prefix = 8;
	src.console = (struct serial_ports){ { { "ttyS1", 0 }, { "ttyS2", 9600 } }, 2 };
	src.set = NS_NET_MODE | NS_NET_IP | NS_CONSOLE;
	node_settings_overlay(&dst, &src);
	is_str(dst.hostname, "default", "overlay leaves fields src does not set");
	is_int(dst.net_mode, NET_MODE_STATIC, "overlay copies the net mode");
	ok(dst.ip == 0x0a000001 && dst.prefix == 8, "overlay copies address and prefix");
	ok(dst.console.n == 2 && !strcmp(dst.console.port[0].device, "ttyS1") &&
		   !strcmp(dst.console.port[1].device, "ttyS2"),
	   "overlay copies the console ports");
	is_int(dst.console.port[0].speed, 115200, "a port without a speed gets dst's speed");
	is_int(dst.console.port[1].speed, 9600, "a port with a speed keeps it");
	is_int(dst.set, NS_HOSTNAME | NS_NET_MODE | NS_NET_IP | NS_CONSOLE, "overlay merges set");
	src.console = (struct serial_ports){ { { "ttyS1", 57600 }, { "ttyS2", 0 } }, 2 };
	node_settings_overlay(&dst, &src);
	is_int(dst.console.port[1].speed, 57600, "a later port without a speed gets the list's first speed");
}

int main(void)
{
	test_quoting();
	test_malformed();
	test_limits();
	test_nodeconf();
	test_nodeconf_bad();
	test_swap_zram_percent();
	test_console_settings();
	test_console_loglevel();
	test_overlay();
	return done_testing();
}
