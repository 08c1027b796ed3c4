#ifndef VZHOST_INIT_ROOTMOVE_H
#define VZHOST_INIT_ROOTMOVE_H

/*
 * Moves the initramfs from rootfs into a tmpfs mounted over / and
 * re-executes /sbin/init there, once per boot, so that pivot_root works
 * for containers. Returns when already done or when it cannot be done
 * (logged; the node still boots).
 */
void rootmove_setup(void);

#endif
