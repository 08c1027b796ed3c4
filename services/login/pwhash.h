#ifndef VZHOST_INIT_PWHASH_H
#define VZHOST_INIT_PWHASH_H

#include <stddef.h>

/* SHA-512 crypt ("$6$" + 16 random salt characters) of password into out. */
int pwhash_sha512(const char *password, char *out, size_t size);

#endif
