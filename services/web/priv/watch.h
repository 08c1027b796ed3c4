#ifndef VZHOST_WEB_WATCH_H
#define VZHOST_WEB_WATCH_H

/*
 * inotify on what changes behind priv's back (docs/web-design.md): the
 * container configs (/etc/vz/conf), their runtime state (/run/vzhost/ct),
 * the template cache, the task files and the node configuration (the
 * admin password). A directory that does not exist yet is watched once it
 * does (tried again every second).
 */

int watch_init(void);
/* Adds the watches still missing. */
void watch_tick(void);

#endif
