#ifndef VZHOST_INET4_H
#define VZHOST_INET4_H

#include <stdint.h>

/*
 * Strict IPv4 text forms. Addresses are in host byte order. Parts are
 * decimal 0-255 without leading zeros (no octal surprises).
 */

#define INET4_LIST_MAX 3
#define INET4_TEXT_MAX 16

/* Each parser: NULL on success, else why s is not that form. */
const char *inet4_parse(const char *s, uint32_t *addr);
/* "A.B.C.D/PREFIX" with PREFIX 1-32. */
const char *inet4_parse_cidr(const char *s, uint32_t *addr, unsigned *prefix);
/* Up to INET4_LIST_MAX addresses separated by commas and/or blanks. */
const char *inet4_parse_list(const char *s, uint32_t *out, unsigned *n);
void inet4_format(uint32_t addr, char out[INET4_TEXT_MAX]);
uint32_t inet4_netmask(unsigned prefix);

#endif
