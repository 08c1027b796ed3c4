#ifndef VZHOST_MONOTIME_H
#define VZHOST_MONOTIME_H

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC (never jumps with the wall clock). */
int64_t monotime_ms(void);

#endif
