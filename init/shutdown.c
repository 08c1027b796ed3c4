#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/monotime.h"
#include "reap.h"
#include "shutdown.h"
#include "base/spawn.h"
#include "supervise.h"
#include "svclog.h"
#include "unmount.h"

#define SHUTDOWN_TICK_MS 100

static char containers_vzctl[] = "/sbin/vzctl", containers_stop_arg[] = "stop-all";

/*
 * Every running container stopped cleanly (each within its STOP_TIMEOUT,
 * then killed) while /vz is still mounted and services still run.
 */
static void containers_stop_all(void)
{
	char *argv[] = { containers_vzctl, containers_stop_arg, NULL };
	int status;

	if (access(containers_vzctl, X_OK) < 0)
		return;
	if (spawn_wait(argv, &status) < 0)
		log_error("shutdown: %s: %s", containers_vzctl, strerror(errno));
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		log_warn("shutdown: vzctl stop-all failed; containers left are killed with the rest");
}

/* Work that must finish before services stop, run in this order. */
static const struct {
	const char *name;
	void (*run)(void);
} shutdown_hooks[] = {
	{ "stopping containers", containers_stop_all },
	{ NULL, NULL },
};

static void shutdown_sleep_tick(void)
{
	struct timespec ts = { 0, SHUTDOWN_TICK_MS * 1000000L };

	nanosleep(&ts, NULL);
}

static void services_drain_output(struct services *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		svclog_read(&s->svc[i]);
}

/* The running service started last, or NULL. */
static struct service *service_latest(struct services *s)
{
	struct service *latest = NULL;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->svc[i].pid > 0 && (!latest || s->svc[i].start_seq > latest->start_seq))
			latest = &s->svc[i];
	return latest;
}

static void service_stop_wait(struct services *s, struct service *svc)
{
	const char *why;
	int64_t deadline;

	service_stop(svc, monotime_ms(), &why);
	deadline = monotime_ms() + (int64_t)svc->def.stop_timeout * 1000;
	while (svc->pid > 0 && monotime_ms() < deadline) {
		shutdown_sleep_tick();
		services_drain_output(s);
		reap_all(s, monotime_ms());
	}
	if (svc->pid > 0) {
		log_warn("shutdown: service %s did not stop within %us; killing it",
			 svc->def.name, svc->def.stop_timeout);
		kill(-svc->pid, SIGKILL);
		kill(svc->pid, SIGKILL);
		svc->pid = 0;
		svc->state = SVC_STOPPED;
		svclog_close(svc);
	}
}

static void services_stop_reverse(struct services *s)
{
	struct service *svc;

	while ((svc = service_latest(s)))
		service_stop_wait(s, svc);
}

/* Waits until no child is left or ms passed; 1 if children remain. */
static int children_wait(struct services *s, int64_t ms)
{
	int64_t deadline = monotime_ms() + ms;

	while (reap_all(s, monotime_ms())) {
		if (monotime_ms() >= deadline)
			return 1;
		shutdown_sleep_tick();
	}
	return 0;
}

static void processes_kill_all(struct services *s)
{
	log_info("shutdown: sending SIGTERM to all processes");
	kill(-1, SIGTERM);
	kill(-1, SIGCONT);
	if (!children_wait(s, (int64_t)CONFIG_SHUTDOWN_GRACE_SECONDS * 1000))
		return;
	log_info("shutdown: sending SIGKILL to all processes");
	kill(-1, SIGKILL);
	if (children_wait(s, 5000))
		log_warn("shutdown: some processes did not die (stuck in the kernel?)");
}

static void shutdown_finish(enum shutdown_kind kind)
{
	static const int cmds[] = {
		[SHUTDOWN_REBOOT] = RB_AUTOBOOT,
		[SHUTDOWN_POWEROFF] = RB_POWER_OFF,
		[SHUTDOWN_HALT] = RB_HALT_SYSTEM,
	};
	static const char *const names[] = { "rebooting", "powering off", "halting" };

	log_info("shutdown: %s", names[kind]);
	reboot(cmds[kind]);
	log_error("shutdown: reboot(2): %s; the system is stopped, reset it by hand",
		  strerror(errno));
}

void shutdown_run(struct services *s, enum shutdown_kind kind, int signo)
{
	static const char *const requests[] = { "reboot", "poweroff", "halt" };
	size_t i;

	log_info("shutdown: %s requested (%s)", requests[kind], strsignal(signo));
	s->shutting_down = 1;
	for (i = 0; shutdown_hooks[i].name; i++) {
		log_info("shutdown: %s", shutdown_hooks[i].name);
		shutdown_hooks[i].run();
	}
	services_stop_reverse(s);
	processes_kill_all(s);
	sync();
	unmount_persistent();
	sync();
	shutdown_finish(kind);
	for (;;)
		pause();
}
