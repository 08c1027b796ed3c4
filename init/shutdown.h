#ifndef VZHOST_INIT_SHUTDOWN_H
#define VZHOST_INIT_SHUTDOWN_H

#include "services.h"

/*
 * Orderly shutdown (busybox reboot = SIGTERM, poweroff = SIGUSR2,
 * halt = SIGUSR1, ctrl-alt-del = SIGINT): shutdown hooks (containers),
 * services in reverse start order, TERM+CONT to all, grace period, KILL
 * to all, sync, unmount /vz read-only-or-gone, sync, reboot(2).
 */

enum shutdown_kind {
	SHUTDOWN_REBOOT,
	SHUTDOWN_POWEROFF,
	SHUTDOWN_HALT,
};

void shutdown_run(struct services *s, enum shutdown_kind kind, int signo)
	__attribute__((noreturn));

#endif
