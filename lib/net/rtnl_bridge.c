#include <errno.h>
#include <sys/socket.h>

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>

#include "net/rtnl.h"

/* RTM_SETLINK on AF_BRIDGE reaches the port's bridge (br_setlink), which
   wants IFLA_PROTINFO flagged as a nest; unflagged it is an STP state. */
int rtnl_brport_msg(struct rtnl_msg *m, int index, int learning, int locked)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = index };
	unsigned char learn = learning ? 1 : 0, lock = locked ? 1 : 0;
	size_t nest;

	if (index <= 0) {
		errno = EINVAL;
		return -1;
	}
	rtnl_msg_init(m, RTM_SETLINK, 0, &ifi, sizeof ifi);
	nest = rtnl_nest_begin(m, IFLA_PROTINFO | NLA_F_NESTED);
	rtnl_attr_put(m, IFLA_BRPORT_LEARNING, &learn, 1);
	rtnl_attr_put(m, IFLA_BRPORT_LOCKED, &lock, 1);
	rtnl_nest_end(m, nest);
	return 0;
}

int rtnl_brport_set(struct rtnl *r, int index, int learning, int locked)
{
	struct rtnl_msg m;

	if (rtnl_brport_msg(&m, index, learning, locked) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}

/* NUD_NOARP is the bridge's "static": NUD_PERMANENT would make the entry
   local (frames to it go to the node) and a locked port drops its sender. */
int rtnl_fdb_static_msg(struct rtnl_msg *m, int index, const unsigned char mac[6])
{
	struct ndmsg nd = { .ndm_family = AF_BRIDGE, .ndm_ifindex = index,
			    .ndm_state = NUD_NOARP, .ndm_flags = NTF_MASTER };

	if (index <= 0) {
		errno = EINVAL;
		return -1;
	}
	rtnl_msg_init(m, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, &nd, sizeof nd);
	rtnl_attr_put(m, NDA_LLADDR, mac, 6);
	return 0;
}

int rtnl_fdb_add_static(struct rtnl *r, int index, const unsigned char mac[6])
{
	struct rtnl_msg m;

	if (rtnl_fdb_static_msg(&m, index, mac) < 0)
		return -1;
	return rtnl_talk(r, &m, NULL, NULL);
}
