#include <getopt.h>
#include <string.h>

#include "cli.h"

/* Options -u GUID (and -F where allowed), then one DiskDescriptor.xml. */
static int parse(int argc, char **argv, const char *cmd, const char **guid, int *force,
		 char *dir, size_t len)
{
	int c;

	*guid = NULL;
	while ((c = getopt(argc, argv, force ? "u:F" : "u:")) != -1) {
		if (c == 'u' && ploop_guid_valid(optarg))
			*guid = optarg;
		else if (c == 'u')
			return cli_usage(cmd, "-u wants a GUID like {01234567-89ab-cdef-0123-456789abcdef}");
		else if (c == 'F' && force)
			*force = 1;
		else
			return cli_usage(cmd, "bad option");
	}
	return cli_disk_arg(argc, argv, cmd, dir, len);
}

int cmd_snapshot(int argc, char **argv)
{
	char dir[PLOOP_DISK_PATH_MAX], guid[PLOOP_GUID_LEN + 1];
	struct ploop_disk_ctx ctx;
	const char *want;
	int r = parse(argc, argv, "snapshot", &want, NULL, dir, sizeof dir);

	if (r)
		return r;
	cli_ctx_init(&ctx, stderr);
	if (ploop_disk_snapshot(dir, want, 0, guid, &ctx))
		return cli_fail(&ctx);
	printf("%s\n", guid);
	return EXIT_OK;
}

typedef int snapshot_op_fn(const char *dir, const char *guid, struct ploop_disk_ctx *ctx);

/* A snapshot command taking -u GUID (required or not) and one DiskDescriptor.xml. */
static int snapshot_op(int argc, char **argv, const char *cmd, int need_guid, snapshot_op_fn *op)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	const char *guid;
	int r = parse(argc, argv, cmd, &guid, NULL, dir, sizeof dir);

	if (r)
		return r;
	if (need_guid && !guid)
		return cli_usage(cmd, "-u GUID is required");
	cli_ctx_init(&ctx, stderr);
	return op(dir, guid, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}

int cmd_snapshot_delete(int argc, char **argv)
{
	return snapshot_op(argc, argv, "snapshot-delete", 1, ploop_disk_snapshot_delete);
}

int cmd_snapshot_merge(int argc, char **argv)
{
	return snapshot_op(argc, argv, "snapshot-merge", 0, ploop_disk_snapshot_merge);
}

int cmd_snapshot_switch(int argc, char **argv)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	const char *guid;
	int force = 0, r = parse(argc, argv, "snapshot-switch", &guid, &force, dir, sizeof dir);

	if (r)
		return r;
	if (!guid)
		return cli_usage("snapshot-switch", "-u GUID is required");
	cli_ctx_init(&ctx, stderr);
	return ploop_disk_snapshot_switch(dir, guid, force, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}

static int print_json(const struct ploop_dd *dd)
{
	struct json j;
	unsigned i;

	json_init(&j, stdout);
	json_array_begin(&j, JSON_LINES);
	for (i = 0; i < dd->count; i++) {
		json_object_begin(&j);
		json_kv_string(&j, "guid", dd->deltas[i].guid);
		json_kv_string(&j, "parent", dd->deltas[i].parent);
		json_kv_string(&j, "file", dd->deltas[i].file);
		json_kv_bool(&j, "current", i == dd->count - 1);
		json_kv_bool(&j, "temporary", dd->deltas[i].temporary);
		json_object_end(&j);
	}
	json_array_end(&j);
	return cli_json_finish(&j);
}

int cmd_snapshot_list(int argc, char **argv)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' }, { 0 } };
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	const struct ploop_dd_delta *d;
	struct ploop_dd dd;
	unsigned i;
	int c, r, json = 0;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'j')
			return cli_usage("snapshot-list", "bad option");
		json = 1;
	}
	r = cli_disk_arg(argc, argv, "snapshot-list", dir, sizeof dir);
	if (r)
		return r;
	cli_ctx_init(&ctx, stderr);
	if (ploop_disk_load(dir, &dd, &ctx))
		return cli_fail(&ctx);
	if (json)
		return print_json(&dd);
	for (i = 0; i < dd.count; i++) {
		d = &dd.deltas[i];
		printf("%s %s %s%s%s\n", d->parent, d->guid, d->file,
		       i == dd.count - 1 ? " current" : "", d->temporary ? " temporary" : "");
	}
	return EXIT_OK;
}
