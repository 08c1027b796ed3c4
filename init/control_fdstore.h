#ifndef VZHOST_INIT_CONTROL_FDSTORE_H
#define VZHOST_INIT_CONTROL_FDSTORE_H

#include "node/ctlproto.h"

/* Answers an fdstore-* request; takes ownership of the n fds that came with it. */
void control_fdstore(int fd, enum ctl_op op, const char *name, int *fds, unsigned n);

#endif
