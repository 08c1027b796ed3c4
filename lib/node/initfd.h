#ifndef VZHOST_INITFD_H
#define VZHOST_INITFD_H

#include <stddef.h>

/*
 * The client side of init's fd store (docs/init.md, "fdstore-*" on the
 * control socket): fds left with PID 1 outlive the service that made them.
 */

#define INITFD_FDS_MAX 4

int initfd_put(const char *name, const int *fds, unsigned n);
/* The fds kept under name, as new O_CLOEXEC fds; their count, or -1. */
int initfd_get(const char *name, int fds[INITFD_FDS_MAX]);
/* The names, one per line, into buf; 0 or -1. */
int initfd_list(char *buf, size_t size);

#endif
