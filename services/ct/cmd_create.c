#include <stdio.h>
#include <string.h>

#include "tmpl/http.h"
#include "vzctl.h"
#include "conf/vzvalue.h"

/*
 * vzctl create CTID [--ostemplate T] [--config S] [--layout L] [set options...]
 * A template missing from the cache is downloaded from TEMPLATE_REPO first.
 */

static void create_notice(void *ctx, const char *msg)
{
	(void)ctx;
	printf("%s\n", msg);
	fflush(stdout);
}

static const char *create_value(const char *arg, const char *opt, char **argv, int argc,
				int *i)
{
	size_t len = strlen(opt);

	if (strncmp(arg, opt, len) != 0)
		return NULL;
	if (arg[len] == '=')
		return arg + len + 1;
	if (arg[len] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int create_layout_check(const char *layout)
{
	if (!layout || strcmp(layout, "ploop") == 0 || strcmp(layout, "simfs") == 0)
		return 0;
	vzctl_err("--layout %s: not ploop or simfs", layout);
	return -1;
}

int cmd_create(int argc, char **argv)
{
	static struct vzctl_changes ch;
	struct report notice = { create_notice, NULL };
	struct ct_create_opts o = { .tls = &tmpl_tls_mbedtls, .notice = &notice };
	const char *why, *v;
	unsigned ctid;
	struct ct ct;
	int i, rc;

	if (argc < 2) {
		vzctl_err("usage: vzctl create CTID [--ostemplate NAME] [--config SAMPLE] ...");
		return VZCTL_USAGE;
	}
	if ((why = vzvalue_ctid(argv[1], &ctid))) {
		vzctl_err("create %s: bad CTID: %s", argv[1], why);
		return VZCTL_BAD_VALUE;
	}
	if (ct_open(&ct, ctid) < 0 || ct_lock(&ct) < 0) {
		vzctl_err("%s", ct.error);
		ct_close(&ct);
		return VZCTL_FAIL;
	}
	if (ct.exists) {
		vzctl_err("CT %u: already exists (%s)", ctid, ct.conf_path);
		ct_close(&ct);
		return VZCTL_EXISTS;
	}
	/* create's own options first: the sample is the base of the set options */
	for (i = 2; i < argc; i++) {
		if ((v = create_value(argv[i], "--ostemplate", argv, argc, &i)))
			o.ostemplate = v;
		else if ((v = create_value(argv[i], "--config", argv, argc, &i)))
			o.config = v;
		else if ((v = create_value(argv[i], "--layout", argv, argc, &i)))
			o.layout = v;
		else if (strncmp(argv[i], "--", 2) == 0 && i + 1 < argc && !strchr(argv[i], '='))
			i++;
	}
	rc = VZCTL_BAD_VALUE;
	if (create_layout_check(o.layout) < 0)
		goto done;
	if (ct_create_prepare(&ct, &o) < 0) {
		vzctl_err("%s", ct.error);
		rc = VZCTL_FAIL;
		goto done;
	}
	for (i = 2; i < argc; i++) {
		if (create_value(argv[i], "--ostemplate", argv, argc, &i) ||
		    create_value(argv[i], "--config", argv, argc, &i) ||
		    create_value(argv[i], "--layout", argv, argc, &i))
			continue;
		rc = set_option_parse(&ct, argv, argc, &i, &ch);
		if (rc == 0) {
			vzctl_err("create: unknown option %s", argv[i]);
			rc = VZCTL_USAGE;
			goto done;
		}
		if (rc < 0) {
			rc = -rc;
			goto done;
		}
	}
	printf("Creating container private area (%s)\n", o.ostemplate ? o.ostemplate : "empty");
	if (ct_create(&ct, &o) < 0) {
		vzctl_err("%s", ct.error);
		rc = ct.exists ? VZCTL_EXISTS : VZCTL_FAIL;
		goto done;
	}
	printf("Container %u created (%s)\n", ctid, ct.private_dir);
	rc = 0;
done:
	ct_close(&ct);
	return rc;
}
