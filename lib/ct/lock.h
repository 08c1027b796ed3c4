#ifndef VZHOST_CT_LOCK_H
#define VZHOST_CT_LOCK_H

#include <stddef.h>
#include <sys/types.h>

/*
 * A container's lock, /vz/lock/CTID.lck: an flock held by whoever reads
 * the container's config to change the container, from before that read
 * until the change is done (docs/containers-design.md, "Locks"). The
 * holder records itself in the file, "PID START COMMAND" (its pid, its
 * start time as lib/ct/proc.h, its command: "vzctl start"), so that a
 * waiter can say who holds it; the record is cleared on release.
 */

#define CT_LOCK_DIR "/vz/lock"
#define CT_LOCK_WAIT 30		/* seconds a command waits for a held lock */
#define CT_LOCK_CMD_MAX 64

struct ct_lock {
	int fd;			/* -1: not held */
};

struct ct_lock_holder {
	pid_t pid;		/* 0: not known (a holder that records nothing, such
				   as flock(1), or a record of a process that is gone) */
	char command[CT_LOCK_CMD_MAX];
};

/* A lock not held. */
void ct_lock_init(struct ct_lock *l);
/*
 * Takes ctid's lock, waiting at most wait seconds for its holder (0: one
 * try). 0; -1 with errno ETIMEDOUT and *holder filled when it was still
 * held then, or the error of the lock file's open or flock.
 */
int ct_lock_take(struct ct_lock *l, unsigned ctid, unsigned wait, struct ct_lock_holder *holder);
void ct_lock_release(struct ct_lock *l);
/* "/vz/lock/CTID.lck" */
void ct_lock_path(unsigned ctid, char *out, size_t size);

#endif
