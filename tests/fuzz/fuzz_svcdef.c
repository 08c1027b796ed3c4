/* libFuzzer target: the service definition parser and argv expansion. */
#include <stddef.h>
#include <stdint.h>

#include "node/svcdef.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const vars[SVC_VAR_COUNT] = { "eth0", "ttyS0", "115200", "512" };
	char buf[SVC_CMD_MAX * 2], *argv[SVC_ARGV_MAX + 1];
	struct svcdef def;

	if (svcdef_parse((const char *)data, size, "fuzz", &def, NULL) == 0)
		svcdef_argv(&def, vars, buf, sizeof buf, argv);
	return 0;
}
