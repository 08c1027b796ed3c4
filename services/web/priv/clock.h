#ifndef VZHOST_WEB_CLOCK_H
#define VZHOST_WEB_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds since boot (CLOCK_BOOTTIME): sessions, limits, deadlines. */
int64_t clock_boot_ms(void);
/* Unix time in milliseconds: what the API shows and the audit log keeps. */
int64_t clock_unix_ms(void);
/* Unix seconds as "2026-12-07T07:39:53Z" into out (21 bytes). */
void clock_iso(int64_t unix_s, char out[21]);

#endif
