#ifndef VZHOST_WEB_API_TASK_H
#define VZHOST_WEB_API_TASK_H

#include "priv.h"
#include "task.h"

/*
 * A change's answer: 202 {"task":"ID"} at once, or with ?wait=N the
 * task's end if it comes within N seconds (the task itself when it
 * succeeded, its error when it failed). A bulk action answers one result
 * per container.
 */

#define WAITS_MAX 64
#define WAIT_ITEMS_MAX 64

struct wait_item {
	char ct[24];			/* the container as the request named it */
	char task[TASK_ID_LEN + 1];	/* "" when refused at once: */
	int status;
	char code[24];
	char message[CT_ERR_MAX];
};

/* A task of kind for q's credential and source (the caller adds the rest). */
void api_task_proto(struct task *t, const struct req *q, enum task_kind kind, unsigned ctid);
/* Makes the task from proto, or answers 429/500 and returns NULL. */
struct task *api_task_make(struct req *q, const struct task *proto);
/* Answers (conn, id) with t: now, or once it ends within wait_s. */
void api_task_answer(uint32_t conn, uint32_t id, const struct task *t, int wait_s);
/* api_task_make, task_submit, api_task_answer. */
void api_task_start(struct req *q, const struct task *proto, int wait_s);
/* A bulk action's answer: now, or when its tasks end within wait_s. */
void api_task_bulk(struct req *q, const struct wait_item *items, unsigned n, int wait_s);
/* task.c's hook: a task finished. */
void api_task_done(const struct task *t);
/* Every second: waits past their deadline are answered. */
void api_task_tick(void);
/* net says conn is gone, or net restarted (conn 0: all). */
void api_task_conn_gone(uint32_t conn);

#endif
