/*
 * vztmpl-extract TARBALL DIR [SHIFT]: unpacks a template into the existing
 * empty directory DIR with the rules vzctl create uses (docs/templates.md),
 * ids shifted by SHIFT (default 0). For checking a template by hand and for
 * the tests. Device nodes and fifos are skipped, said in one line on
 * stdout. Exit codes: 0 done, 100 usage, 111 refused (one line says why;
 * DIR then holds a partial tree).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/exit.h"
#include "tmpl/tmpl.h"

static void to_stderr(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "vztmpl-extract: %s\n", msg);
}

static void to_stdout(void *ctx, const char *msg)
{
	(void)ctx;
	printf("%s\n", msg);
}

static const char *shift_parse(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || *out > 0xfffe0000UL)
		return "not a uid shift 0-4294836224";
	return NULL;
}

int main(int argc, char **argv)
{
	struct report rep = { to_stderr, NULL }, notice = { to_stdout, NULL };
	unsigned long shift = 0;

	if (argc < 3 || argc > 4 || argv[1][0] == '-' || (argc == 4 && shift_parse(argv[3], &shift))) {
		fprintf(stderr, "usage: vztmpl-extract TARBALL DIR [SHIFT]\n"
				"  unpacks TARBALL (.tar.zst, .tar.xz, .tar.gz) into the empty directory DIR,\n"
				"  uids and gids shifted by SHIFT\n");
		return EXIT_USAGE;
	}
	if (tmpl_extract_notify(argv[1], argv[2], (uid_t)shift, (gid_t)shift, &rep, &notice) < 0)
		return EXIT_ERROR;
	return EXIT_OK;
}
