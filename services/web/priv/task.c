#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "base/log.h"
#include "clock.h"
#include "ct/proc.h"
#include "events.h"
#include "loop.h"
#include "secret.h"
#include "task.h"
#include "webtmpl.h"

static struct task tasks[TASKS_KEPT];
static void (*task_done_hook)(const struct task *t);

static void task_spawn(struct task *t);

struct task *task_find(const char *id)
{
	unsigned i;

	for (i = 0; i < TASKS_KEPT; i++)
		if (tasks[i].used && !strcmp(tasks[i].id, id))
			return &tasks[i];
	return NULL;
}

unsigned task_active_count(void)
{
	unsigned i, n = 0;

	for (i = 0; i < TASKS_KEPT; i++)
		n += tasks[i].used && !task_finished(&tasks[i]);
	return n;
}

static unsigned task_workers(void)
{
	unsigned i, n = 0;

	for (i = 0; i < TASKS_KEPT; i++)
		n += tasks[i].used && !task_finished(&tasks[i]) && tasks[i].pid > 0;
	return n;
}

void task_each(int (*fn)(const struct task *t, void *arg), void *arg)
{
	const struct task *order[TASKS_KEPT];
	unsigned i, j, n = 0;

	for (i = 0; i < TASKS_KEPT; i++) {
		if (!tasks[i].used)
			continue;
		for (j = n++; j > 0 && order[j - 1]->created < tasks[i].created; j--)
			order[j] = order[j - 1];
		order[j] = &tasks[i];
	}
	for (i = 0; i < n; i++)
		if (fn(order[i], arg))
			return;
}

static void task_forget(struct task *t)
{
	if (t->pidfd >= 0) {
		loop_del(t->pidfd);
		close(t->pidfd);
	}
	if (t->upload_fd >= 0)
		close(t->upload_fd);
	task_files_remove(t->id);
	task_args_free(t);
	memset(t, 0, sizeof *t);
}

/* A free slot: an unused one, else the oldest finished task's. */
static struct task *task_slot(void)
{
	struct task *old = NULL;
	unsigned i;

	for (i = 0; i < TASKS_KEPT; i++) {
		if (!tasks[i].used)
			return &tasks[i];
		if (task_finished(&tasks[i]) && (!old || tasks[i].ended < old->ended))
			old = &tasks[i];
	}
	if (old)
		task_forget(old);
	return old;
}

static void task_event_json(struct json *j, const void *arg)
{
	task_json_public(j, arg);
}

static void task_event(const struct task *t)
{
	events_emit_json(EVENT_TASK, "task", task_event_json, t);
}

static void task_audit(struct task *t)
{
	char result[CT_ERR_MAX + 32];
	struct audit_entry e = { .who = t->who, .source = t->source,
				 .action = task_kind_name(t->kind), .ctid = t->ctid,
				 .target = t->target[0] ? t->target : NULL,
				 .result = result, .task = t->id };

	if (t->audited)
		return;
	if (t->state == TASK_FAILED)
		snprintf(result, sizeof result, "failed: %s", t->err_message);
	else
		snprintf(result, sizeof result, "%s", task_state_name(t->state));
	audit_log(&e);
	t->audited = 1;
	if (task_file_write(t) < 0)
		log_warn("task %s: %s", t->id, strerror(errno));
}

static void task_done(struct task *t)
{
	unsigned i;

	task_audit(t);
	if (t->kind == TASK_TMPL_UPLOAD && t->state != TASK_OK) {
		char path[128];

		webtmpl_upload_path(t->id, path, sizeof path);
		unlink(path);
	}
	if (task_done_hook)
		task_done_hook(t);
	task_args_free(t);
	for (i = 0; i < TASKS_KEPT && task_workers() < TASK_WORKERS_MAX; i++)
		if (tasks[i].used && tasks[i].state == TASK_QUEUED && tasks[i].pid == 0 &&
		    !tasks[i].cancel)
			task_spawn(&tasks[i]);
}

