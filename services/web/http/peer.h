#ifndef VZHOST_WEB_HTTP_PEER_H
#define VZHOST_WEB_HTTP_PEER_H

#include <stddef.h>
#include <sys/socket.h>

/*
 * Client addresses: the networks of WEB_ALLOW_FROM, and the key a source's
 * connections are counted under (an IPv4 address; an IPv6 /64, since one
 * client commonly holds a whole /64). IPv4-mapped IPv6 addresses (a dual
 * stack listener) count as the IPv4 address they carry.
 */

#define PEER_TEXT_MAX 48

struct peer_net {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];		/* network byte order */
	unsigned prefix;
};

/* "ADDRESS[/PREFIX]", IPv4 or IPv6 (no prefix: the one address). 0 or -1 EINVAL. */
int peer_net_parse(const char *s, struct peer_net *n);
/* Whether the address at sa (AF_INET or AF_INET6) is in n. */
int peer_net_match(const struct peer_net *n, const struct sockaddr *sa);
/* The source key of sa: 16 bytes, equal for connections counted together. */
void peer_key(const struct sockaddr *sa, unsigned char key[16]);
/* sa's address as text ("192.0.2.7", "2001:db8::1"). */
void peer_format(const struct sockaddr *sa, char out[PEER_TEXT_MAX]);

#endif
