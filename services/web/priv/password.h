#ifndef VZHOST_WEB_PASSWORD_H
#define VZHOST_WEB_PASSWORD_H

#include <stddef.h>

#include "node/crypthash.h"

/*
 * The web admin's password: ADMIN_PASSWORD_HASH of the node configuration
 * (/vz/etc/vzhost.conf, docs/init.md), set from the seed on first boot
 * (root's hash when the seed has none), by vzweb passwd on the console
 * and by PUT /api/v1/node/password. vzwebd watches the file: a change
 * ends every session. A node without a data disk has no such file: the
 * seed's hash is then the one init publishes in WEB_CONF_FILE, until
 * vzweb passwd writes the file (in RAM).
 */

#define PASSWORD_CONF_DIR "/vz/etc"
#define PASSWORD_CONF "/vz/etc/vzhost.conf"
#define PASSWORD_MIN 8
#define PASSWORD_MAX 256

/* The hash into out, "" when none is set: 0, or -1 with errno. */
int admin_hash_read(char out[CRYPTHASH_MAX]);
/* NULL if password is good enough to set, else why not. */
const char *admin_password_check(const char *password);
/* Sets the hash of password in the configuration: NULL, or why not (in err). */
const char *admin_password_set(const char *password, char *err, size_t errsize);

#endif
