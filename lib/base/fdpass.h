/*
 * Descriptors riding along with a message on a unix socket (SCM_RIGHTS):
 * every place that passes fds goes through here.
 */
#ifndef VZHOST_FDPASS_H
#define VZHOST_FDPASS_H

#include <sys/types.h>

#define FDPASS_FDS_MAX 8	/* the most fds one message carries */

/*
 * Sends the len bytes at buf with the n fds attached (n <= FDPASS_FDS_MAX),
 * flags or'ed to MSG_NOSIGNAL. The bytes sent, or -1 with errno.
 */
ssize_t fdpass_sendmsg(int sock, const void *buf, size_t len, const int *fds, unsigned n,
		       int flags);
/*
 * Receives one message into buf (at most size bytes) and the fds attached
 * to it as close-on-exec fds: up to max into fds, *n of them; any others
 * are closed. flags as recvmsg's (MSG_DONTWAIT, MSG_TRUNC). The length
 * recvmsg returns (0 at EOF), or -1 with errno and *n 0.
 */
ssize_t fdpass_recvmsg(int sock, void *buf, size_t size, int *fds, unsigned max, unsigned *n,
		       int flags);

/* Sends tag, with fd attached when fd >= 0. 0, or -1 with errno. */
int fdpass_send(int sock, char tag, int fd);
/*
 * Receives a tag byte and the descriptor attached to it (close-on-exec),
 * *fd = -1 when none came. 0, or -1 on EOF (errno 0) or error.
 */
int fdpass_recv(int sock, char *tag, int *fd);

#endif
