/* The standard fds of a command run in a container (lib/ct/exec_io.c). */
#ifndef VZHOST_CT_EXEC_IO_H
#define VZHOST_CT_EXEC_IO_H

#include <stddef.h>
#include <sys/types.h>

struct exec_io {
	int pty;	/* a pty in the container (enter on a terminal) */
	int host[3];	/* our ends of the pipes that replace terminal fds 0-2 */
	int ct[3];	/* the command's ends (pty: ct[0] is the slave) */
	int sock[2];	/* the pty master comes back from the container over this */
	int master;
};

/* In the caller before the fork: decides pty or pipes, makes them. */
/* want_pty: a pty when stdin and stdout are terminals (enter). */
int exec_io_setup(struct exec_io *io, int want_pty, char *err, size_t len);
/* In the joining child once in the container's namespaces: the pty. */
int exec_io_join(struct exec_io *io, char *err, size_t len);
/* In the command's process just before exec: a new session, fds 0-2. */
int exec_io_stdio(struct exec_io *io);
/* In the caller after the fork: copies until child has exited and its
   output is drained; *status is child's wait status. Closes everything. */
int exec_io_relay(struct exec_io *io, pid_t child, int *status);
void exec_io_close(struct exec_io *io);

#endif
