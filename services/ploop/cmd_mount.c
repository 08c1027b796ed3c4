#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cli.h"

int cmd_mount(int argc, char **argv)
{
	struct ploop_disk_mount_opts o = { 0 };
	char dir[PLOOP_DISK_PATH_MAX], mnt[PATH_MAX];
	struct ploop_disk_ctx ctx;
	struct ploop_disk_dev dev;
	int c, r;

	while ((c = getopt(argc, argv, "rm:")) != -1) {
		switch (c) {
		case 'r':
			o.read_only = 1;
			break;
		case 'm':
			if (!realpath(optarg, mnt))
				return cli_usage("mount", "-m: the mount point must exist");
			o.mount_point = mnt;
			break;
		default:
			return cli_usage("mount", "bad option");
		}
	}
	r = cli_disk_arg(argc, argv, "mount", dir, sizeof dir);
	if (r)
		return r;
	cli_ctx_init(&ctx, stderr);
	if (ploop_disk_mount(dir, &o, &dev, &ctx))
		return cli_fail(&ctx);
	printf("%s\n", dev.path);
	return EXIT_OK;
}

struct match {
	const char *mnt;		/* -m */
	const char *dev;		/* -d, a /dev path or its target */
	char dir[PLOOP_DISK_PATH_MAX];
};

static int same_device(const char *a, const struct ploop_disk_dev *d)
{
	struct stat st;

	if (!strcmp(a, d->path) || !strcmp(a, d->name))
		return 1;
	return !stat(a, &st) && S_ISBLK(st.st_mode) && major(st.st_rdev) == d->major &&
	       minor(st.st_rdev) == d->minor;
}

static int match_one(const struct ploop_disk_dev *d, void *arg)
{
	struct match *m = arg;

	if ((m->mnt && !strcmp(m->mnt, d->mnt)) || (m->dev && same_device(m->dev, d))) {
		snprintf(m->dir, sizeof m->dir, "%s", d->dir);
		return 1;
	}
	return 0;
}

int cmd_umount(int argc, char **argv)
{
	struct match m = { 0 };
	char mnt[PATH_MAX];
	struct ploop_disk_ctx ctx;
	int c;

	while ((c = getopt(argc, argv, "m:d:")) != -1) {
		switch (c) {
		case 'm':
			m.mnt = realpath(optarg, mnt) ? mnt : optarg;
			break;
		case 'd':
			m.dev = optarg;
			break;
		default:
			return cli_usage("umount", "bad option");
		}
	}
	if ((m.mnt || m.dev) == (optind < argc) || argc - optind > 1)
		return cli_usage("umount", "give one of -m DIR, -d DEV or DiskDescriptor.xml");
	if (optind < argc) {
		if (cli_disk_dir(argv[optind], m.dir, sizeof m.dir))
			return EXIT_ERROR;
	} else if (ploop_disk_list_devices(match_one, &m) <= 0) {
		fprintf(stderr, "ploop: %s: no ploop device %s\n", m.mnt ? m.mnt : m.dev,
			m.mnt ? "is mounted there" : "by that name");
		return EXIT_ERROR;
	}
	cli_ctx_init(&ctx, stderr);
	return ploop_disk_umount(m.dir, &ctx) ? cli_fail(&ctx) : EXIT_OK;
}

struct lister {
	struct json *json;	/* NULL: text */
};

static int list_one(const struct ploop_disk_dev *d, void *arg)
{
	struct lister *l = arg;
	char dd[PLOOP_DISK_PATH_MAX + 32];

	snprintf(dd, sizeof dd, "%s/%s", d->dir, PLOOP_DD_NAME);
	if (!l->json) {
		printf("%s\t%s\t%s\n", d->path, dd, d->mnt[0] ? d->mnt : "-");
		return 0;
	}
	json_object_begin(l->json);
	json_kv_string(l->json, "device", d->path);
	json_kv_string(l->json, "descriptor", dd);
	json_key(l->json, "mount_point");
	if (d->mnt[0])
		json_string(l->json, d->mnt);
	else
		json_null(l->json);
	json_kv_bool(l->json, "read_only", d->read_only);
	json_object_end(l->json);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' }, { 0 } };
	struct lister l = { NULL };
	struct json j;
	int c, r;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'j')
			return cli_usage("list", "bad option");
		l.json = &j;
	}
	if (optind != argc)
		return cli_usage("list", "no arguments expected");
	if (l.json) {
		json_init(&j, stdout);
		json_array_begin(&j, JSON_LINES);
	}
	r = ploop_disk_list_devices(list_one, &l);
	if (l.json)
		json_array_end(&j);
	if (r < 0) {
		fprintf(stderr, "ploop: device-mapper: %s\n", strerror(-r));
		return EXIT_ERROR;
	}
	return l.json ? cli_json_finish(&j) : EXIT_OK;
}
