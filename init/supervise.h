#ifndef VZHOST_INIT_SUPERVISE_H
#define VZHOST_INIT_SUPERVISE_H

#include <stdint.h>
#include <sys/types.h>

#include "services.h"

/*
 * Service life cycle. A running service that exits is restarted per its
 * restart= policy after the backoff delay; a crash loop leaves it failed
 * until an operator starts it again.
 */

void services_start_all(struct services *s, int64_t now);
/* 0, or -1 with a reason for the operator in why. */
int service_start(struct services *s, struct service *svc, int64_t now, const char **why);
int service_stop(struct service *svc, int64_t now, const char **why);
int service_restart(struct services *s, struct service *svc, int64_t now, const char **why);
/* A child was reaped: the service it belonged to (if any) reacts. */
void services_child_exited(struct services *s, pid_t pid, int status, int64_t now);
/* Due restarts and stop timeouts. */
void services_tick(struct services *s, int64_t now);
/* The next time services_tick has work, or -1 for none. */
int64_t services_next_deadline(const struct services *s);

#endif
