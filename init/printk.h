#ifndef VZHOST_INIT_PRINTK_H
#define VZHOST_INIT_PRINTK_H

#include "node/nodesettings.h"

/*
 * Once the node is up, the console shows only messages of CONSOLE_LOGLEVEL
 * (vzhost.loglevel) or more severe, warning by default, so that kernel and
 * service notices do not land in the operator's shell; every message stays
 * in the kernel log (dmesg, logread). The default only ever lowers the
 * level (a kernel booted "quiet" stays quiet); a setting applies as given.
 */
void printk_console_apply(const struct node_settings *ns);

#endif
