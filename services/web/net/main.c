/*
 * web_net_main (net.h): the net process from fork to exit. Everything that
 * needs root or the whole filesystem happens first (the kernel log, the
 * user's ids); then the sandbox is shut, priv is greeted, and the loop
 * runs until priv goes away. The TLS server is made when priv's
 * configuration comes, inside the sandbox (its randomness is getrandom).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>

#include "base/log.h"
#include "net.h"
#include "netd.h"

struct net net;

static int nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int net_main(int priv_sock, int fd443, int fd80, const char *root, const char *user)
{
	char err[256];
	static struct wire_out hello;

	log_open("vzwebd-net");
	signal(SIGPIPE, SIG_IGN);
	memset(&net, 0, sizeof net);
	net.priv = priv_sock;
	net.listen443 = fd443;
	net.listen80 = fd80;
	net.next_id = 1;
	net.priv_out_tail = &net.priv_out;
	if (nonblock(priv_sock) < 0 || nonblock(fd443) < 0 || (fd80 >= 0 && nonblock(fd80) < 0)) {
		log_error("net: sockets from priv: %m");
		return 111;
	}
	net.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (net.epfd < 0) {
		log_error("net: epoll: %m");
		return 111;
	}
	if (sandbox_enter(root, user, err, sizeof err) < 0) {
		log_error("net: %s", err);
		return 111;
	}
	wire_begin(&hello, WIRE_HELLO, 0, 0, 0);
	if (priv_send(&hello, -1) < 0) {
		log_error("net: hello to priv: %m");
		return 111;
	}
	return net_run();
}

int web_net_main(int priv_sock, int fd443, int fd80)
{
	return net_main(priv_sock, fd443, fd80, NET_UI_DIR, NET_USER);
}
