#ifndef VZHOST_WEB_TASK_H
#define VZHOST_WEB_TASK_H

#include <stdint.h>
#include <sys/types.h>

#include "base/json.h"
#include "base/json_parse.h"
#include "ct/ct.h"
#include "tmpl/tmpl.h"

/*
 * Tasks: every change the API makes runs as one, in a worker process
 * forked by priv that calls lib/ct (or lib/tmpl) under the container's
 * lock, in its own session, so it outlives a restart of vzwebd. Its state
 * lives in TASK_DIR/ID.json (its settings in ID.args: NAME NUL VALUE NUL
 * each), ID.json rewritten whole (renamed into place) by
 * whoever changes it: priv makes it (queued), the worker moves it on
 * (waiting for the lock, running with a stage, then ok, failed or
 * cancelled), priv finishes it if the worker dies without doing so. priv
 * follows the files with inotify, so a restarted priv finds every task
 * where its worker left it. What the operation told (ct->notice) is
 * appended to TASK_DIR/ID.log.
 */

#define TASK_DIR "/run/vzhost/web/tasks"
#define TASK_ID_LEN 16			/* hex digits */
#define TASKS_KEPT 128			/* tasks remembered, finished ones included */
#define TASKS_ACTIVE_MAX 64		/* not finished: more are refused (429) */
#define TASK_WORKERS_MAX 8		/* running at once: the others wait queued */
#define TASK_ARGS_MAX 72		/* settings of a create or set, and the like */
#define TASK_LOG_MAX (64u << 10)
#define TASK_FILE_MAX 16384		/* bytes of ID.json */
#define TASK_ARGS_FILE_MAX 65536	/* bytes of ID.args */

enum task_state {
	TASK_QUEUED,
	TASK_WAITING,		/* for the container's lock */
	TASK_RUNNING,
	TASK_OK,
	TASK_FAILED,
	TASK_CANCELLED,
	TASK_STATE_END
};

enum task_kind {
	TASK_CREATE,
	TASK_SET,
	TASK_START,
	TASK_STOP,
	TASK_RESTART,
	TASK_DESTROY,
	TASK_SNAPSHOT,
	TASK_SNAPSHOT_SWITCH,
	TASK_SNAPSHOT_DELETE,
	TASK_TMPL_DOWNLOAD,
	TASK_TMPL_UPLOAD,
	TASK_TMPL_DELETE,
	TASK_KIND_END
};

struct task_arg {
	char *name, *value;
};

struct task {
	int used;
	char id[TASK_ID_LEN + 1];
	enum task_kind kind;
	unsigned ctid;			/* 0: none */
	char target[TMPL_NAME_MAX + 1];	/* a template's name, a snapshot's GUID */
	char who[80], source[64];
	int64_t created, started, ended;	/* Unix ms; 0: not yet */
	enum task_state state;
	char stage[128];
	int percent;			/* -1: not known */
	uint64_t bytes, total;		/* bytes done and expected (0: not known) */
	pid_t pid;			/* the worker, 0 before it starts */
	unsigned long long pid_start;	/* its start time (lib/ct/proc.h) */
	int audited;
	/* the result */
	int err_status;			/* HTTP status of a failure */
	char err_code[24], err_field[CT_FIELD_MAX];
	char err_message[CT_ERR_MAX];
	char result[256];		/* a new snapshot's GUID, a template's file */
	/* the change itself */
	unsigned nargs;
	struct task_arg *args;		/* nargs of them, allocated */
	int save, start, fast, wait;	/* set: --save; create: start after; stop: --fast; start --wait */
	char if_match[72];		/* set: the config's ETag it must still have */
	/* priv's own */
	int pidfd;			/* -1: not watched */
	int cancel;			/* a cancel was asked for */
	int upload_fd;			/* the read end of an upload's pipe, until the worker takes it */
};

/* ---- task.c: the table, in priv ---- */
/* Loads TASK_DIR, following the workers still running; on_done is called
   for each task that finishes from now on. */
int task_init(void (*on_done)(const struct task *t));
/*
 * A new task (TASK_QUEUED) made from the caller's *t (its args copied),
 * its files written: NULL with *status (429 when TASKS_ACTIVE_MAX are
 * active, 500).
 */
struct task *task_new(const struct task *t, int *status);
/* Starts it (or leaves it queued while TASK_WORKERS_MAX workers run). */
void task_submit(struct task *t);
struct task *task_find(const char *id);
/* fn for each task, newest first, until it returns non-zero. */
void task_each(int (*fn)(const struct task *t, void *arg), void *arg);
/* Cancels a task: 0, or -1 with why (it cannot be cancelled now). */
int task_cancel(struct task *t, const char **why);
/* The task file of id changed (inotify) or its worker exited. */
void task_file_changed(const char *name);
unsigned task_active_count(void);

/* ---- task_file.c: its JSON, for the API, events and its files ---- */
const char *task_state_name(enum task_state s);
const char *task_kind_name(enum task_kind k);
int task_finished(const struct task *t);
/* What the API shows of t: one object. */
void task_json_public(struct json *j, const struct task *t);
/* The whole task (its file): one object. */
void task_json_file(struct json *j, const struct task *t);
/* A task file's document back into t (no args): NULL, or why not. */
const char *task_json_parse(const struct json_doc *d, struct task *t);
/* Writes t's ID.json: 0, or -1 with errno. */
int task_file_write(const struct task *t);
/* Reads TASK_DIR/ID.json into t (no args): 0, or -1 with errno. */
int task_file_read(const char *id, struct task *t);
/* ID.args from t->args, and back (strings allocated): 0, or -1 with errno. */
int task_args_write(const struct task *t);
int task_args_read(struct task *t);
void task_args_free(struct task *t);
/* Removes a forgotten task's files. */
void task_files_remove(const char *id);
/* TASK_DIR/ID.log */
const char *task_log_path(const char *id);

/* ---- worker.c: the body of a worker (in the forked child) ---- */
void worker_main(struct task *t);

#endif
