#ifndef VZHOST_WEB_NETPROC_H
#define VZHOST_WEB_NETPROC_H

#include <stdint.h>

#include "../wire.h"

/*
 * The net process: forked and executed afresh as "vzwebd --net 3 4 5"
 * (its end of a SOCK_SEQPACKET pair on fd 3, the listening sockets on 4
 * and 5, -1 for one not open), which runs web_net_main
 * (services/web/net/): nothing of priv's memory reaches it. When it
 * dies it is forked again (after 1 s, doubling to 30 s while it keeps
 * dying within a minute); what priv holds (sessions, tasks, consoles'
 * holders) is untouched, while what belonged to the old process's
 * connections (streams, consoles, pending answers) is dropped through
 * fn_reset.
 *
 * Messages to net go out at once, or, while its socket is full, queue in
 * order up to NETPROC_QUEUE_MAX bytes; a net that lets more pile up is
 * stuck and is killed.
 */

#define NETPROC_QUEUE_MAX (16u << 20)

struct netproc_hooks {
	void (*message)(const struct wire_msg *m, int fd);	/* a message from net */
	void (*reset)(void);		/* a net process ended: its connections are gone */
};

int netproc_start(int fd443, int fd80, const struct netproc_hooks *hooks);
/* Sends o (and fd, which stays the caller's to close) to net: 0, or -1
   (there is no net process, or it was killed as stuck). */
int netproc_send(const struct wire_out *o, int fd);
/* The net process's pid, 0 while there is none. */
int netproc_pid(void);
/* Stops the net process for good (priv is exiting). */
void netproc_stop(void);
/* Ends the net process in 2 s (time for pending answers) so a new one
   starts with a new certificate. */
void netproc_restart(void);

/* The entry point of the net process (services/web/net/). */
int web_net_main(int priv_sock, int fd443, int fd80);

#endif
