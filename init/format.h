#ifndef VZHOST_INIT_FORMAT_H
#define VZHOST_INIT_FORMAT_H

/*
 * Formats dev as the data disk (mkfs.ext4, label CONFIG_DATA_LABEL) if,
 * and only if, it is empty: no filesystem, LVM, swap or partition-table
 * signature and only zeros in its first MiB. origin names the request in
 * messages ("vzhost.format" or "DATA_FORMAT"). 0 if it was formatted,
 * -1 (with the reason logged) if not.
 */
int format_if_empty(const char *dev, const char *origin);

#endif
