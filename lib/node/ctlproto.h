#ifndef VZHOST_CTLPROTO_H
#define VZHOST_CTLPROTO_H

#include <stddef.h>

#include "node/svcdef.h"

/*
 * init's control socket: SOCK_SEQPACKET at CTL_SOCKET_PATH, root only.
 * One request per connection, one reply:
 *
 *   request  "list" | "status NAME" | "start NAME" | "stop NAME" | "restart NAME"
 *            "fdstore-put NAME" (with 1-4 fds, SCM_RIGHTS) | "fdstore-get NAME"
 *            (the reply carries the fds) | "fdstore-del NAME" | "fdstore-list"
 *   reply    "ok\n" followed by lines, or "error MESSAGE\n"
 *
 * list and status reply with one line per service:
 * "NAME STATE PID RESTARTS UPTIME_SECONDS" ('-' where there is no value).
 */

#define CTL_SOCKET_PATH "/run/vzhost/init.sock"
#define CTL_REQUEST_MAX 128
#define CTL_REPLY_MAX 8192

enum ctl_op {
	CTL_LIST,
	CTL_STATUS,
	CTL_START,
	CTL_STOP,
	CTL_RESTART,
	CTL_FDSTORE_PUT,
	CTL_FDSTORE_GET,
	CTL_FDSTORE_DEL,
	CTL_FDSTORE_LIST,
};

/* NULL, or why buf (len bytes) is not a well-formed request. */
const char *ctl_request_parse(const char *buf, size_t len, enum ctl_op *op,
			      char name[SVC_NAME_MAX]);
/* The request text for op and name into buf; its length, or -1 (ENAMETOOLONG). */
int ctl_request_format(char *buf, size_t size, enum ctl_op op, const char *name);
/* The operation named by word: NULL, or why it names none. */
const char *ctl_op_parse(const char *word, enum ctl_op *op);

#endif
