#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vzctl.h"
#include "conf/vzvalue.h"

/*
 * Node boot and shutdown: start every ONBOOT=yes container, stop every
 * running one; at most ONBOOT_PARALLEL at a time, each in its own vzctl
 * process (so one slow container does not hold up the others).
 */

#define ONBOOT_PARALLEL 4
#define ALL_MAX 4096

struct ct_batch {
	unsigned id[ALL_MAX];
	size_t n;
	int want_onboot;
};

static void batch_add(struct ct_batch *b, unsigned ctid)
{
	struct ct_status st;
	const char *v;
	struct ct ct;
	int on = 0;

	if (b->n == ALL_MAX || ct_open(&ct, ctid, 0) < 0) {
		ct_close(&ct);
		return;
	}
	ct_status(&ct, &st);
	v = ct_get(&ct, "ONBOOT");
	if (v && vzvalue_onboot(v, &on))
		on = 0;
	if (b->want_onboot ? on && !st.running : st.running || st.monitor_pid)
		b->id[b->n++] = ctid;
	ct_close(&ct);
}

/* Every container into the batch that the batch wants. */
static int batch_fill(struct ct_batch *b)
{
	static struct ct_list list;
	size_t i;

	if (ct_list(&list) < 0) {
		vzctl_err("%s: %s", VZCONF_CT_DIR, strerror(errno));
		return -1;
	}
	for (i = 0; i < list.n; i++)
		batch_add(b, list.id[i]);
	return 0;
}

/* Runs "vzctl CMD CTID [extra]" for each CT, ONBOOT_PARALLEL at a time. */
static int batch_run(const struct ct_batch *b, const char *cmd, const char *extra)
{
	size_t next = 0, running = 0;
	int status, failed = 0;
	char id[16];
	pid_t pid;

	while (next < b->n || running) {
		if (next < b->n && running < ONBOOT_PARALLEL) {
			snprintf(id, sizeof id, "%u", b->id[next++]);
			pid = fork();
			if (pid == 0) {
				execl("/proc/self/exe", "vzctl", cmd, id, extra, (char *)NULL);
				_exit(EXIT_EXEC);
			}
			if (pid > 0)
				running++;
			else
				failed = 1;
			continue;
		}
		pid = wait(&status);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		running--;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	}
	return failed ? EXIT_VZ_FAIL : 0;
}

int cmd_start_onboot(int argc, char **argv)
{
	static struct ct_batch b;

	b.want_onboot = 1;
	if (batch_fill(&b) < 0)
		return EXIT_VZ_FAIL;
	return batch_run(&b, "start", NULL);
}

int cmd_stop_all(int argc, char **argv)
{
	static struct ct_batch b;
	int fast = argc > 1 && strcmp(argv[1], "--fast") == 0;

	if (batch_fill(&b) < 0)
		return EXIT_VZ_FAIL;
	return batch_run(&b, "stop", fast ? "--fast" : NULL);
}
