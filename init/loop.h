#ifndef VZHOST_INIT_LOOP_H
#define VZHOST_INIT_LOOP_H

#include "services.h"

/*
 * init's main loop: one poll over a signalfd (all signals stay blocked),
 * the control socket and the services' output pipes, with the next timer
 * as timeout. Reaps every child, runs the shutdown sequence on request.
 * Never returns.
 */
void loop_run(struct services *s) __attribute__((noreturn));

#endif
