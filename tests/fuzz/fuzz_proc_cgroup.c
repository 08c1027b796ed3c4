/*
 * libFuzzer target: /proc/PID/cgroup of a container's init, whose
 * sub-cgroup names the container chooses (lib/ct/proc_cgroup.c).
 * Invariants: an accepted path is NUL-terminated within its buffer, lies
 * within the container's cgroup, and has no "..", no empty component and
 * no control byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ct/proc_cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512];
	const char *why = NULL, *c;
	size_t n;

	if (proc_cgroup_parse((const char *)data, size, "/vz/101", path, sizeof path, &why) < 0) {
		check(why != NULL);
		return 0;
	}
	n = strnlen(path, sizeof path);
	check(n < sizeof path);
	check(!strncmp(path, "/vz/101", 7) && (path[7] == 0 || path[7] == '/'));
	check(!strstr(path, "/../") && !strstr(path, "//") && !strstr(path, "/./"));
	check(n < 3 || strcmp(path + n - 3, "/.."));
	for (c = path; *c; c++)
		check((unsigned char)*c >= 0x20 && *c != 0x7f);
	return 0;
}
