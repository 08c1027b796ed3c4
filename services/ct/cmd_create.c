#include <stdio.h>
#include <string.h>

#include "tmpl/http.h"
#include "vzctl.h"
#include "conf/vzvalue.h"

/*
 * vzctl create CTID [--ostemplate T] [--config S] [--layout L] [set options...]
 * create's own options first (the sample is the base of the set options),
 * then the settings, then the private area and the config (lib/ct).
 */

/* create's own option at argv[*i]: its name, and *value. */
static const char *create_opt(char **argv, int argc, int *i, const char **value)
{
	static const char *const names[] = { "ostemplate", "config", "layout" };
	const char *arg = argv[*i];
	size_t k, len;

	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	arg += 2;
	for (k = 0; k < sizeof names / sizeof names[0]; k++) {
		len = strlen(names[k]);
		if (strncmp(arg, names[k], len) != 0)
			continue;
		if (arg[len] == '=') {
			*value = arg + len + 1;
			return names[k];
		}
		if (arg[len] || *i + 1 >= argc)
			return NULL;
		*value = argv[++*i];
		return names[k];
	}
	return NULL;
}

static void create_opts_read(struct ct_create_opts *o, char **argv, int argc)
{
	const char *name, *value;
	int i;

	for (i = 2; i < argc; i++) {
		if ((name = create_opt(argv, argc, &i, &value)))
			ct_create_opt(o, name, value);
		else if (strncmp(argv[i], "--", 2) == 0 && i + 1 < argc && !strchr(argv[i], '='))
			i++;
	}
}

/* The set options of create, after its own. */
static int create_settings(struct ct *ct, struct ct_settings *s, char **argv, int argc)
{
	const char *value;
	int i, rc;

	for (i = 2; i < argc; i++) {
		if (create_opt(argv, argc, &i, &value))
			continue;
		rc = vzctl_setting(ct, s, argv, argc, &i);
		if (rc == 0) {
			vzctl_err("create: unknown option %s", argv[i]);
			return EXIT_VZ_USAGE;
		}
		if (rc < 0)
			return -rc;
	}
	return 0;
}

int cmd_create(int argc, char **argv)
{
	struct ct_create_opts o = { .tls = &tmpl_tls_mbedtls };
	const char *why, *field, *value;
	struct ct_settings s;
	unsigned ctid;
	struct ct ct;
	int rc;

	if (argc < 2) {
		vzctl_err("usage: vzctl create CTID [--ostemplate NAME] [--config SAMPLE] ...");
		return EXIT_VZ_USAGE;
	}
	if ((why = vzvalue_ctid(argv[1], &ctid))) {
		vzctl_err("create %s: bad CTID: %s", argv[1], why);
		return EXIT_VZ_BAD_VALUE;
	}
	rc = vzctl_open_id(&ct, ctid, CT_OPEN_LOCK | CT_OPEN_NEW);
	if (rc)
		return rc;
	create_opts_read(&o, argv, argc);
	ct_settings_init(&s);
	if ((why = ct_create_opts_check(&o, &field, &value))) {
		vzctl_err("--%s %s: %s", field, value, why);
		rc = EXIT_VZ_BAD_VALUE;
	} else if (ct_create_prepare(&ct, &o) < 0) {
		rc = vzctl_fail(&ct);
	} else if (!(rc = create_settings(&ct, &s, argv, argc)) && ct_create(&ct, &o) < 0) {
		rc = vzctl_fail(&ct);
	}
	ct_close(&ct);
	return rc;
}
