#ifndef VZHOST_SPAWN_H
#define VZHOST_SPAWN_H

/*
 * Child processes of a program that blocks all signals (init): children
 * get an empty signal mask and default dispositions before exec.
 */

void spawn_child_reset(void);
/*
 * Runs argv[0] (an absolute path) with stdin on /dev/null and waits for it;
 * *status gets the waitpid(2) status. -1 if it could not be started.
 */
int spawn_wait(char *const argv[], int *status);

#endif
