#ifndef VZHOST_WEB_SECRET_H
#define VZHOST_WEB_SECRET_H

#include <stddef.h>

/* Random secrets and their handling: session ids, CSRF and API tokens. */

/* n bytes from getrandom(2): 0, or -1 with errno. */
int secret_random(void *buf, size_t n);
/* 1 if the n bytes at a and b are equal, in time independent of where they differ. */
int secret_equal(const void *a, const void *b, size_t n);
/* n bytes as 2n lowercase hex digits and a NUL. */
void secret_hex(const unsigned char *in, size_t n, char *out);
/* Exactly 2n lowercase hex digits (then the end of s) into n bytes: 0, or -1. */
int secret_unhex(const char *s, unsigned char *out, size_t n);
/* Overwrites n bytes in a way the compiler keeps. */
void secret_wipe(void *buf, size_t n);

#endif
