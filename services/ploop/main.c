#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: ploop COMMAND [options] ...\n"
	"  init -s SIZE [-f expanded|preallocated|raw] [-t ext4|none] [-v 1|2] [-b CLUSTER] DELTA_FILE\n"
	"  mount [-r] [-m DIR] DiskDescriptor.xml\n"
	"  umount [-m DIR | -d DEV | DiskDescriptor.xml]\n"
	"  list [--json]\n"
	"  info [--json] DiskDescriptor.xml\n"
	"  check [-F] [-r] [-s] DELTA_FILE|DiskDescriptor.xml\n"
	"  snapshot [-u GUID] DiskDescriptor.xml\n"
	"  snapshot-list [--json] DiskDescriptor.xml\n"
	"  snapshot-delete -u GUID DiskDescriptor.xml\n"
	"  snapshot-merge [-u GUID] DiskDescriptor.xml\n"
	"  snapshot-switch [-F] -u GUID DiskDescriptor.xml\n"
	"  resize -s SIZE DiskDescriptor.xml\n"
	"  compact DiskDescriptor.xml\n"
	"  convert [-f expanded|preallocated|raw] [-v 1|2] DiskDescriptor.xml\n"
	"  copy [-s GUID] [-o FILE] DiskDescriptor.xml\n"
	"  copy -i FILE|- -d DIR [-n NAME]\n"
	"  delete DiskDescriptor.xml\n"
	"exit: 0 ok, 1 check findings remain, 100 usage, 111 failed (one line on stderr says why)\n";

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "init", cmd_init }, { "mount", cmd_mount }, { "umount", cmd_umount },
	{ "list", cmd_list }, { "info", cmd_info }, { "check", cmd_check },
	{ "snapshot", cmd_snapshot }, { "snapshot-list", cmd_snapshot_list },
	{ "snapshot-delete", cmd_snapshot_delete }, { "snapshot-merge", cmd_snapshot_merge },
	{ "snapshot-switch", cmd_snapshot_switch }, { "resize", cmd_resize },
	{ "grow", cmd_resize }, { "compact", cmd_compact }, { "convert", cmd_convert },
	{ "copy", cmd_copy }, { "delete", cmd_delete },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	return cli_usage(argv[1], "unknown command");
}
