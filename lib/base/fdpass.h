/* One tag byte with at most one descriptor riding along (SCM_RIGHTS). */
#ifndef VZHOST_FDPASS_H
#define VZHOST_FDPASS_H

/* Sends tag, with fd attached when fd >= 0. 0, or -1 with errno. */
int fdpass_send(int sock, char tag, int fd);
/*
 * Receives a tag byte and the descriptor attached to it (close-on-exec),
 * *fd = -1 when none came. 0, or -1 on EOF (errno 0) or error.
 */
int fdpass_recv(int sock, char *tag, int *fd);

#endif
