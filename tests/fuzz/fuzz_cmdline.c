/* libFuzzer target: the kernel command line parser (vzhost.* keys). */
#include <stddef.h>
#include <stdint.h>

#include "../../init/bootopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootopt opt = { 0 };

	bootopt_parse((const char *)data, size, &opt, NULL);
	return 0;
}