/* Ends a task priv finishes itself (its worker died, a cancel). */
static void task_end(struct task *t, enum task_state state, const char *why)
{
	t->state = state;
	t->ended = clock_unix_ms();
	if (state == TASK_FAILED) {
		t->err_status = 500;
		snprintf(t->err_code, sizeof t->err_code, "failed");
		snprintf(t->err_message, sizeof t->err_message, "%s", why);
	}
	if (task_file_write(t) < 0)
		log_warn("task %s: %s", t->id, strerror(errno));
	task_event(t);
	task_done(t);
}

/* Takes in what the task's file now says. */
static void task_update(struct task *t)
{
	struct task now;
	enum task_state before = t->state;
	int same;

	if (task_file_read(t->id, &now) < 0)
		return;
	same = now.state == t->state && !strcmp(now.stage, t->stage) && now.percent == t->percent &&
	       now.bytes == t->bytes && now.total == t->total;
	now.used = 1;
	now.pidfd = t->pidfd;
	now.cancel = t->cancel;
	now.upload_fd = t->upload_fd;
	now.nargs = t->nargs;
	now.args = t->args;
	now.audited |= t->audited;
	*t = now;
	if (!same)
		task_event(t);
	if (task_finished(t) && before != t->state)
		task_done(t);
}

static void task_on_exit(void *arg, uint32_t events)
{
	struct task *t = arg;
	siginfo_t si = { 0 };

	waitid(P_PIDFD, (id_t)t->pidfd, &si, WEXITED | WNOHANG);
	loop_del(t->pidfd);
	close(t->pidfd);
	t->pidfd = -1;
	task_update(t);
	if (task_finished(t))
		return;
	if (t->cancel)
		task_end(t, TASK_CANCELLED, "");
	else
		task_end(t, TASK_FAILED, "the task's worker died before it finished");
}

static void task_watch_worker(struct task *t)
{
	t->pidfd = ct_proc_pidfd(t->pid, t->pid_start);
	if (t->pidfd >= 0 && loop_add(t->pidfd, EPOLLIN, task_on_exit, t) == 0)
		return;
	if (t->pidfd >= 0)
		close(t->pidfd);
	t->pidfd = -1;
	task_update(t);
	if (!task_finished(t))
		task_end(t, TASK_FAILED, "the task's worker is gone (was vzwebd restarted?)");
}

/*
 * The worker's standard descriptors: not priv's, which are the service's
 * log pipe that init closes when vzwebd restarts (a tool the worker runs,
 * e2fsck, would then die of SIGPIPE midway). Input and output are
 * /dev/null, errors go to the task's log: 0, or -1.
 */
static int task_stdio(const struct task *t)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int log = open(task_log_path(t->id), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	int rc = null >= 0 && log >= 0 && dup2(null, 0) == 0 && dup2(null, 1) == 1 &&
			 dup2(log, 2) == 2 ? 0 : -1;

	if (null > 2)
		close(null);
	if (log > 2)
		close(log);
	return rc;
}

/* The child's side of the fork: a worker in its own session, with only
   an upload's pipe (on fd 3) of priv's descriptors. */
static void task_child(struct task *t)
{
	sigset_t none;
	int fd = -1;

	setsid();
	if (task_stdio(t) < 0)
		_exit(111);
	/* priv's 077 is for its own secrets; a change is made with the umask
	   vzctl has in the console's shell, so it leaves the same files */
	umask(022);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (t->upload_fd >= 0 && (fd = dup2(t->upload_fd, 3)) < 0)
		_exit(111);
	syscall(SYS_close_range, fd >= 0 ? 4 : 3, ~0U, 0);
	t->upload_fd = fd;
	log_open("vzwebd-task");
	worker_main(t);
	_exit(0);
}

static void task_spawn(struct task *t)
{
	pid_t pid = fork();

	if (pid == 0)
		task_child(t);
	if (pid < 0) {
		task_end(t, TASK_FAILED, "cannot start the task's worker");
		return;
	}
	if (t->upload_fd >= 0) {
		close(t->upload_fd);
		t->upload_fd = -1;
	}
	t->pid = pid;
	if (ct_proc_start_time(pid, &t->pid_start) < 0 ||
	    (t->pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) < 0 ||
	    loop_add(t->pidfd, EPOLLIN, task_on_exit, t) < 0)
		log_error("task %s: cannot follow its worker %d: %s", t->id, (int)pid,
			  strerror(errno));
}

