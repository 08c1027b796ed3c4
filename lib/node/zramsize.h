#ifndef VZHOST_ZRAMSIZE_H
#define VZHOST_ZRAMSIZE_H

#include <stdint.h>

/*
 * The size of the node's compressed-RAM swap, as a percentage of RAM
 * (SWAP_ZRAM_PERCENT, vzhost.zram=, CONFIG_VSWAP_ZRAM_PERCENT). 0 turns
 * it off; more than 100 counts on compression.
 */

#define ZRAM_PERCENT_MAX 200

/* Parses a decimal 0-200 into *pct: NULL, or what is wrong with v. */
const char *zram_percent_parse(const char *v, unsigned *pct);

/* pct of ram bytes, rounded down to whole pages of page bytes. */
uint64_t zram_size_bytes(uint64_t ram, unsigned pct, uint64_t page);

#endif
