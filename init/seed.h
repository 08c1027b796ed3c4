#ifndef VZHOST_INIT_SEED_H
#define VZHOST_INIT_SEED_H

#include "blkdev.h"
#include "node/nodeconf.h"

/*
 * Mounts the seed read-only at SEED_MOUNT_DIR, parses its vzhost.conf
 * (at most CONF_FILE_MAX bytes) into cfg and unmounts it. 0, or -1 with
 * the cause logged.
 */
int seed_read(const struct blkdev *dev, struct nodeconf *cfg);

#endif
