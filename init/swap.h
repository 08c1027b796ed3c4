#ifndef VZHOST_INIT_SWAP_H
#define VZHOST_INIT_SWAP_H

#include "node/nodesettings.h"

/*
 * The node's swap: a zram device of ns->zram_percent of RAM (0: none),
 * compressed with CONFIG_VSWAP_ZRAM_ALGORITHM, so containers' swap costs
 * no disk I/O. Problems are logged; the boot goes on without swap.
 */
void swap_setup(const struct node_settings *ns);

#endif
