#ifndef VZHOST_WEB_NET_H
#define VZHOST_WEB_NET_H

/*
 * The net process of vzwebd (docs/web-design.md). priv forks a child, as
 * root, and calls this with its end of the SOCK_SEQPACKET socketpair and
 * the listening sockets it opened (fd80 may be -1: no redirect port). It
 * drops to user vzweb, chroots into the UI directory, sets no_new_privs,
 * installs its seccomp filter and serves until priv closes the socket.
 * Returns the exit status for _exit(): 0 when priv went away, 111 after a
 * failure it logged.
 */
int web_net_main(int priv_sock, int fd443, int fd80);

#endif
