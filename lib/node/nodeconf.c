#include <string.h>

#include "node/nodeconf.h"

struct nodeconf_ctx {
	struct nodeconf *cfg;
	const char *fname;
	const struct report *rep;
	int bad;
};

typedef const char *key_set_fn(struct nodeconf *cfg, const char *value);

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

static const char *set_ssh_keys(struct nodeconf *cfg, const char *v)
{
	if (!strncmp(v, "ssh-", 4) || !strncmp(v, "ecdsa-", 6) || !strncmp(v, "sk-", 3)) {
		strcpy(cfg->ssh_keys, v);
		return NULL;
	}
	return "expected OpenSSH public keys (ssh-ed25519 AAAA..., one per line)";
}

/* PEM text whose first block is one of kinds (NULL-terminated). */
static const char *set_pem(char *dst, const char *v, const char *const *kinds, const char *why)
{
	size_t i;

	for (i = 0; kinds[i]; i++)
		if (!strncmp(v, kinds[i], strlen(kinds[i]))) {
			strcpy(dst, v);
			return NULL;
		}
	return why;
}

static const char *set_web_tls_cert(struct nodeconf *cfg, const char *v)
{
	static const char *const kinds[] = { "-----BEGIN CERTIFICATE-----", NULL };

	return set_pem(cfg->web_tls_cert, v, kinds,
		       "expected a PEM certificate chain (-----BEGIN CERTIFICATE-----...)");
}

static const char *set_web_tls_key(struct nodeconf *cfg, const char *v)
{
	static const char *const kinds[] = { "-----BEGIN PRIVATE KEY-----",
					     "-----BEGIN EC PRIVATE KEY-----",
					     "-----BEGIN RSA PRIVATE KEY-----", NULL };

	return set_pem(cfg->web_tls_key, v, kinds, "expected a PEM private key (unencrypted)");
}

/* The keys only the node configuration has; the others are node settings. */
static const struct {
	const char *key;
	unsigned bit;		/* NODECONF_* */
	int secret;
	key_set_fn *set;
} nodeconf_keys[] = {
	{ "ROOT_PASSWORD_HASH", NODECONF_ROOT_HASH, 1, set_root_hash },
	{ "ADMIN_PASSWORD_HASH", NODECONF_ADMIN_HASH, 1, set_admin_hash },
	{ "SSH_AUTHORIZED_KEYS", NODECONF_SSH_KEYS, 0, set_ssh_keys },
	{ "WEB_TLS_CERT", NODECONF_WEB_TLS_CERT, 0, set_web_tls_cert },
	{ "WEB_TLS_KEY", NODECONF_WEB_TLS_KEY, 1, set_web_tls_key },
};

/* The index of key in nodeconf_keys, or -1. */
static int nodeconf_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof nodeconf_keys / sizeof nodeconf_keys[0]; i++)
		if (!strcmp(key, nodeconf_keys[i].key))
			return (int)i;
	return -1;
}

static const char *nodeconf_key_set(struct nodeconf *cfg, int i, const char *v)
{
	const char *why = nodeconf_keys[i].set(cfg, v);

	if (!why)
		cfg->set |= nodeconf_keys[i].bit;
	return why;
}

static void nodeconf_entry(void *arg, const struct conf_entry *e)
{
	struct nodeconf_ctx *ctx = arg;
	const struct node_setting *ns = node_setting_by_conf(e->key);
	int i = ns ? -1 : nodeconf_key(e->key);
	char err[NODE_SETTING_ERR_MAX];
	const char *why;

	if (!ns && i < 0) {
		report_msg(ctx->rep, "%s:%u: %s: unknown key; ignored", ctx->fname, e->line, e->key);
		ctx->bad++;
		return;
	}
	why = ns ? node_setting_set(ns, &ctx->cfg->node, e->value, err)
		 : nodeconf_key_set(ctx->cfg, i, e->value);
	if (!why)
		return;
	if (!ns && nodeconf_keys[i].secret)
		report_msg(ctx->rep, "%s:%u: %s: %s; ignored", ctx->fname, e->line, e->key, why);
	else
		report_msg(ctx->rep, "%s:%u: %s=\"%.64s\": %s; ignored", ctx->fname, e->line,
			   e->key, e->value, why);
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
