/*
 * vzmon CTID: the monitor of one running container (docs/containers-design.md).
 * Started by vzctl start with fd 3 a socket on which it first gets the
 * container's console (lib/ct/start.c) and then reports "ok" once the
 * container's init runs, or the cause of the failure.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct/ct.h"
#include "ct/trace.h"
#include "conf/vzvalue.h"

int main(int argc, char **argv)
{
	struct ct ct;
	unsigned ctid;
	const char *why;

	if (argc != 2 || (why = vzvalue_ctid(argv[1], &ctid))) {
		fprintf(stderr, "usage: vzmon CTID (started by vzctl start)\n");
		return 100;
	}
	ct_trace("vzmon: main");
	fcntl(3, F_SETFD, FD_CLOEXEC);	/* the container must not hold vzctl's pipe */
	if (ct_open(&ct, ctid) < 0 || ct_monitor_run(&ct, 3) < 0) {
		if (write(3, ct.error, strlen(ct.error)) < 0)
			fprintf(stderr, "vzmon: %s\n", ct.error);
		return 1;
	}
	return 0;
}
