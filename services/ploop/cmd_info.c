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

static int print_json(const char *dir, const struct ploop_disk_info *in)
{
	char dd[PLOOP_DISK_PATH_MAX + 32];
	struct json j;
	unsigned i;

	snprintf(dd, sizeof dd, "%s/%s", dir, PLOOP_DD_NAME);
	json_init(&j, stdout);
	json_object_begin(&j);
	json_kv_string(&j, "descriptor", dd);
	json_kv_uint(&j, "size", in->size_bytes);
	json_kv_uint(&j, "cluster", in->cluster_bytes);
	json_key(&j, "version");
	json_int(&j, in->version);
	json_kv_string(&j, "kind", kinds[in->kind]);
	json_kv_uint(&j, "image_bytes", in->image_bytes);
	json_kv_bool(&j, "in_use", in->in_use);
	json_kv_bool(&j, "mounted", in->mounted);
	json_key(&j, "device");
	if (in->mounted)
		json_string(&j, in->dev.path);
	else
		json_null(&j);
	json_key(&j, "mount_point");
	if (in->mounted && in->dev.mnt[0]) {
		json_string(&j, in->dev.mnt);
		json_key(&j, "fs");
		json_object_begin(&j);
		json_kv_uint(&j, "total", in->fs_total);
		json_kv_uint(&j, "used", in->fs_used);
		json_kv_uint(&j, "free", in->fs_free);
		json_kv_uint(&j, "inodes", in->fs_inodes);
		json_kv_uint(&j, "inodes_free", in->fs_inodes_free);
		json_object_end(&j);
	} else {
		json_null(&j);
		json_key(&j, "fs");
		json_null(&j);
	}
	json_key(&j, "deltas");
	json_array_begin(&j, JSON_INLINE);
	for (i = 0; i < in->dd.count; i++) {
		json_object_begin(&j);
		json_kv_string(&j, "guid", in->dd.deltas[i].guid);
		json_kv_string(&j, "file", in->dd.deltas[i].file);
		json_kv_bool(&j, "temporary", in->dd.deltas[i].temporary);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	return cli_json_finish(&j);
}

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' }, { 0 } };
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_info in;
	struct ploop_disk_ctx ctx;
	int c, r, json = 0;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'j')
			return cli_usage("info", "bad option");
		json = 1;
	}
	r = cli_disk_arg(argc, argv, "info", dir, sizeof dir);
	if (r)
		return r;
	cli_ctx_init(&ctx, stderr);
	if (ploop_disk_info(dir, &in, &ctx))
		return cli_fail(&ctx);
	if (json)
		return print_json(dir, &in);
	print_text(dir, &in);
	return EXIT_OK;
}
