/*
 * libFuzzer target: DiskDescriptor.xml parsing. Whatever parses must format,
 * parse again to the same model and format to the same text; the bookkeeping
 * edits on it must keep it valid; and every delta it names must be a plain
 * file name in the disk directory (no '/', no leading '.', so no "..", no
 * absolute path, no hidden scratch or lock file), the first line of defence
 * before openat2 refuses the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "ploop/dd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char text[1 << 18], again[1 << 18];

static void check_names(const struct ploop_dd *dd)
{
	unsigned i;

	for (i = 0; i < dd->count; i++)
		if (!dd->deltas[i].file[0] || strchr(dd->deltas[i].file, '/') ||
		    dd->deltas[i].file[0] == '.')
			abort();
}

static void check_edits(struct ploop_dd *dd)
{
	char dropped[PLOOP_DD_FILE_MAX + 1];

	if (!ploop_dd_add_snapshot(dd, "{11111111-2222-4333-8444-555555555555}", NULL, 1) &&
	    ploop_dd_validate(dd, NULL, 0))
		abort();
	if (dd->count > 1 && (ploop_dd_remove(dd, dd->deltas[0].guid, dropped, sizeof dropped) ||
			      ploop_dd_validate(dd, NULL, 0)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ploop_dd dd, dd2;
	char why[256];
	int n, m;

	if (ploop_dd_parse((const char *)data, size, &dd, why, sizeof why))
		return 0;
	check_names(&dd);
	n = ploop_dd_format(&dd, text, sizeof text);
	if (n < 0 || (size_t)n >= sizeof text)
		abort();
	if (ploop_dd_parse(text, (size_t)n, &dd2, why, sizeof why) || memcmp(&dd, &dd2, sizeof dd))
		abort();
	m = ploop_dd_format(&dd2, again, sizeof again);
	if (m != n || memcmp(text, again, (size_t)n))
		abort();
	check_edits(&dd);
	return 0;
}
