#ifndef VZHOST_VZSIZE_H
#define VZHOST_VZSIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sizes as vzctl reads them. A size is "unlimited", or DIGITS in the
 * value's own unit (bytes for --ram/--swap, 4 KiB pages for PHYSPAGES and
 * SWAPPAGES, KiB for DISKSPACE), or DIGITS[.DIGITS]SUFFIX where the suffix
 * (either case) is K, M, G, T (binary multiples of a byte) or P (pages);
 * at most 6 fractional digits; the result is rounded down to whole units.
 * OpenVZ's numeric unlimited, LONG_MAX (9223372036854775807), reads as
 * unlimited; nothing else may reach it. Parsers return NULL or the cause.
 */

#define VZ_UNLIMITED UINT64_MAX
#define VZ_PAGE_SIZE 4096
#define VZ_LONG_MAX 9223372036854775807ULL

enum vzsize_unit {
	VZSIZE_BYTES = 1,
	VZSIZE_KIB = 1024,
	VZSIZE_PAGES = VZ_PAGE_SIZE,
};

/* barrier:limit, as in PHYSPAGES="0:262144"; either may be VZ_UNLIMITED. */
struct vzpair {
	uint64_t barrier, limit;
};

#define VZSIZE_TEXT_MAX 48	/* the longest formatted pair, with the NUL */

const char *vzsize_parse(const char *s, enum vzsize_unit unit, uint64_t *out);
/* "BARRIER:LIMIT", or one size for both; the barrier may not exceed the limit. */
const char *vzsize_parse_pair(const char *s, enum vzsize_unit unit, struct vzpair *out);

/* vzctl set --ram: bytes (suffixes as above) to pages, at least one page. */
const char *vzsize_parse_ram(const char *s, uint64_t *pages);
/* vzctl set --swap: bytes to pages, 0 allowed. */
const char *vzsize_parse_swap(const char *s, uint64_t *pages);

/*
 * As vzctl set --save writes them: "262144", "unlimited", "0:262144".
 * Return the length, or -1 (ENOSPC).
 */
int vzsize_format(uint64_t v, char *buf, size_t size);
int vzsize_format_pair(const struct vzpair *p, char *buf, size_t size);
/* For vzlist: "1.5G", "256M", "4K", "100" (bytes), "unlimited"; one decimal, rounded down. */
int vzsize_format_human(uint64_t bytes, char *buf, size_t size);

#endif
