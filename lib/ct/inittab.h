#ifndef VZHOST_CT_INITTAB_H
#define VZHOST_CT_INITTAB_H

#include <stddef.h>

/*
 * The boot actions of a container's /etc/inittab, which start --wait waits
 * out (docs/containers.md, "When is a container up"). The bytes are the
 * container's: the parser is pure, reads exactly len bytes (any bytes, no
 * terminator needed), and keeps at most INITTAB_CMDS_MAX commands of at most
 * INITTAB_CMD_MAX - 1 bytes each (tests/fuzz/fuzz_inittab.c).
 */

#define INITTAB_MAX 65536		/* bytes of /etc/inittab the node reads */
#define INITTAB_CMDS_MAX 8
#define INITTAB_CMD_MAX 128

struct inittab_cmds {
	char cmd[INITTAB_CMDS_MAX][INITTAB_CMD_MAX];
	unsigned n;
};

/*
 * The first word of the process field of every sysinit and wait line
 * (id:runlevels:action:process; '#' starts a comment line; leading blanks
 * and busybox's '-' skipped), in file order.
 */
void inittab_boot_cmds(const char *buf, size_t len, struct inittab_cmds *out);

#endif
