#ifndef VZHOST_INIT_UNMOUNT_H
#define VZHOST_INIT_UNMOUNT_H

/*
 * Unmounts /vz and everything below it, and the seed if still mounted,
 * deepest first. A busy filesystem is remounted read-only instead, so its
 * journal is clean before the reboot.
 */
void unmount_persistent(void);

#endif
