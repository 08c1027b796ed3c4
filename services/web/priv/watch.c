#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "auth.h"
#include "conf/vzconf.h"
#include "ct/ct.h"
#include "ctstate.h"
#include "events.h"
#include "loop.h"
#include "password.h"
#include "task.h"
#include "tmpl/tmpl.h"
#include "watch.h"

#define WATCH_CHANGED_MAX 64

enum watch_what { W_CONF, W_RUN, W_TMPL, W_TASKS, W_NODE, W_COUNT };

static const char *const watch_dirs[W_COUNT] = {
	[W_CONF] = VZCONF_CT_DIR,
	[W_RUN] = CT_RUN_DIR,
	[W_TMPL] = TMPL_CACHE_DIR,
	[W_TASKS] = TASK_DIR,
	[W_NODE] = PASSWORD_CONF_DIR,
};

static struct {
	int fd;
	int wd[W_COUNT];		/* -1: not watched yet */
	unsigned changed[WATCH_CHANGED_MAX];	/* containers seen changing in a batch */
	unsigned nchanged;
	int templates, password;
} w = { .fd = -1 };

static void changed_add(unsigned ctid)
{
	unsigned i;

	for (i = 0; i < w.nchanged; i++)
		if (w.changed[i] == ctid)
			return;
	if (w.nchanged < WATCH_CHANGED_MAX)
		w.changed[w.nchanged++] = ctid;
}

/* The CTID a name in /etc/vz/conf or /run/vzhost/ct starts with, 0 if none. */
static unsigned name_ctid(const char *name)
{
	char *end;
	unsigned long v = strtoul(name, &end, 10);

	if (end == name || *end != '.' || v == 0 || v > 2147483647UL || name[0] == '0')
		return 0;
	return (unsigned)v;
}

static void watch_event(const struct inotify_event *e)
{
	enum watch_what what;
	unsigned ctid;

	for (what = 0; what < W_COUNT && w.wd[what] != e->wd; what++)
		;
	if (e->mask & IN_IGNORED) {
		if (what < W_COUNT)
			w.wd[what] = -1;
		return;
	}
	if (what == W_COUNT || !e->len)
		return;
	switch (what) {
	case W_CONF:
	case W_RUN:
		if ((ctid = name_ctid(e->name)))
			changed_add(ctid);
		break;
	case W_TMPL:
		w.templates |= e->name[0] != '.';
		break;
	case W_TASKS:
		if (e->mask & IN_MOVED_TO)
			task_file_changed(e->name);
		break;
	case W_NODE:
		w.password |= !strcmp(e->name, "vzhost.conf");
		break;
	default:
		break;
	}
}

static void watch_on_read(void *arg, uint32_t events)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *e;
	ssize_t n;
	unsigned i;

	while ((n = read(w.fd, buf, sizeof buf)) > 0)
		for (char *p = buf; p < buf + n; p += sizeof *e + e->len) {
			e = (const struct inotify_event *)p;
			watch_event(e);
		}
	for (i = 0; i < w.nchanged; i++)
		ctstate_changed(w.changed[i]);
	w.nchanged = 0;
	if (w.templates)
		events_emit(EVENT_TEMPLATE, "templates", "{}");
	if (w.password)
		auth_password_reload();
	w.templates = w.password = 0;
}

void watch_tick(void)
{
	const uint32_t mask = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_CLOSE_WRITE |
			      IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
	unsigned i;

	for (i = 0; i < W_COUNT; i++)
		if (w.wd[i] < 0)
			w.wd[i] = inotify_add_watch(w.fd, watch_dirs[i], mask);
}

int watch_init(void)
{
	unsigned i;

	for (i = 0; i < W_COUNT; i++)
		w.wd[i] = -1;
	w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w.fd < 0 || loop_add(w.fd, EPOLLIN, watch_on_read, NULL) < 0)
		return -1;
	watch_tick();
	return 0;
}
