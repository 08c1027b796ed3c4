#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/monotime.h"
#include "supervise.h"
#include "svcexec.h"
#include "svclog.h"

static int service_condition_met(const struct services *s, const struct service *svc)
{
	return svc->def.condition != SVC_COND_NET_DHCP || s->net_dhcp;
}

static void service_exited(struct services *s, struct service *svc, int status, int64_t now);

static void service_spawn(struct services *s, struct service *svc, int64_t now)
{
	pid_t pid;

	svc->restart_requested = 0;
	backoff_started(&svc->backoff, now);
	svc->started_at = now;
	svc->start_seq = ++s->start_seq;
	svc->state = SVC_RUNNING;
	pid = svcexec_spawn(svc, s->vars);
	if (pid < 0) {
		service_exited(s, svc, 127 << 8, now);
		return;
	}
	svc->pid = pid;
}

/*
 * Boot order: a service named in after= that has ready=PATH counts as
 * started once PATH exists (syslogd's /dev/log: klogd started earlier would
 * drain the kernel log into a socket nobody reads yet). Bounded: after
 * SVC_READY_WAIT_MS the dependant starts anyway, with a warning.
 */
#define SVC_READY_WAIT_MS 5000

static void service_wait_after(struct services *s, const struct service *svc)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	const struct service *dep;
	int64_t deadline;
	unsigned a;

	for (a = 0; a < svc->def.nafter; a++) {
		dep = service_find(s, svc->def.after[a]);
		if (!dep || dep->state != SVC_RUNNING || !dep->def.ready[0])
			continue;
		deadline = monotime_ms() + SVC_READY_WAIT_MS;
		while (access(dep->def.ready, F_OK) < 0 && monotime_ms() < deadline)
			nanosleep(&tick, NULL);
		if (access(dep->def.ready, F_OK) < 0)
			log_warn("service %s: not ready (%s missing after %d s); starting %s anyway",
				 dep->def.name, dep->def.ready,
				 SVC_READY_WAIT_MS / 1000, svc->def.name);
	}
}

void services_start_all(struct services *s, int64_t now)
{
	struct service *svc;
	size_t i;

	for (i = 0; i < s->norder; i++) {
		svc = &s->svc[s->order[i]];
		if (!service_condition_met(s, svc)) {
			svc->state = SVC_DISABLED;
			continue;
		}
		service_wait_after(s, svc);
		service_spawn(s, svc, now);
	}
}

int service_start(struct services *s, struct service *svc, int64_t now, const char **why)
{
	if (s->shutting_down) {
		*why = "the node is shutting down";
		return -1;
	}
	if (!service_condition_met(s, svc)) {
		*why = "condition net-dhcp not met (network is not in DHCP mode)";
		return -1;
	}
	if (svc->state == SVC_RUNNING || svc->state == SVC_STOPPING) {
		*why = "already running";
		return -1;
	}
	backoff_reset(&svc->backoff);
	service_spawn(s, svc, now);
	return 0;
}

int service_stop(struct service *svc, int64_t now, const char **why)
{
	if (svc->state != SVC_RUNNING) {
		if (svc->state == SVC_STOPPING) {
			*why = "already stopping";
			return -1;
		}
		if (svc->state == SVC_BACKOFF || svc->state == SVC_FAILED)
			svc->state = SVC_STOPPED;
		return 0;
	}
	kill(-svc->pid, SIGTERM);
	kill(svc->pid, SIGTERM);
	/* An interactive shell (the console's login session) ignores SIGTERM;
	 * a hang-up is what ends it. Daemons exit on the SIGTERM first. */
	kill(-svc->pid, SIGHUP);
	kill(-svc->pid, SIGCONT);
	svc->state = SVC_STOPPING;
	svc->kill_at = now + (int64_t)svc->def.stop_timeout * 1000;
	return 0;
}

int service_restart(struct services *s, struct service *svc, int64_t now, const char **why)
{
	if (svc->state == SVC_RUNNING || svc->state == SVC_STOPPING) {
		if (svc->state == SVC_RUNNING && service_stop(svc, now, why) < 0)
			return -1;
		svc->restart_requested = 1;
		return 0;
	}
	return service_start(s, svc, now, why);
}

static void service_log_exit(const struct service *svc, int status)
{
	if (WIFSIGNALED(status))
		log_warn("service %s: killed by signal %d (%s)", svc->def.name, WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status))
		log_warn("service %s: exited with status %d", svc->def.name, WEXITSTATUS(status));
	else
		log_info("service %s: exited", svc->def.name);
}

static int service_wants_restart(const struct service *svc, int status)
{
	int clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;

	if (svc->def.restart == SVC_RESTART_NEVER)
		return 0;
	return svc->def.restart == SVC_RESTART_ALWAYS || !clean;
}

static void service_exited(struct services *s, struct service *svc, int status, int64_t now)
{
	svc->pid = 0;
	svclog_close(svc);
	if (svc->state == SVC_STOPPING || s->shutting_down) {
		log_info("service %s: stopped", svc->def.name);
		svc->state = SVC_STOPPED;
		if (svc->restart_requested && !s->shutting_down) {
			backoff_reset(&svc->backoff);
			service_spawn(s, svc, now);
		}
		return;
	}
	service_log_exit(svc, status);
	if (!service_wants_restart(svc, status)) {
		svc->state = SVC_STOPPED;
		return;
	}
	if (backoff_exited(&svc->backoff, now, &svc->restart_at) < 0) {
		svc->state = SVC_FAILED;
		log_error("service %s: crash loop (%d exits in %ds), giving up; "
			  "vzsvc restart %s to retry", svc->def.name, BACKOFF_LOOP_EXITS,
			  BACKOFF_LOOP_WINDOW_MS / 1000, svc->def.name);
		return;
	}
	svc->state = SVC_BACKOFF;
	log_info("service %s: restarting in %llds", svc->def.name,
		 (long long)(svc->restart_at - now + 999) / 1000);
}

void services_child_exited(struct services *s, pid_t pid, int status, int64_t now)
{
	struct service *svc = service_find_pid(s, pid);

	if (svc)
		service_exited(s, svc, status, now);
}

void services_tick(struct services *s, int64_t now)
{
	struct service *svc;
	size_t i;

	for (i = 0; i < s->n; i++) {
		svc = &s->svc[i];
		if (svc->state == SVC_BACKOFF && now >= svc->restart_at && !s->shutting_down) {
			svc->restarts++;
			service_spawn(s, svc, now);
		} else if (svc->state == SVC_STOPPING && svc->kill_at > 0 && now >= svc->kill_at) {
			log_warn("service %s: still running %us after SIGTERM; sending SIGKILL",
				 svc->def.name, svc->def.stop_timeout);
			kill(-svc->pid, SIGKILL);
			kill(svc->pid, SIGKILL);
			svc->kill_at = 0;
		}
	}
}

int64_t services_next_deadline(const struct services *s)
{
	int64_t next = -1, at;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->svc[i].state == SVC_BACKOFF && !s->shutting_down)
			at = s->svc[i].restart_at;
		else if (s->svc[i].state == SVC_STOPPING && s->svc[i].kill_at > 0)
			at = s->svc[i].kill_at;
		else
			continue;
		if (next < 0 || at < next)
			next = at;
	}
	return next;
}
