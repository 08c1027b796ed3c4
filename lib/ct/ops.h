#ifndef VZHOST_CT_OPS_H
#define VZHOST_CT_OPS_H

#include "ct/ct.h"

/*
 * What an operator does to a container, with the rules every front end
 * keeps (docs/containers.md): a start of a running container is refused
 * (CT_ERR_RUNNING), umount and destroy need it stopped, a stop of a
 * stopped one only cleans up what a dead monitor left. Each tells
 * ct->notice what it is doing and what it did ("Starting container
 * 101 ...", "Container 101 started"). The container is opened with
 * CT_OPEN_LOCK | CT_OPEN_EXISTING and closed by the caller.
 */

int ct_op_start(struct ct *ct, unsigned start_flags);
int ct_op_stop(struct ct *ct, unsigned stop_flags);
int ct_op_restart(struct ct *ct, unsigned stop_flags, unsigned start_flags);
int ct_op_mount(struct ct *ct);
int ct_op_umount(struct ct *ct);
int ct_op_destroy(struct ct *ct);

#endif
