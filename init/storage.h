#ifndef VZHOST_INIT_STORAGE_H
#define VZHOST_INIT_STORAGE_H

#include "bootopt.h"
#include "node/devpath.h"
#include "node/nodeconf.h"

/*
 * Disks at boot: the seed (label CONFIG_SEED_LABEL) is read into memory;
 * the data disk (label CONFIG_DATA_LABEL, or vzhost.data=DEVICE, or an
 * empty disk named by vzhost.format / DATA_FORMAT, formatted first) is
 * checked and mounted at /vz. Without one, the node runs from RAM.
 */
struct storage {
	int data_mounted;
	int data_readonly;
	char data_dev[DEVPATH_MAX];
	int seed_found;
	char seed_dev[DEVPATH_MAX];
	struct nodeconf seed;
};

void storage_setup(struct storage *st, const struct bootopt *opt);

#endif
