#ifndef VZHOST_INIT_TTY_H
#define VZHOST_INIT_TTY_H

#include <stddef.h>

/* Opens /dev/DEVICE as controlling terminal on fds 0-2, speed baud, cooked mode. */
int tty_open(const char *device, unsigned speed);
/* Writes s to the terminal. */
void tty_puts(const char *s);
/*
 * Prompts and reads one line with echo off into buf. 0, -1 at end of
 * input (ENODATA) or error, or -1 with E2BIG for a line that does not fit
 * (the rest of it is discarded).
 */
int tty_read_secret(const char *prompt, char *buf, size_t size);

#endif
