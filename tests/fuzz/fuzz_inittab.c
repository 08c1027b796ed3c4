/*
 * libFuzzer target: the inittab parser start --wait runs on a container's
 * /etc/inittab (lib/ct/inittab.h). Any bytes: at most INITTAB_CMDS_MAX
 * commands, each a non-empty word within INITTAB_CMD_MAX, never blank or
 * holding a newline, and the same answer twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct/inittab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct inittab_cmds a, b;
	unsigned i;
	size_t n;

	if (size > INITTAB_MAX)
		return 0;
	inittab_boot_cmds((const char *)data, size, &a);
	if (a.n > INITTAB_CMDS_MAX)
		abort();
	for (i = 0; i < a.n; i++) {
		n = strnlen(a.cmd[i], INITTAB_CMD_MAX);
		if (!n || n == INITTAB_CMD_MAX || strpbrk(a.cmd[i], " \t\n"))
			abort();
	}
	inittab_boot_cmds((const char *)data, size, &b);
	if (a.n != b.n)
		abort();
	for (i = 0; i < a.n; i++)
		if (strcmp(a.cmd[i], b.cmd[i]))
			abort();
	return 0;
}
