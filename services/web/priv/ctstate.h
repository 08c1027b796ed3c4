#ifndef VZHOST_WEB_CTSTATE_H
#define VZHOST_WEB_CTSTATE_H

/*
 * What priv last told the event streams of each container (state and
 * ETag): a change seen by inotify, or by the reconciling pass every
 * sampling round, becomes a "ct" event (the container's JSON) or a
 * "ct-deleted" event only when one of them differs.
 */

#define CTSTATE_MAX 4096

/* Fills the table without events (priv starting). */
void ctstate_init(void);
/* Container ctid may have changed. */
void ctstate_changed(unsigned ctid);
/* Every container checked, the ones gone included. */
void ctstate_refresh_all(void);

#endif
