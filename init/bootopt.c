#include <stdlib.h>
#include <string.h>

#include "bootopt.h"
#include "cmdline.h"

typedef const char *opt_set_fn(struct bootopt *opt, const char *value);

static const char *set_data(struct bootopt *opt, const char *v)
{
	const char *why = devpath_check(v);

	if (!why)
		strcpy(opt->data, v);
	return why;
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

/* The keys only the command line has; the others are node settings. */
static const struct {
	const char *key;
	unsigned bit;		/* BOOTOPT_* */
	opt_set_fn *set;
} bootopt_keys[] = {
	{ "data", BOOTOPT_DATA, set_data },
	{ "datawait", BOOTOPT_DATAWAIT, set_datawait },
	{ "ramonly", BOOTOPT_RAMONLY, set_ramonly },
};

/* The index of name in bootopt_keys, or -1. */
static int bootopt_key(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof bootopt_keys / sizeof bootopt_keys[0]; i++)
		if (!strcmp(name, bootopt_keys[i].key))
			return (int)i;
	return -1;
}

static const char *bootopt_key_set(struct bootopt *opt, int i, const char *v)
{
	const char *why = bootopt_keys[i].set(opt, v);

	if (!why)
		opt->set |= bootopt_keys[i].bit;
	return why;
}

static int bootopt_one(struct bootopt *opt, const struct cmdline_arg *arg,
		       const struct report *rep)
{
	const char *name = arg->key + 7, *why;
	const struct node_setting *ns = node_setting_by_cmdline(name);
	int i = ns ? -1 : bootopt_key(name);
	char err[NODE_SETTING_ERR_MAX];

	if (arg->overlong) {
		report_msg(rep, "cmdline: %.64s: longer than %d bytes; ignored", arg->key,
			   CMDLINE_VALUE_MAX - 1);
		return 1;
	}
	if (!ns && i < 0) {
		report_msg(rep, "cmdline: %s: unknown key; ignored", arg->key);
		return 1;
	}
	if (!arg->has_value && (ns || bootopt_keys[i].bit != BOOTOPT_RAMONLY)) {
		report_msg(rep, "cmdline: %s: expected %s=VALUE; ignored", arg->key, arg->key);
		return 1;
	}
	why = ns ? node_setting_set(ns, &opt->node, arg->value, err)
		 : bootopt_key_set(opt, i, arg->has_value ? arg->value : "1");
	if (why) {
		report_msg(rep, "cmdline: %s=%.64s: %s; ignored", arg->key, arg->value, why);
		return 1;
	}
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
