#ifndef VZHOST_WEB_WORKER_H
#define VZHOST_WEB_WORKER_H

#include <stdint.h>

#include "base/report.h"
#include "ct/ct.h"
#include "task.h"

/* Inside a task's worker (worker.c): its state, stage, log and result. */

/* The task moves to running. */
void worker_running(void);
/* A stage ("Unpacking busybox") and a percentage (-1: unchanged). */
void worker_stage(const char *stage, int percent);
/* Bytes done of total (0: unknown); written at most four times a second. */
void worker_bytes(uint64_t bytes, uint64_t total);
/* A line of the task's log. */
void worker_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The task fails with an HTTP status, code, field (NULL: none) and message. */
void worker_fail(int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The task fails with the container's error. */
void worker_fail_ct(const struct ct *ct);
/* The task's container opened with its lock (waiting, then running): 0, or -1 (failed). */
int worker_ct_open(struct ct *ct, unsigned flags);

extern const struct report worker_notice, worker_progress, worker_warn;

/* worker_ct.c: create, set, start, stop, restart, destroy, snapshots. */
void worker_ct(struct task *t);
/* worker_tmpl.c: template download, upload, delete. */
void worker_template(struct task *t);

#endif
