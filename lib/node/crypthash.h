#ifndef VZHOST_CRYPTHASH_H
#define VZHOST_CRYPTHASH_H

#define CRYPTHASH_MAX 128

/*
 * NULL if s is a SHA-512 crypt hash "$6$[rounds=N$]SALT$HASH" (salt 1-16,
 * hash 86 characters of [./0-9A-Za-z]), else why it is refused.
 */
const char *crypthash_check(const char *s);

#endif
