#ifndef VZHOST_INIT_CONTROL_H
#define VZHOST_INIT_CONTROL_H

#include <poll.h>
#include <stdint.h>

#include "node/ctlproto.h"
#include "services.h"

/*
 * The control socket (see ctlproto.h). Connections are non-blocking and
 * polled with the rest of init's loop; a peer that is not root, sends
 * garbage or stays silent for CONTROL_TIMEOUT_MS is answered or dropped,
 * never waited for.
 */

#define CONTROL_CONN_MAX 8
#define CONTROL_TIMEOUT_MS 5000

struct control {
	int listen_fd;
	struct {
		int fd;
		int64_t deadline;
	} conn[CONTROL_CONN_MAX];
};

void control_open(struct control *c);
/* Adds the fds to poll; returns how many were added (room must be CONTROL_CONN_MAX + 1). */
unsigned control_pollfds(const struct control *c, struct pollfd *pfd);
/* Handles ready fds (found by fd in pfd[0..n)) and expired connections. */
void control_handle(struct control *c, const struct pollfd *pfd, unsigned n, struct services *s,
		    int64_t now);
int64_t control_next_deadline(const struct control *c);

#endif
