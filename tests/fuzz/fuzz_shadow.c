/*
 * libFuzzer target: /etc/shadow text (the data disk's /vz/etc/shadow can
 * hold anything). Invariants: after setting root's hash, root's field reads
 * back as that hash; setting it again changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node/shadow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char text[SHADOW_FILE_MAX], out[SHADOW_OUT_MAX], again[SHADOW_OUT_MAX];
	static const char hash[] = "$6$salt$hash";
	const char *field;
	size_t len;
	int n, m;

	if (size >= sizeof text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	shadow_text_hash(text, "root", &len);
	n = shadow_text_set(text, "root", hash, "19000", out, sizeof out);
	if (n < 0)
		return 0;
	check((size_t)n < sizeof out && strlen(out) == (size_t)n);
	field = shadow_text_hash(out, "root", &len);
	check(field && len == strlen(hash) && !memcmp(field, hash, len));
	m = shadow_text_set(out, "root", hash, "19000", again, sizeof again);
	check(m == n && !memcmp(out, again, (size_t)n));
	return 0;
}
