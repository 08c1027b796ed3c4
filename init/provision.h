#ifndef VZHOST_INIT_PROVISION_H
#define VZHOST_INIT_PROVISION_H

#include "node/nodeconf.h"
#include "storage.h"

/*
 * The node configuration of this boot. With a persisted /vz/etc/vzhost.conf
 * the node is provisioned: that file is used and the seed ignored.
 * Otherwise the seed (if any) is used; with a writable data disk it is
 * persisted now: vzhost.conf, the root hash (see rootpw.h) and
 * /vz/etc/ssh/authorized_keys. Without a data disk it lives in RAM only.
 */
void provision_load(const struct storage *st, struct nodeconf *cfg);

#endif
