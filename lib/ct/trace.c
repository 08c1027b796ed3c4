#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "ct/trace.h"

/* Opened on the first step and kept: the container's setup inherits it
   through clone and still writes after pivot_root; exec closes it. */
static int trace_fd = -1;

void ct_trace(const char *step)
{
	const char *path = getenv("VZ_TRACE");
	struct timespec t;

	if (!path || path[0] != '/')
		return;
	if (trace_fd < 0)
		trace_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (trace_fd < 0 || clock_gettime(CLOCK_MONOTONIC, &t) < 0)
		return;
	dprintf(trace_fd, "vz_trace %lld %d %s\n",
		(long long)t.tv_sec * 1000000 + t.tv_nsec / 1000, (int)getpid(), step);
}
