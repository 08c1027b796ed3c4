#ifndef VZHOST_INIT_FDSTORE_H
#define VZHOST_INIT_FDSTORE_H

#include <stddef.h>

/*
 * File descriptors services leave with PID 1 so they outlive a restart
 * of the service (the console holder keeps its pty masters here). At most
 * FDSTORE_MAX names of FDSTORE_FDS_MAX fds each; names as service names.
 */

#define FDSTORE_MAX 128
#define FDSTORE_FDS_MAX 4

/* Keeps fds under name (replacing and closing what it held); -1 ENOSPC when full. */
int fdstore_put(const char *name, const int *fds, unsigned n);
/* The fds under name (still owned by the store); their count, or -1 ENOENT. */
int fdstore_get(const char *name, int fds[FDSTORE_FDS_MAX]);
/* Closes and forgets name; -1 ENOENT. */
int fdstore_del(const char *name);
/* "NAME\n" for every entry into buf (NUL-terminated); the length. */
size_t fdstore_list(char *buf, size_t size);

#endif
