#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int copy_in(const char *from, const char *dir, const char *name)
{
	char path[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	int fd = strcmp(from, "-") ? open(from, O_RDONLY | O_CLOEXEC) : 0, r;

	if (fd < 0) {
		fprintf(stderr, "ploop: %s: %s\n", from, strerror(errno));
		return EXIT_ERROR;
	}
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return cli_usage("copy", "path too long");
	cli_ctx_init(&ctx, stderr);
	r = ploop_disk_copy_in(fd, path, &ctx);
	if (fd)
		close(fd);
	return r ? cli_fail(&ctx) : EXIT_OK;
}

static int copy_out(const char *arg, const char *since, const char *to)
{
	char dir[PLOOP_DISK_PATH_MAX];
	struct ploop_disk_ctx ctx;
	int fd = 1, r;

	if (cli_disk_dir(arg, dir, sizeof dir))
		return EXIT_ERROR;
	if (to && (fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		fprintf(stderr, "ploop: %s: %s\n", to, strerror(errno));
		return EXIT_ERROR;
	}
	if (!to && isatty(1))
		return cli_usage("copy", "refusing to write an image to a terminal; use -o FILE");
	cli_ctx_init(&ctx, stderr);
	r = ploop_disk_copy_out(dir, since, fd, &ctx);
	if (to) {
		if (!r && fsync(fd) < 0)
			r = ploop_disk_fail(&ctx, -errno, to, "%s", strerror(errno));
		close(fd);
		if (r)
			unlink(to);
	}
	return r ? cli_fail(&ctx) : EXIT_OK;
}

int cmd_copy(int argc, char **argv)
{
	const char *since = NULL, *to = NULL, *from = NULL, *dir = NULL, *name = "root.hds";
	int c;

	while ((c = getopt(argc, argv, "s:o:i:d:n:")) != -1) {
		switch (c) {
		case 's':
			if (!ploop_guid_valid(optarg))
				return cli_usage("copy", "-s wants a snapshot GUID");
			since = optarg;
			break;
		case 'o': to = optarg; break;
		case 'i': from = optarg; break;
		case 'd': dir = optarg; break;
		case 'n': name = optarg; break;
		default:
			return cli_usage("copy", "bad option");
		}
	}
	if (from || dir) {
		if (!from || !dir || since || to || optind != argc)
			return cli_usage("copy", "restore is: copy -i FILE|- -d DIR [-n NAME]");
		return copy_in(from, dir, name);
	}
	if (optind != argc - 1)
		return cli_usage("copy", "one DiskDescriptor.xml expected");
	return copy_out(argv[optind], since, to);
}
