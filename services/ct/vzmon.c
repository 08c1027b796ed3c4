/*
 * vzmon CTID GEN: the monitor of one running container
 * (docs/containers-design.md). Started by vzctl start, under the
 * container's lock, with the instance's generation GEN and with fd 3 a
 * socket on which it first gets the container's console (lib/ct/start.c)
 * and then reports "ok" once the container's init runs, or the cause of
 * the failure.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/exit.h"
#include "ct/ct.h"
#include "ct/trace.h"
#include "conf/vzvalue.h"

int main(int argc, char **argv)
{
	struct ct ct;
	unsigned ctid;
	uint64_t gen;

	if (argc != 3 || vzvalue_ctid(argv[1], &ctid) ||
	    vzvalue_decimal(argv[2], UINT64_MAX, &gen)) {
		fprintf(stderr, "usage: vzmon CTID GEN (started by vzctl start)\n");
		return EXIT_USAGE;
	}
	ct_trace("vzmon: main");
	fcntl(3, F_SETFD, FD_CLOEXEC);	/* the container must not hold vzctl's pipe */
	if (ct_open(&ct, ctid, 0) < 0 || ct_monitor_run(&ct, 3, gen) < 0) {
		if (write(3, ct.error, strlen(ct.error)) < 0)
			fprintf(stderr, "vzmon: %s\n", ct.error);
		return 1;
	}
	return 0;
}
