#ifndef VZHOST_INIT_DATADISK_H
#define VZHOST_INIT_DATADISK_H

/*
 * Checks dev with e2fsck -p and mounts it at /vz (ext4, noatime), then
 * creates the OpenVZ layout. e2fsck exit 0-1: fine; 2: logged, mounted;
 * 4 or more (errors left, or e2fsck failed): logged loudly and mounted
 * read-only so nothing makes it worse and the data stays readable.
 * 0 with *readonly set, or -1 if it could not be mounted.
 */
int datadisk_mount(const char *dev, int *readonly);
/*
 * A node without persistent storage: the console banner, and the same
 * layout on the RAM filesystem's /vz, so vzctl and the web service work
 * as on a data disk (nothing of it survives a reboot).
 */
void datadisk_ramonly(const char *why);

#endif
