#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blkdev.h"
#include "datadisk.h"
#include "format.h"
#include "base/log.h"
#include "base/monotime.h"
#include "seed.h"
#include "storage.h"

static struct blkdev devices[BLKDEV_SCAN_MAX];

/* Scans until the data disk label (or want, a device path) shows up or wait_s passed. */
static size_t devices_scan_wait(unsigned wait_s, const char *want)
{
	int64_t deadline = monotime_ms() + (int64_t)wait_s * 1000;
	struct timespec tick = { 0, 250000000L };
	size_t n;

	for (;;) {
		n = blkdev_scan(devices, BLKDEV_SCAN_MAX);
		if (blkdev_by_label(devices, n, CONFIG_DATA_LABEL) || (want && !access(want, F_OK)))
			return n;
		if (monotime_ms() >= deadline)
			return n;
		if (wait_s)
			log_info("waiting up to %us for the data disk (label %s)", wait_s,
				 CONFIG_DATA_LABEL);
		wait_s = 0;
		nanosleep(&tick, NULL);
	}
}

static void storage_seed(struct storage *st, size_t n)
{
	const struct blkdev *seed = blkdev_by_label(devices, n, CONFIG_SEED_LABEL);

	if (!seed) {
		log_info("seed: no filesystem labelled %s", CONFIG_SEED_LABEL);
		return;
	}
	if (seed_read(seed, &st->seed) == 0) {
		st->seed_found = 1;
		strcpy(st->seed_dev, seed->path);
	}
}

/* The data disk device path, or NULL; may format an empty disk first. */
static const char *storage_pick_data(struct storage *st, const struct bootopt *opt, size_t n)
{
	const char *origin = "vzhost.format", *format = NULL;
	const struct blkdev *found;

	if (opt->node.set & NS_FORMAT)
		format = opt->node.format;
	else if (st->seed_found && (st->seed.node.set & NS_FORMAT)) {
		format = st->seed.node.format;
		origin = "DATA_FORMAT";
	}
	if (opt->set & BOOTOPT_DATA)
		found = NULL;
	else
		found = blkdev_by_label(devices, n, CONFIG_DATA_LABEL);
	if (format && (found || (opt->set & BOOTOPT_DATA)) &&
	    strcmp(format, found ? found->path : opt->data)) {
		log_error("%s=%s: data disk %s is already present; not formatting", origin, format,
			  found ? found->path : opt->data);
		format = NULL;
	}
	if (format && format_if_empty(format, origin) == 0)
		return format;
	if (opt->set & BOOTOPT_DATA)
		return opt->data;
	return found ? found->path : NULL;
}

void storage_setup(struct storage *st, const struct bootopt *opt)
{
	unsigned wait_s = opt->set & BOOTOPT_DATAWAIT ? opt->datawait : CONFIG_DATA_WAIT_SECONDS;
	const char *want = opt->set & BOOTOPT_DATA ? opt->data :
			   opt->node.set & NS_FORMAT ? opt->node.format : NULL;
	const char *data;
	size_t n;

	memset(st, 0, sizeof *st);
	n = devices_scan_wait(opt->ramonly ? 0 : wait_s, want);
	storage_seed(st, n);
	if (opt->ramonly) {
		datadisk_ramonly("vzhost.ramonly=1: data disks are ignored");
		return;
	}
	data = storage_pick_data(st, opt, n);
	if (!data) {
		datadisk_ramonly("no filesystem labelled " CONFIG_DATA_LABEL " was found");
		return;
	}
	if (datadisk_mount(data, &st->data_readonly) < 0) {
		datadisk_ramonly("the data disk could not be mounted");
		return;
	}
	st->data_mounted = 1;
	strcpy(st->data_dev, data);
}
