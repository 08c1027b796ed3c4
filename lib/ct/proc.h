#ifndef VZHOST_CT_PROC_H
#define VZHOST_CT_PROC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * A process named by a number the node wrote down earlier (a state file, a
 * lock's holder record) is taken to be that process only if its start time
 * (clock ticks after boot, field 22 of /proc/PID/stat) is the one written
 * with it: a pid alone may have been reused by an unrelated process. What
 * is then signalled or waited for is a pidfd, which keeps naming that
 * process whatever happens to the number.
 */

/* The start time of process pid; -1 (ESRCH) if there is no such process. */
int ct_proc_start_time(pid_t pid, unsigned long long *start);
/*
 * A pidfd (O_CLOEXEC) of pid if it is the process that started at start
 * and has not exited; -1 with errno ESRCH if it is gone, a zombie, or
 * another process now has its number.
 */
int ct_proc_pidfd(pid_t pid, unsigned long long start);
/* 1 if the process behind pidfd has exited within ms milliseconds (0: now). */
int ct_proc_exited_within(int pidfd, int ms);
/* sig to the process behind pidfd; -1 with errno (ESRCH: it has exited). */
int ct_proc_signal(int pidfd, int sig);
/* This process's command, argv[0]'s last component and argv[1]: "vzctl start". */
void ct_proc_self_command(char *out, size_t size);

#endif
