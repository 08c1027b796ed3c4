/* The priv <-> net messages of vzwebd (services/web/wire.c): whatever
   bytes net sends, priv's parser stays within them. */
#include <stddef.h>
#include <stdint.h>

#include "../../services/web/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_msg m;
	char s[256];
	uint64_t v;
	unsigned t;

	if (wire_parse(data, size, &m))
		return 0;
	for (t = 1; t < WF_TAG_END; t++) {
		wire_get_str(&m, t, s, sizeof s);
		wire_get_u64(&m, t, &v);
	}
	return 0;
}
