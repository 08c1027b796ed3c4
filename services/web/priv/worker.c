#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "clock.h"
#include "ct/lock.h"
#include "ct/proc.h"
#include "ct/ops.h"
#include "ct/settings.h"
#include "ctview.h"
#include "task.h"
#include "tmpl/http.h"
#include "worker.h"

/*
 * The worker of one task, in a child of priv: it moves the task's state
 * on in its file (priv follows it) and tells what the library tells into
 * the task's log. It calls the same lib/ct functions as vzctl, in the
 * same order, with the container's lock held.
 */

static struct task *wt;
static int64_t stage_written;

static void state_write(void)
{
	if (task_file_write(wt) < 0)
		log_warn("task %s: %s", wt->id, strerror(errno));
	stage_written = clock_boot_ms();
}

void worker_log(const char *fmt, ...)
{
	char line[1024];
	struct stat st;
	va_list ap;
	int fd, n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	fd = open(task_log_path(wt->id), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size + n <= (off_t)TASK_LOG_MAX)
		(void)!write(fd, line, (size_t)n);
	close(fd);
}

void worker_stage(const char *stage, int percent)
{
	snprintf(wt->stage, sizeof wt->stage, "%s", stage);
	if (percent >= 0)
		wt->percent = percent;
	state_write();
}

void worker_bytes(uint64_t bytes, uint64_t total)
{
	wt->bytes = bytes;
	wt->total = total;
	if (total)
		wt->percent = (int)(bytes * 100 / total);
	if (clock_boot_ms() - stage_written >= 250)
		state_write();
}

static void on_notice(void *ctx, const char *msg)
{
	worker_log("%s", msg);
}

static void on_progress(void *ctx, const char *msg)
{
	worker_log("%s", msg);
	worker_stage(msg, -1);
}

static void on_warn(void *ctx, const char *msg)
{
	worker_log("warning: %s", msg);
}

const struct report worker_notice = { on_notice, NULL };
const struct report worker_progress = { on_progress, NULL };
const struct report worker_warn = { on_warn, NULL };

void worker_fail(int status, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;

	wt->state = TASK_FAILED;
	wt->err_status = status;
	snprintf(wt->err_code, sizeof wt->err_code, "%s", code);
	snprintf(wt->err_field, sizeof wt->err_field, "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(wt->err_message, sizeof wt->err_message, fmt, ap);
	va_end(ap);
	worker_log("error: %s", wt->err_message);
}

void worker_fail_ct(const struct ct *ct)
{
	const char *code;
	int status = ctview_status(ct->error_kind, &code);

	worker_fail(status, code, ct->error_field[0] ? ct->error_field : NULL, "%s", ct->error);
}

void worker_running(void)
{
	wt->state = TASK_RUNNING;
	state_write();
}

/*
 * Opens the task's container with its lock: "waiting" while another
 * holds it (naming the holder), "running" once it is ours.
 */
int worker_ct_open(struct ct *ct, unsigned flags)
{
	struct ct_lock_holder holder;
	struct ct_lock probe;

	ct_lock_init(&probe);
	if (ct_lock_take(&probe, wt->ctid, 0, &holder) == 0) {
		ct_lock_release(&probe);
	} else if (errno == ETIMEDOUT) {
		wt->state = TASK_WAITING;
		if (holder.pid)
			snprintf(wt->stage, sizeof wt->stage, "waiting for the lock (%s, pid %d)",
				 holder.command, (int)holder.pid);
		else
			snprintf(wt->stage, sizeof wt->stage, "waiting for the lock");
		state_write();
	}
	if (ct_open(ct, wt->ctid, CT_OPEN_LOCK | flags) < 0) {
		worker_fail_ct(ct);
		return -1;
	}
	ct->notice = &worker_notice;
	ct->progress = &worker_progress;
	ct->warn = &worker_warn;
	wt->stage[0] = 0;
	worker_running();
	return 0;
}

void worker_main(struct task *t)
{
	wt = t;
	t->pid = getpid();
	ct_proc_start_time(t->pid, &t->pid_start);
	t->started = clock_unix_ms();
	t->state = TASK_RUNNING;
	state_write();
	worker_log("%s by %s from %s", task_kind_name(t->kind), t->who, t->source);
	switch (t->kind) {
	case TASK_TMPL_DOWNLOAD:
	case TASK_TMPL_UPLOAD:
	case TASK_TMPL_DELETE:
		worker_template(t);
		break;
	default:
		worker_ct(t);
		break;
	}
	signal(SIGTERM, SIG_IGN);
	if (t->state != TASK_FAILED)
		t->state = TASK_OK;
	t->ended = clock_unix_ms();
	worker_log("%s", t->state == TASK_OK ? "done" : "failed");
	state_write();
}
