#ifndef VZHOST_NODE_PWHASH_H
#define VZHOST_NODE_PWHASH_H

#include <stddef.h>

/* Passwords as SHA-512 crypt hashes (lib/node/sha512crypt.h). */

/* SHA-512 crypt ("$6$" + 16 random salt characters) of password into out. */
int pwhash_sha512(const char *password, char *out, size_t size);
/*
 * 1 if password is the one hash (a "$6$[rounds=N$]SALT$HASH" that
 * crypthash_check accepts) was made from, 0 if not, -1 (EINVAL) if hash
 * is malformed or the password longer than sha512crypt takes. The
 * comparison takes the same time wherever the hashes differ.
 */
int pwhash_verify(const char *password, const char *hash);

#endif
