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
#define SHADOW_OUT_MAX (SHADOW_FILE_MAX + 256)	/* a file with one entry changed */

/* user's password field into hash; -1 with ENOENT if there is no entry. */
int shadow_hash_get(const char *path, const char *user, char *hash, size_t size);
/* 1 if no password can match the field: empty, or starting with '!' or '*'. */
int shadow_hash_locked(const char *hash);
/* Sets user's password field (adding the entry if it is missing). */
int shadow_hash_set(const char *path, const char *user, const char *hash);

/* The same on the file's text (NUL-terminated), without effects: */

/* user's password field in text and its length in *len; NULL if no entry. */
const char *shadow_text_hash(const char *text, const char *user, size_t *len);
/*
 * text with user's password field set to hash and the day of the last
 * change to today (days since the epoch, "" for none), the entry added
 * (USER:HASH:TODAY:0:99999:7:::) if missing, into out (NUL-terminated).
 * Its length, or -1 (EFBIG) if it does not fit in size bytes.
 */
int shadow_text_set(const char *text, const char *user, const char *hash, const char *today,
		    char *out, size_t size);

#endif
