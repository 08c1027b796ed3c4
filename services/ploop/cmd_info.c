#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static const char *const kinds[] = { "expanded", "preallocated", "raw" };

static void print_text(const char *dir, const struct ploop_disk_info *in)
{
	unsigned i;

	printf("descriptor: %s/%s\n", dir, PLOOP_DD_NAME);
	printf("size: %" PRIu64 "\n", in->size_bytes);
	printf("cluster: %" PRIu32 "\n", in->cluster_bytes);
	printf("format: v%d %s\n", in->version, kinds[in->kind]);
	printf("image_bytes: %" PRIu64 "\n", in->image_bytes);
	printf("in_use: %s\n", in->in_use ? "yes" : "no");
	printf("device: %s\n", in->mounted ? in->dev.path : "-");
	printf("mount_point: %s\n", in->mounted && in->dev.mnt[0] ? in->dev.mnt : "-");
	if (in->mounted && in->dev.mnt[0])
		printf("fs: %" PRIu64 " total, %" PRIu64 " used, %" PRIu64 " free, inodes %" PRIu64
		       " total, %" PRIu64 " free\n", in->fs_total, in->fs_used, in->fs_free,
		       in->fs_inodes, in->fs_inodes_free);
	for (i = 0; i < in->dd.count; i++)
		printf("delta %u: %s %s%s%s\n", i, in->dd.deltas[i].guid, in->dd.deltas[i].file,
		       i == in->dd.count - 1 ? " (top)" : "",
		       in->dd.deltas[i].temporary ? " (temporary)" : "");
}

static void print_json(const char *dir, const struct ploop_disk_info *in)
{
	char dd[PLOOP_DISK_PATH_MAX + 32];
	unsigned i;

	snprintf(dd, sizeof dd, "%s/%s", dir, PLOOP_DD_NAME);
	printf("{\"descriptor\": ");
	cli_json_str(stdout, dd);
	printf(", \"size\": %" PRIu64 ", \"cluster\": %" PRIu32 ", \"version\": %d, \"kind\": \"%s\""
	       ", \"image_bytes\": %" PRIu64 ", \"in_use\": %s, \"mounted\": %s",
	       in->size_bytes, in->cluster_bytes, in->version, kinds[in->kind], in->image_bytes,
	       in->in_use ? "true" : "false", in->mounted ? "true" : "false");
	printf(", \"device\": ");
	if (in->mounted)
		cli_json_str(stdout, in->dev.path);
	else
		printf("null");
	printf(", \"mount_point\": ");
	if (in->mounted && in->dev.mnt[0]) {
		cli_json_str(stdout, in->dev.mnt);
		printf(", \"fs\": {\"total\": %" PRIu64 ", \"used\": %" PRIu64 ", \"free\": %" PRIu64
		       ", \"inodes\": %" PRIu64 ", \"inodes_free\": %" PRIu64 "}",
		       in->fs_total, in->fs_used, in->fs_free, in->fs_inodes, in->fs_inodes_free);
	} else {
		printf("null, \"fs\": null");
	}
	printf(", \"deltas\": [");
	for (i = 0; i < in->dd.count; i++) {
		printf("%s{\"guid\": ", i ? ", " : "");
		cli_json_str(stdout, in->dd.deltas[i].guid);
		printf(", \"file\": ");
		cli_json_str(stdout, in->dd.deltas[i].file);
		printf(", \"temporary\": %s}", in->dd.deltas[i].temporary ? "true" : "false");
	}
	printf("]}\n");
}

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' }, { 0 } };
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_info in;
	struct ploop_disk_ctx ctx;
	int c, json = 0;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'j')
			return cli_usage("info", "bad option");
		json = 1;
	}
	if (optind != argc - 1)
		return cli_usage("info", "one DiskDescriptor.xml expected");
	if (cli_disk_dir(argv[optind], dir, sizeof dir))
		return EXIT_FAIL;
	cli_ctx_init(&ctx, stderr);
	if (ploop_disk_info(dir, &in, &ctx))
		return cli_fail(&ctx);
	if (json)
		print_json(dir, &in);
	else
		print_text(dir, &in);
	return EXIT_OK;
}
