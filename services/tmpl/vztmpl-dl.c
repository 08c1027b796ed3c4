/*
 * vztmpl-dl NAME: downloads the template NAME from the repository at
 * TEMPLATE_REPO (/etc/vz/vz.conf) into /vz/template/cache, verified
 * against the repository's index.sha256; nothing unverified is kept.
 *
 *   TEMPLATE_REPO           base URL (https://..., or http:// to loopback)
 *   TEMPLATE_REPO_CA        CA bundle for https (default
 *                           /etc/ssl/certs/ca-certificates.crt)
 *   TEMPLATE_REPO_INSECURE  yes: allow plain http to any address (the
 *                           SHA-256 check then rests on the index alone)
 *
 * On a terminal (stderr), the download shows its progress on one line;
 * otherwise stderr gets a line when it starts and one when it is done.
 * Exit codes: 0 done, 100 usage or configuration, 111 download failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/exit.h"
#include "tmpl/repo.h"
#include "conf/vzconf.h"

static void to_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "vztmpl-dl: %s\n", msg);
}

static void notice_line(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s\n", msg);
}

static int usage(void)
{
	fprintf(stderr, "usage: vztmpl-dl NAME\n"
			"  downloads NAME.tar.zst from TEMPLATE_REPO (" VZCONF_GLOBAL_PATH ")\n"
			"  into " TMPL_CACHE_DIR ", checked against the repository's index.sha256\n");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct report rep = { to_stderr, NULL }, notice = { notice_line, NULL };
	struct tmpl_http_opts o;
	const char *repo, *conf_path = VZCONF_GLOBAL_PATH;
	struct vzconf conf;
	char out[4096];
	int r;

	if (argc != 2 || argv[1][0] == '-')
		return usage();
	if (vzconf_load(&conf, conf_path, &rep) < 0) {
		fprintf(stderr, "vztmpl-dl: %s: %s\n", conf_path, strerror(errno));
		return EXIT_USAGE;
	}
	repo = vzconf_get(&conf, "TEMPLATE_REPO");
	if (!repo || !*repo) {
		fprintf(stderr, "vztmpl-dl: %s: TEMPLATE_REPO is not set\n", conf_path);
		vzconf_free(&conf);
		return EXIT_USAGE;
	}
	tmpl_repo_http_opts(vzconf_get(&conf, "TEMPLATE_REPO_CA"),
			    vzconf_get(&conf, "TEMPLATE_REPO_INSECURE"), &tmpl_tls_mbedtls, &o);
	r = tmpl_download(repo, argv[1], TMPL_CACHE_DIR, &o, out, sizeof out, &rep, &notice);
	vzconf_free(&conf);
	if (r < 0)
		return EXIT_ERROR;
	printf("%s\n", out);
	return EXIT_OK;
}
