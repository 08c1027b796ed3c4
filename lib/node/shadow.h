#ifndef VZHOST_SHADOW_H
#define VZHOST_SHADOW_H

#include <stddef.h>

/*
 * The password field of /etc/shadow entries. The file is small (at most
 * SHADOW_FILE_MAX bytes) and rewritten whole and atomically; a symlink at
 * the path is followed, so /etc/shadow -> /vz/etc/shadow updates the
 * persistent copy.
 */

#define SHADOW_FILE_MAX 65536

/* user's password field into hash; -1 with ENOENT if there is no entry. */
int shadow_hash_get(const char *path, const char *user, char *hash, size_t size);
/* 1 if no password can match the field: empty, or starting with '!' or '*'. */
int shadow_hash_locked(const char *hash);
/* Sets user's password field (adding the entry if it is missing). */
int shadow_hash_set(const char *path, const char *user, const char *hash);

#endif
