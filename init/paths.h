#ifndef VZHOST_INIT_PATHS_H
#define VZHOST_INIT_PATHS_H

/* Where init keeps things (contracts: docs/init.md). */

#define VZ_DIR "/vz"
#define VZ_ETC_DIR "/vz/etc"
#define RUN_DIR "/run/vzhost"
#define SEED_MOUNT_DIR "/run/vzhost/seed"
#define SEED_FILE "vzhost.conf"
#define PERSIST_CONF "/vz/etc/vzhost.conf"
#define PERSIST_SHADOW "/vz/etc/shadow"
#define PERSIST_ETC_VZ "/vz/etc/vz"
#define PERSIST_SSH_DIR "/vz/etc/ssh"
#define PERSIST_AUTHORIZED_KEYS "/vz/etc/ssh/authorized_keys"

#endif
