#ifndef VZHOST_INIT_MOUNTS_H
#define VZHOST_INIT_MOUNTS_H

/*
 * The API filesystems: /proc, /sys, /dev (devtmpfs), /dev/pts, /dev/shm,
 * /run, /tmp, and the /dev/fd, /dev/std* links. Failures are logged once
 * logging works; boot continues.
 */
void mounts_setup(void);
/* Makes sure fds 0-2 are open (on /dev/console when it exists). */
void stdio_setup(void);

#endif
