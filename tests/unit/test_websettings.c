/*
 * The web service's node settings (lib/node/websettings.c) from the
 * configuration and the kernel command line alike, their persisted and
 * published forms, and the client network check.
 */
#include <stdio.h>
#include <string.h>

#include "node/nodeconf.h"
#include "node/nodesettings.h"
#include "node/websettings.h"
#include "tap.h"

static void quiet(void *ctx, const char *msg)
{
	(*(int *)ctx)++;
}

static void test_parsers(void)
{
	struct web_listen l;
	struct web_allow a;
	char text[WEB_TEXT_MAX];
	int on = -1;

	ok(!web_onoff_parse("off", &on) && on == 0, "off");
	ok(!web_onoff_parse("on", &on) && on == 1, "on");
	ok(web_onoff_parse("maybe", &on) != NULL, "maybe is refused");
	ok(!web_listen_parse("0.0.0.0", &l) && l.addr == 0 && l.port == 443, "an address alone: port 443");
	ok(!web_listen_parse("192.0.2.7:8443", &l) && l.addr == 0xc0000207 && l.port == 8443,
	   "an address and a port");
	web_listen_format(&l, text);
	is_str(text, "192.0.2.7:8443", "the listen address formats back");
	ok(web_listen_parse("192.0.2.7:0", &l) && web_listen_parse("192.0.2.7:65536", &l) &&
	   web_listen_parse("192.0.2.7:080", &l) && web_listen_parse("host:443", &l) &&
	   web_listen_parse("192.0.2.7:", &l), "bad ports and names are refused");
	ok(!web_allow_parse("10.0.0.0/8, 192.0.2.7/32", &a) && a.n == 2, "two networks");
	ok(web_allow_has(&a, 0x0a010203) && web_allow_has(&a, 0xc0000207) &&
	   !web_allow_has(&a, 0xc0000208), "membership");
	ok(!web_allow_parse("10.1.2.3/8", &a) && a.addr[0] == 0x0a000000, "host bits are masked");
	ok(!web_allow_parse("0.0.0.0/0", &a) && web_allow_has(&a, 0xffffffff), "/0 holds everything");
	web_allow_parse("10.0.0.0/8,192.0.2.0/24", &a);
	web_allow_format(&a, text);
	is_str(text, "10.0.0.0/8,192.0.2.0/24", "the networks format back");
	ok(web_allow_parse("10.0.0.0", &a) && web_allow_parse("10.0.0.0/33", &a) &&
	   web_allow_parse("", &a) && web_allow_parse("10.0.0.0/8,,x", &a), "bad networks are refused");
	ok(web_allow_parse("1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8,5.0.0.0/8,6.0.0.0/8,7.0.0.0/8,"
			   "8.0.0.0/8,9.0.0.0/8,10.0.0.0/8,11.0.0.0/8,12.0.0.0/8,13.0.0.0/8,"
			   "14.0.0.0/8,15.0.0.0/8,16.0.0.0/8,17.0.0.0/8", &a) != NULL,
	   "17 networks are refused");
}

static void test_sources(void)
{
	static struct nodeconf cfg, back;
	static char text[CONF_FILE_MAX];
	struct node_settings cmd = { 0 };
	char err[NODE_SETTING_ERR_MAX];
	int bad = 0, len;
	struct report rep = { quiet, &bad };
	const char *conf = "WEB=off\nWEB_LISTEN=192.0.2.7:8443\nWEB_ALLOW_FROM=10.0.0.0/8\n"
			   "WEB_TLS_CERT=\"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\"\n"
			   "WEB_TLS_KEY=\"-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\"\n"
			   "ADMIN_PASSWORD_HASH='$6$salt$" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n";

	is_int(nodeconf_parse(conf, strlen(conf), "vzhost.conf", &cfg, &rep), 0,
	       "the web keys are taken from vzhost.conf");
	ok(cfg.node.web == 0 && cfg.node.web_listen.port == 8443 && cfg.node.web_allow.n == 1 &&
	   (cfg.node.set & (NS_WEB | NS_WEB_LISTEN | NS_WEB_ALLOW)) ==
		   (NS_WEB | NS_WEB_LISTEN | NS_WEB_ALLOW), "into the node settings");
	ok((cfg.set & (NODECONF_WEB_TLS_CERT | NODECONF_WEB_TLS_KEY)) &&
	   strstr(cfg.web_tls_key, "EC PRIVATE KEY"), "the certificate and key are kept");
	ok(!node_setting_set(node_setting_by_cmdline("web"), &cmd, "on", err) &&
	   !node_setting_set(node_setting_by_cmdline("web_listen"), &cmd, "10.0.0.1", err) &&
	   !node_setting_set(node_setting_by_cmdline("web_allow_from"), &cmd, "10.0.0.0/24", err),
	   "vzhost.web, vzhost.web_listen, vzhost.web_allow_from are command line keys");
	node_settings_overlay(&cfg.node, &cmd);
	ok(cfg.node.web == 1 && cfg.node.web_listen.port == 443 &&
	   cfg.node.web_allow.prefix[0] == 24, "the command line wins over the configuration");
	ok(node_setting_by_cmdline("web_tls_cert") == NULL, "the certificate is no command line key");

	bad = 0;
	is_int(nodeconf_parse("WEB_TLS_CERT=junk\nWEB_TLS_KEY=secret-junk\nWEB_LISTEN=x\n", 52,
			      "vzhost.conf", &back, &rep), 3, "bad web values are refused");

	len = nodeconf_format(&cfg, text, sizeof text);
	ok(len > 0 && strstr(text, "WEB=\"on\"") && strstr(text, "WEB_LISTEN=\"10.0.0.1:443\"") &&
	   strstr(text, "WEB_TLS_KEY="), "the persisted form has the web keys");
	memset(&back, 0, sizeof back);
	ok(nodeconf_parse(text, (size_t)len, "vzhost.conf", &back, &rep) == 0 &&
	   back.node.web_allow.prefix[0] == 24 && !strcmp(back.web_tls_cert, cfg.web_tls_cert),
	   "and reads back the same");
	len = nodeconf_format_web(&cfg.node, &cfg, text, sizeof text);
	ok(len > 0 && strstr(text, "ADMIN_PASSWORD_HASH=") && strstr(text, "WEB_ALLOW_FROM=") &&
	   !strstr(text, "HOSTNAME"), "the published form: the web keys and the admin hash only");
}

int main(void)
{
	test_parsers();
	test_sources();
	return done_testing();
}
