#ifndef VZHOST_NODE_LOGLEVEL_H
#define VZHOST_NODE_LOGLEVEL_H

/*
 * The console log level (CONSOLE_LOGLEVEL, vzhost.loglevel): the least
 * severe syslog level that still reaches the console once the node has
 * booted. Everything else stays in the kernel log (dmesg, logread).
 */

/* emerg, alert, crit, err, warning, notice, info, debug or 0-7: NULL, or why not. */
const char *loglevel_parse(const char *s, int *level);
/* The name of level 0-7. */
const char *loglevel_name(int level);

#endif
