#ifndef VZHOST_WEB_LOOP_H
#define VZHOST_WEB_LOOP_H

#include <stdint.h>

/*
 * priv's event loop: one epoll set, a callback per descriptor. A watch
 * removed while its batch of events is handled is skipped, never called
 * after its removal.
 */

typedef void loop_fn(void *arg, uint32_t events);

int loop_init(void);
/* Calls fn(arg, events) when fd is ready for events: 0, or -1 with errno. */
int loop_add(int fd, uint32_t events, loop_fn *fn, void *arg);
int loop_mod(int fd, uint32_t events);
void loop_del(int fd);
/* Runs until loop_stop; fn_tick after every batch. */
void loop_run(void (*fn_tick)(void));
void loop_stop(void);

#endif
