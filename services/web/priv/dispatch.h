#ifndef VZHOST_WEB_DISPATCH_H
#define VZHOST_WEB_DISPATCH_H

#include "../wire.h"
#include "netproc.h"

/* What priv does with each message from net (docs/web-design.md). */
extern const struct netproc_hooks dispatch_hooks;

#endif
