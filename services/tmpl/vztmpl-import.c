/*
 * vztmpl-import SRC NAME: an OCI image (layout directory, or a tarball of
 * one or of `docker save`) as the template /vz/template/cache/NAME.tar.zst.
 * Device nodes and fifos in the layers are skipped, said in one line on
 * stderr (stdout is only the template's path).
 * Exit codes: 0 done, 100 usage, 111 import failed (one line says why).
 */
#include <stdio.h>
#include <string.h>

#include "base/exit.h"
#include "tmpl/tmpl.h"

static void to_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "vztmpl-import: %s\n", msg);
}

int main(int argc, char **argv)
{
	struct report rep = { to_stderr, NULL };

	if (argc != 3 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: vztmpl-import SRC NAME\n"
				"  SRC: an OCI image layout directory, or an OCI or `docker save` tarball\n"
				"  writes " TMPL_CACHE_DIR "/NAME.tar.zst\n");
		return EXIT_USAGE;
	}
	if (tmpl_import_oci(argv[1], argv[2], TMPL_CACHE_DIR, &rep, &rep) < 0)
		return EXIT_ERROR;
	printf("%s/%s.tar.zst\n", TMPL_CACHE_DIR, argv[2]);
	return EXIT_OK;
}
