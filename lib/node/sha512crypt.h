#ifndef VZHOST_SHA512CRYPT_H
#define VZHOST_SHA512CRYPT_H

#include <stddef.h>

/*
 * SHA-512 crypt ("$6$", Ulrich Drepper's specification), the hash glibc,
 * musl and busybox verify in /etc/shadow. Some libcs (Debian's musl)
 * ship without crypt(3), so vzhost carries its own.
 */

#define SHA512CRYPT_SALT_MAX 16
#define SHA512CRYPT_ROUNDS_DEFAULT 5000
#define SHA512CRYPT_MAX 128

/*
 * "$6$[rounds=N$]SALT$HASH" into out. salt: at most 16 characters are
 * used; rounds 0 means the default (and no rounds= field). -1 (EINVAL,
 * ERANGE) on bad input or a short buffer.
 */
int sha512crypt(const char *key, const char *salt, unsigned rounds, char *out, size_t size);

#endif
