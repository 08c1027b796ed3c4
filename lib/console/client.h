#ifndef VZHOST_CONSOLE_CLIENT_H
#define VZHOST_CONSOLE_CLIENT_H

#include "base/report.h"

/* Viewer flags for console_attach. */
#define CONSOLE_ATTACH_READONLY 1u	/* watch only; keystrokes other than Esc . are dropped */
#define CONSOLE_ATTACH_QUIET 2u		/* no "attached" banner */

/* The slave side of container ctid's console pty (created by the
   holder on first use; it exists while the container is stopped). */
int console_ct_slave(unsigned ctid, int *slave_fd, struct report *rep);
/* Attaches the terminal on in/out to ctid's console until Esc . or SIGTERM/SIGHUP (0), or
   until the holder goes away or refuses (-1, reported). A terminal on in
   is put in raw mode meanwhile; its window size follows SIGWINCH. */
int console_attach(unsigned ctid, int in, int out, unsigned flags, struct report *rep);

/* The holder's socket, connected; -1 reported. */
int console_connect(unsigned ctid, unsigned mode, const char *who, struct report *rep);

#endif
