#ifndef VZHOST_INIT_SVCEXEC_H
#define VZHOST_INIT_SVCEXEC_H

#include <sys/types.h>

#include "services.h"

/*
 * Starts svc's command: a child in its own session and cgroup
 * (/sys/fs/cgroup/system/NAME), running as svc's user, stdin on
 * /dev/null, stdout and stderr into a pipe whose read end is stored in
 * svc->out_fd. Returns the pid, or -1 with the cause logged.
 */
pid_t svcexec_spawn(struct service *svc, const char *const vars[SVC_VAR_COUNT]);

#endif
