#include <string.h>

#include "node/zramsize.h"

const char *zram_percent_parse(const char *v, unsigned *pct)
{
	unsigned n = 0;
	size_t len = strlen(v);

	if (!len || len > 3)
		goto bad;
	for (; *v; v++) {
		if (*v < '0' || *v > '9')
			goto bad;
		n = n * 10 + (unsigned)(*v - '0');
	}
	if (n > ZRAM_PERCENT_MAX)
		goto bad;
	*pct = n;
	return NULL;
bad:
	return "expected a percentage of RAM 0-200 (0: no zram swap)";
}

uint64_t zram_size_bytes(uint64_t ram, unsigned pct, uint64_t page)
{
	uint64_t size = ram / 100 * pct + ram % 100 * pct / 100;

	return page ? size - size % page : size;
}
