#include <stdio.h>
#include <string.h>

#include "vzctl.h"

/*
 * vzctl set CT OPTIONS [--save]: each --NAME VALUE is a setting of
 * lib/ct/settings.h, which checks it, applies it to the running
 * container and, with --save, writes the config.
 */

int vzctl_setting(struct ct *ct, struct ct_settings *s, char **argv, int argc, int *i)
{
	const char *arg = argv[*i], *eq, *value;
	char name[CT_FIELD_MAX];
	size_t len;

	if (strncmp(arg, "--", 2) != 0)
		return 0;
	arg += 2;
	eq = strchr(arg, '=');
	len = eq ? (size_t)(eq - arg) : strlen(arg);
	if (len >= sizeof name)
		return 0;
	memcpy(name, arg, len);
	name[len] = 0;
	if (!ct_setting_known(name))
		return 0;
	if (eq) {
		value = eq + 1;
	} else if (*i + 1 < argc) {
		value = argv[++*i];
	} else {
		vzctl_err("--%s needs a value", name);
		return -EXIT_VZ_USAGE;
	}
	if (ct_setting(ct, s, name, value) == 0)
		return 1;
	if (ct->error_kind == CT_ERR_USAGE)
		vzctl_err("too many options");
	else if (ct->error_why)
		vzctl_err("CT %u: --%s %s: %s", ct->ctid, name, value, ct->error_why);
	else
		vzctl_err("%s", ct->error);
	return -vzctl_exit_code(ct->error_kind);
}

int cmd_set(int argc, char **argv)
{
	struct ct_settings s;
	int i, rc, save = 0;
	struct ct ct;

	if (argc < 2) {
		vzctl_err("usage: vzctl set CTID|NAME OPTIONS [--save]");
		return EXIT_VZ_USAGE;
	}
	rc = vzctl_open(&ct, argv[1], CT_OPEN_LOCK | CT_OPEN_EXISTING);
	if (rc)
		return rc;
	ct_settings_init(&s);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--save") == 0) {
			save = 1;
			continue;
		}
		rc = vzctl_setting(&ct, &s, argv, argc, &i);
		if (rc == 0) {
			vzctl_err("set: unknown option %s", argv[i]);
			rc = -EXIT_VZ_USAGE;
		}
		if (rc < 0) {
			ct_close(&ct);
			return -rc;
		}
	}
	if (s.n == 0) {
		vzctl_err("set: no settings given");
		rc = EXIT_VZ_USAGE;
	} else {
		rc = ct_settings_commit(&ct, &s, save) < 0 ? vzctl_fail(&ct) : 0;
	}
	ct_close(&ct);
	return rc;
}
