#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

int cmd_resize(int argc, char **argv)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	uint64_t size = 0;
	int c, r;

	while ((c = getopt(argc, argv, "s:")) != -1) {
		if (c != 's')
			return cli_usage("resize", "bad option");
		if (cli_size_arg(optarg, &size))
			return EXIT_USAGE;
	}
	if (!size)
		return cli_usage("resize", "-s SIZE is required");
	r = cli_disk_arg(argc, argv, "resize", dir, sizeof dir);
	if (r)
		return r;
	cli_ctx_init(&ctx, stderr);
	return ploop_disk_resize(dir, size, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}

int cmd_compact(int argc, char **argv)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	uint64_t returned;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("compact", "one DiskDescriptor.xml expected");
	if (cli_disk_dir(argv[1], dir, sizeof dir))
		return EXIT_ERROR;
	cli_ctx_init(&ctx, stderr);
	if (ploop_disk_compact(dir, &returned, &ctx))
		return cli_fail(&ctx);
	printf("returned %" PRIu64 " bytes\n", returned);
	return EXIT_OK;
}

int cmd_convert(int argc, char **argv)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	enum ploop_version v = 0;
	int c, r, kind = -1;

	while ((c = getopt(argc, argv, "f:v:")) != -1) {
		if (c == 'f' && !strcmp(optarg, "expanded"))
			kind = PLOOP_EXPANDED;
		else if (c == 'f' && !strcmp(optarg, "preallocated"))
			kind = PLOOP_PREALLOCATED;
		else if (c == 'f' && !strcmp(optarg, "raw"))
			kind = PLOOP_RAW;
		else if (c == 'v' && (!strcmp(optarg, "1") || !strcmp(optarg, "2")))
			v = optarg[0] == '1' ? PLOOP_V1 : PLOOP_V2;
		else
			return cli_usage("convert", "-f expanded|preallocated|raw or -v 1|2");
	}
	if (kind < 0 && !v)
		return cli_usage("convert", "give -f or -v");
	r = cli_disk_arg(argc, argv, "convert", dir, sizeof dir);
	if (r)
		return r;
	cli_ctx_init(&ctx, stderr);
	return ploop_disk_convert(dir, kind, v, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}
