#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "node/nodeconf.h"

struct nodeconf_ctx {
	struct nodeconf *cfg;
	const char *fname;
	const struct report *rep;
	int bad;
};

typedef const char *key_set_fn(struct nodeconf *cfg, const char *value);

static const char *set_hostname(struct nodeconf *cfg, const char *v)
{
	const char *err = hostname_check(v);

	if (!err)
		strcpy(cfg->node.hostname, v);
	return err;
}

static const char *set_hash(char *dst, const char *v)
{
	const char *err = crypthash_check(v);

	if (!err)
		strcpy(dst, v);
	return err;
}

static const char *set_root_hash(struct nodeconf *cfg, const char *v)
{
	return set_hash(cfg->root_hash, v);
}

static const char *set_admin_hash(struct nodeconf *cfg, const char *v)
{
	return set_hash(cfg->admin_hash, v);
}

static const char *set_net_mode(struct nodeconf *cfg, const char *v)
{
	if (netmode_parse(v, &cfg->node.net_mode) < 0)
		return "expected dhcp, static or none";
	return NULL;
}

static const char *set_net_ip(struct nodeconf *cfg, const char *v)
{
	if (inet4_parse_cidr(v, &cfg->node.ip, &cfg->node.prefix) < 0)
		return "expected A.B.C.D/PREFIX (PREFIX 1-32)";
	return NULL;
}

static const char *set_net_gw(struct nodeconf *cfg, const char *v)
{
	if (inet4_parse(v, &cfg->node.gw) < 0)
		return "expected an IPv4 address A.B.C.D";
	return NULL;
}

static const char *set_net_dns(struct nodeconf *cfg, const char *v)
{
	if (inet4_parse_list(v, cfg->node.dns, &cfg->node.ndns) < 0)
		return "expected 1-3 IPv4 addresses separated by commas or blanks";
	return NULL;
}

static const char *set_console(struct nodeconf *cfg, const char *v)
{
	static char err[SERIAL_ERR_MAX];

	return serial_ports_parse(v, &cfg->node.console, err);
}

static const char *set_console_menu(struct nodeconf *cfg, const char *v)
{
	if (serial_menu_parse(v, &cfg->node.console_menu) < 0)
		return "expected yes or no (or 1 or 0)";
	return NULL;
}

static const char *set_ssh_keys(struct nodeconf *cfg, const char *v)
{
	if (!strncmp(v, "ssh-", 4) || !strncmp(v, "ecdsa-", 6) || !strncmp(v, "sk-", 3)) {
		strcpy(cfg->ssh_keys, v);
		return NULL;
	}
	return "expected OpenSSH public keys (ssh-ed25519 AAAA..., one per line)";
}

static const char *set_data_format(struct nodeconf *cfg, const char *v)
{
	const char *err = devpath_check(v);

	if (!err)
		strcpy(cfg->node.format, v);
	return err;
}

static const char *set_swap_zram_percent(struct nodeconf *cfg, const char *v)
{
	return zram_percent_parse(v, &cfg->node.zram_percent);
}

static const struct {
	const char *key;
	unsigned node_bit;	/* NS_*: the key fills cfg->node */
	unsigned bit;		/* NODECONF_*: a seed-only key */
	int secret;
	key_set_fn *set;
} nodeconf_keys[] = {
	{ "HOSTNAME", NS_HOSTNAME, 0, 0, set_hostname },
	{ "ROOT_PASSWORD_HASH", 0, NODECONF_ROOT_HASH, 1, set_root_hash },
	{ "ADMIN_PASSWORD_HASH", 0, NODECONF_ADMIN_HASH, 1, set_admin_hash },
	{ "NET_MODE", NS_NET_MODE, 0, 0, set_net_mode },
	{ "NET_IP", NS_NET_IP, 0, 0, set_net_ip },
	{ "NET_GW", NS_NET_GW, 0, 0, set_net_gw },
	{ "NET_DNS", NS_NET_DNS, 0, 0, set_net_dns },
	{ "SERIAL_CONSOLE", NS_CONSOLE, 0, 0, set_console },
	{ "SERIAL_MENU", NS_CONSOLE_MENU, 0, 0, set_console_menu },
	{ "SSH_AUTHORIZED_KEYS", 0, NODECONF_SSH_KEYS, 0, set_ssh_keys },
	{ "DATA_FORMAT", NS_FORMAT, 0, 0, set_data_format },
	{ "SWAP_ZRAM_PERCENT", NS_ZRAM, 0, 0, set_swap_zram_percent },
};

static void nodeconf_entry(void *arg, const struct conf_entry *e)
{
	struct nodeconf_ctx *ctx = arg;
	const char *err;
	size_t i;

	for (i = 0; i < sizeof nodeconf_keys / sizeof nodeconf_keys[0]; i++)
		if (!strcmp(e->key, nodeconf_keys[i].key))
			break;
	if (i == sizeof nodeconf_keys / sizeof nodeconf_keys[0]) {
		report_msg(ctx->rep, "%s:%u: %s: unknown key; ignored", ctx->fname, e->line, e->key);
		ctx->bad++;
		return;
	}
	err = nodeconf_keys[i].set(ctx->cfg, e->value);
	if (!err) {
		ctx->cfg->node.set |= nodeconf_keys[i].node_bit;
		ctx->cfg->set |= nodeconf_keys[i].bit;
		return;
	}
	if (nodeconf_keys[i].secret)
		report_msg(ctx->rep, "%s:%u: %s: %s; ignored", ctx->fname, e->line, e->key, err);
	else
		report_msg(ctx->rep, "%s:%u: %s=\"%.64s\": %s; ignored", ctx->fname, e->line,
			   e->key, e->value, err);
	ctx->bad++;
}

int nodeconf_parse(const char *buf, size_t len, const char *fname, struct nodeconf *cfg,
		   const struct report *rep)
{
	struct nodeconf_ctx ctx = { cfg, fname, rep, 0 };
	int bad;

	bad = conf_parse(buf, len, fname, nodeconf_entry, &ctx, rep);
	if (bad < 0)
		return -1;
	return bad + ctx.bad;
}
