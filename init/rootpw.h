#ifndef VZHOST_INIT_ROOTPW_H
#define VZHOST_INIT_ROOTPW_H

#include "node/nodeconf.h"
#include "storage.h"

/*
 * /etc/shadow. With a data disk, /etc/shadow becomes a symlink to
 * /vz/etc/shadow (created from the image's copy on first use), so passwd
 * persists. A root hash from the configuration is written there. There is
 * never a default password: without one, root stays locked and the
 * console asks for a password (vzhost-login).
 */
void rootpw_setup(const struct storage *st, const struct nodeconf *cfg);

#endif
