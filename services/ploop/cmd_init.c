#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int parse_kind(const char *s, enum ploop_kind *k)
{
	if (!strcmp(s, "expanded"))
		*k = PLOOP_EXPANDED;
	else if (!strcmp(s, "preallocated"))
		*k = PLOOP_PREALLOCATED;
	else if (!strcmp(s, "raw"))
		*k = PLOOP_RAW;
	else
		return -1;
	return 0;
}

int cmd_init(int argc, char **argv)
{
	struct ploop_disk_create_opts o = { .version = PLOOP_V2, .kind = PLOOP_EXPANDED, .mkfs = 1 };
	struct ploop_disk_ctx ctx;
	uint64_t cluster;
	int c;

	while ((c = getopt(argc, argv, "s:f:t:v:b:")) != -1) {
		switch (c) {
		case 's':
			if (cli_size_arg(optarg, &o.size_bytes))
				return EXIT_USAGE;
			break;
		case 'f':
			if (parse_kind(optarg, &o.kind))
				return cli_usage("init", "-f wants expanded, preallocated or raw");
			break;
		case 't':
			if (strcmp(optarg, "ext4") && strcmp(optarg, "none"))
				return cli_usage("init", "-t wants ext4 or none");
			o.mkfs = !strcmp(optarg, "ext4");
			break;
		case 'v':
			if (strcmp(optarg, "1") && strcmp(optarg, "2"))
				return cli_usage("init", "-v wants 1 or 2");
			o.version = optarg[0] == '1' ? PLOOP_V1 : PLOOP_V2;
			break;
		case 'b':
			/* OpenVZ gives the cluster in sectors; a suffix means bytes. */
			if (strspn(optarg, "0123456789") == strlen(optarg)) {
				cluster = strtoull(optarg, NULL, 10) * PLOOP_SECTOR;
			} else if (cli_size_arg(optarg, &cluster)) {
				return EXIT_USAGE;
			}
			if (!ploop_cluster_bytes_valid(cluster))
				return cli_usage("init", "-b: cluster must be a power of two, 512 B to 64 MiB");
			o.cluster_bytes = (uint32_t)cluster;
			break;
		default:
			return cli_usage("init", "bad option");
		}
	}
	if (!o.size_bytes)
		return cli_usage("init", "-s SIZE is required");
	if (optind != argc - 1)
		return cli_usage("init", "one DELTA_FILE expected");
	cli_ctx_init(&ctx, stderr);
	return ploop_disk_create(argv[optind], &o, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}

int cmd_delete(int argc, char **argv)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("delete", "one DiskDescriptor.xml expected");
	if (cli_disk_dir(argv[1], dir, sizeof dir))
		return EXIT_ERROR;
	cli_ctx_init(&ctx, stderr);
	return ploop_disk_delete(dir, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}