void task_submit(struct task *t)
{
	/* an upload's pipe needs its reader now */
	if (task_workers() < TASK_WORKERS_MAX || t->kind == TASK_TMPL_UPLOAD)
		task_spawn(t);
}

struct task *task_new(const struct task *from, int *status)
{
	unsigned char rnd[TASK_ID_LEN / 2];
	struct task *t;
	unsigned i;

	*status = 500;
	if (task_active_count() >= TASKS_ACTIVE_MAX) {
		*status = 429;
		return NULL;
	}
	if (secret_random(rnd, sizeof rnd) < 0 || !(t = task_slot()))
		return NULL;
	*t = *from;
	t->used = 1;
	secret_hex(rnd, sizeof rnd, t->id);
	t->state = TASK_QUEUED;
	t->created = clock_unix_ms();
	t->percent = -1;
	t->pidfd = -1;
	t->args = from->nargs ? calloc(from->nargs, sizeof *t->args) : NULL;
	for (i = 0; t->args && i < from->nargs; i++) {
		t->args[i].name = strdup(from->args[i].name);
		t->args[i].value = strdup(from->args[i].value);
		t->nargs = i + 1;
		if (!t->args[i].name || !t->args[i].value)
			break;
	}
	if ((from->nargs && (!t->args || i < from->nargs)) || task_args_write(t) < 0 ||
	    task_file_write(t) < 0) {
		log_error("task %s: %s: %s", t->id, TASK_DIR, strerror(errno));
		t->upload_fd = -1;
		task_forget(t);
		return NULL;
	}
	task_event(t);
	return t;
}

int task_cancel(struct task *t, const char **why)
{
	if (task_finished(t)) {
		*why = "it has finished";
		return -1;
	}
	if (t->state == TASK_RUNNING && t->kind != TASK_TMPL_DOWNLOAD &&
	    t->kind != TASK_TMPL_UPLOAD) {
		*why = "it is running, and only a template download or upload can stop midway";
		return -1;
	}
	t->cancel = 1;
	if (t->pid == 0) {
		task_end(t, TASK_CANCELLED, "");
		return 0;
	}
	if (t->pidfd >= 0)
		syscall(SYS_pidfd_send_signal, t->pidfd, SIGTERM, NULL, 0);
	return 0;
}

void task_file_changed(const char *name)
{
	char id[TASK_ID_LEN + 1];
	struct task *t;

	if (strlen(name) != TASK_ID_LEN + 5 || strcmp(name + TASK_ID_LEN, ".json"))
		return;
	memcpy(id, name, TASK_ID_LEN);
	id[TASK_ID_LEN] = 0;
	t = task_find(id);
	if (t && !task_finished(t))
		task_update(t);
}

/* A task found in TASK_DIR at start: kept, its worker followed again. */
static void task_reload(const char *id)
{
	struct task *t = task_slot();

	if (!t || task_file_read(id, t) < 0) {
		if (t)
			memset(t, 0, sizeof *t);
		log_warn("task %s: its file cannot be read; forgotten", id);
		task_files_remove(id);
		return;
	}
	t->used = 1;
	t->pidfd = t->upload_fd = -1;
	if (task_finished(t)) {
		if (!t->audited)
			task_audit(t);
		return;
	}
	if (t->pid > 0) {
		task_watch_worker(t);
		return;
	}
	if (t->kind == TASK_TMPL_UPLOAD || task_args_read(t) < 0)
		task_end(t, TASK_FAILED, "vzwebd restarted before the task began");
}

int task_init(void (*on_done)(const struct task *t))
{
	struct dirent *de;
	DIR *d;
	unsigned i;

	task_done_hook = on_done;
	if (mkdir(TASK_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	d = opendir(TASK_DIR);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len == TASK_ID_LEN + 5 && !strcmp(de->d_name + TASK_ID_LEN, ".json")) {
			de->d_name[TASK_ID_LEN] = 0;
			task_reload(de->d_name);
		}
	}
	closedir(d);
	for (i = 0; i < TASKS_KEPT; i++)
		if (tasks[i].used && tasks[i].state == TASK_QUEUED && tasks[i].pid == 0)
			task_submit(&tasks[i]);
	return 0;
}
