/*
 * Until the net process (services/web/net/, branch h-webnet) is merged:
 * a net that says hello and waits for priv to go away, so priv's start,
 * listeners and restarts can be run. Dropped when net arrives.
 */
#include <unistd.h>

#include "priv/netproc.h"
#include "wire.h"

int web_net_main(int priv_sock, int fd443, int fd80)
{
	static unsigned char buf[WIRE_MSG_MAX];
	static struct wire_out o;
	int fd;

	wire_begin(&o, WIRE_HELLO, 0, 0, 0);
	if (wire_send(priv_sock, &o, -1) < 0)
		return 111;
	while (wire_recv(priv_sock, buf, &fd) > 0)
		if (fd >= 0)
			close(fd);
	return 0;
}
