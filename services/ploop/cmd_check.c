#include <getopt.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
	struct ploop_disk_ctx ctx;
	unsigned flags = 0;
	int c, silent = 0, r;

	while ((c = getopt(argc, argv, "Frs")) != -1) {
		switch (c) {
		case 'F':
			flags |= PLOOP_DISK_CHECK_FORCE;
			break;
		case 'r':
			flags |= PLOOP_DISK_CHECK_REPAIR;
			break;
		case 's':
			silent = 1;
			break;
		default:
			return cli_usage("check", "bad option");
		}
	}
	if (optind != argc - 1)
		return cli_usage("check", "one DELTA_FILE or DiskDescriptor.xml expected");
	cli_ctx_init(&ctx, silent ? NULL : stdout);
	r = ploop_disk_check(argv[optind], flags, &ctx);
	if (r < 0)
		return cli_fail(&ctx);
	return r ? EXIT_FAILED : EXIT_OK;
}
