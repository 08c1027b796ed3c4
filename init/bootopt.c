#include <stdlib.h>
#include <string.h>

#include "bootopt.h"
#include "cmdline.h"

typedef const char *opt_set_fn(struct bootopt *opt, const char *value);

static const char *copy_checked(char *dst, const char *v, const char *err)
{
	if (!err)
		strcpy(dst, v);
	return err;
}

static const char *set_format(struct bootopt *opt, const char *v)
{
	return copy_checked(opt->node.format, v, devpath_check(v));
}

static const char *set_data(struct bootopt *opt, const char *v)
{
	return copy_checked(opt->data, v, devpath_check(v));
}

static const char *set_hostname(struct bootopt *opt, const char *v)
{
	return copy_checked(opt->node.hostname, v, hostname_check(v));
}

static const char *set_console(struct bootopt *opt, const char *v)
{
	static char err[SERIAL_ERR_MAX];

	return serial_ports_parse(v, &opt->node.console, err);
}

static const char *set_menu(struct bootopt *opt, const char *v)
{
	return serial_menu_parse(v, &opt->node.console_menu) < 0 ? "expected yes or no (or 1 or 0)" : NULL;
}

static const char *set_net(struct bootopt *opt, const char *v)
{
	return netmode_parse(v, &opt->node.net_mode) < 0 ? "expected dhcp, static or none" : NULL;
}

static const char *set_ip(struct bootopt *opt, const char *v)
{
	if (inet4_parse_cidr(v, &opt->node.ip, &opt->node.prefix) < 0)
		return "expected A.B.C.D/PREFIX (PREFIX 1-32)";
	return NULL;
}

static const char *set_gw(struct bootopt *opt, const char *v)
{
	return inet4_parse(v, &opt->node.gw) < 0 ? "expected an IPv4 address A.B.C.D" : NULL;
}

static const char *set_dns(struct bootopt *opt, const char *v)
{
	if (inet4_parse_list(v, opt->node.dns, &opt->node.ndns) < 0)
		return "expected 1-3 IPv4 addresses separated by commas";
	return NULL;
}

static const char *set_datawait(struct bootopt *opt, const char *v)
{
	char *end;
	unsigned long n;

	if (*v < '0' || *v > '9' || strlen(v) > 3)
		return "expected seconds 0-300";
	n = strtoul(v, &end, 10);
	if (*end || n > BOOTOPT_DATAWAIT_MAX)
		return "expected seconds 0-300";
	opt->datawait = (unsigned)n;
	return NULL;
}

static const char *set_ramonly(struct bootopt *opt, const char *v)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return "expected 0 or 1";
	opt->ramonly = v[0] == '1';
	return NULL;
}

static const char *set_zram(struct bootopt *opt, const char *v)
{
	return zram_percent_parse(v, &opt->node.zram_percent);
}

static const struct {
	const char *key;
	unsigned node_bit;	/* NS_*: the key fills opt->node */
	unsigned bit;		/* BOOTOPT_*: a cmdline-only key */
	opt_set_fn *set;
} bootopt_keys[] = {
	{ "format", NS_FORMAT, 0, set_format },
	{ "data", 0, BOOTOPT_DATA, set_data },
	{ "console", NS_CONSOLE, 0, set_console },
	{ "menu", NS_CONSOLE_MENU, 0, set_menu },
	{ "hostname", NS_HOSTNAME, 0, set_hostname },
	{ "net", NS_NET_MODE, 0, set_net },
	{ "ip", NS_NET_IP, 0, set_ip },
	{ "gw", NS_NET_GW, 0, set_gw },
	{ "dns", NS_NET_DNS, 0, set_dns },
	{ "datawait", 0, BOOTOPT_DATAWAIT, set_datawait },
	{ "ramonly", 0, BOOTOPT_RAMONLY, set_ramonly },
	{ "zram", NS_ZRAM, 0, set_zram },
};

static int bootopt_one(struct bootopt *opt, const struct cmdline_arg *arg,
		       const struct report *rep)
{
	const char *name = arg->key + 7, *err;
	size_t i;

	if (arg->overlong) {
		report_msg(rep, "cmdline: %.64s: longer than %d bytes; ignored", arg->key,
			   CMDLINE_VALUE_MAX - 1);
		return 1;
	}
	for (i = 0; i < sizeof bootopt_keys / sizeof bootopt_keys[0]; i++)
		if (!strcmp(name, bootopt_keys[i].key))
			break;
	if (i == sizeof bootopt_keys / sizeof bootopt_keys[0]) {
		report_msg(rep, "cmdline: %s: unknown key; ignored", arg->key);
		return 1;
	}
	if (!arg->has_value && bootopt_keys[i].bit != BOOTOPT_RAMONLY) {
		report_msg(rep, "cmdline: %s: expected %s=VALUE; ignored", arg->key, arg->key);
		return 1;
	}
	err = bootopt_keys[i].set(opt, arg->has_value ? arg->value : "1");
	if (err) {
		report_msg(rep, "cmdline: %s=%.64s: %s; ignored", arg->key, arg->value, err);
		return 1;
	}
	opt->node.set |= bootopt_keys[i].node_bit;
	opt->set |= bootopt_keys[i].bit;
	return 0;
}

int bootopt_parse(const char *buf, size_t len, struct bootopt *opt, const struct report *rep)
{
	struct cmdline_arg arg;
	size_t pos = 0;
	int bad = 0;

	if (len > CMDLINE_MAX) {
		report_msg(rep, "cmdline: longer than %d bytes; the rest is ignored", CMDLINE_MAX);
		bad++;
	}
	while (cmdline_next(buf, len, &pos, &arg)) {
		if (strncmp(arg.key, "vzhost.", 7))
			continue;
		bad += bootopt_one(opt, &arg, rep);
	}
	return bad;
}
