#ifndef VZHOST_INIT_CONTROL_REPLY_H
#define VZHOST_INIT_CONTROL_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "services.h"

/* Sends one reply message without blocking (a stalled peer loses it). */
void control_send(int fd, const char *text);
/* Executes the request in req and sends the reply on fd. */
void control_reply(int fd, const char *req, size_t len, struct services *s, int64_t now);

#endif
