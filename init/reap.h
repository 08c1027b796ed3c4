#ifndef VZHOST_INIT_REAP_H
#define VZHOST_INIT_REAP_H

#include <stdint.h>

#include "services.h"

/*
 * Reaps every child that has exited (services and orphans alike); services
 * react to their own exits. Returns 1 while children remain, 0 when there
 * are none left (ECHILD).
 */
int reap_all(struct services *s, int64_t now);

#endif
