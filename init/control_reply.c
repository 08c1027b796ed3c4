#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "control_reply.h"
#include "node/ctlproto.h"
#include "supervise.h"

void control_send(int fd, const char *text)
{
	send(fd, text, strlen(text), MSG_DONTWAIT | MSG_NOSIGNAL);
}

static size_t status_line(char *buf, size_t size, const struct service *svc, int64_t now)
{
	char pid[16] = "-", uptime[24] = "-";
	int n;

	if (svc->pid > 0) {
		snprintf(pid, sizeof pid, "%d", (int)svc->pid);
		snprintf(uptime, sizeof uptime, "%lld", (long long)(now - svc->started_at) / 1000);
	}
	n = snprintf(buf, size, "%s %s %s %u %s\n", svc->def.name, service_state_name(svc->state),
		     pid, svc->restarts, uptime);
	return n < 0 || (size_t)n >= size ? 0 : (size_t)n;
}

static void reply_list(int fd, struct services *s, int64_t now)
{
	char buf[CTL_REPLY_MAX];
	size_t len = 3, i, n;

	memcpy(buf, "ok\n", 4);
	for (i = 0; i < s->n; i++) {
		n = status_line(buf + len, sizeof buf - len, &s->svc[i], now);
		if (!n)
			break;
		len += n;
	}
	control_send(fd, buf);
}

static int reply_action(struct services *s, struct service *svc, enum ctl_op op, int64_t now,
			const char **why)
{
	switch (op) {
	case CTL_START:
		return service_start(s, svc, now, why);
	case CTL_STOP:
		return service_stop(svc, now, why);
	case CTL_RESTART:
		return service_restart(s, svc, now, why);
	default:
		return 0;
	}
}

void control_reply(int fd, const char *req, size_t len, struct services *s, int64_t now)
{
	char name[SVC_NAME_MAX], buf[256];
	struct service *svc;
	const char *why = "";
	enum ctl_op op;

	if (ctl_request_parse(req, len, &op, name)) {
		control_send(fd, "error malformed request\n");
		return;
	}
	if (op == CTL_LIST) {
		reply_list(fd, s, now);
		return;
	}
	svc = service_find(s, name);
	if (!svc) {
		snprintf(buf, sizeof buf, "error %s: unknown service\n", name);
	} else if (reply_action(s, svc, op, now, &why) < 0) {
		snprintf(buf, sizeof buf, "error %s: %s\n", name, why);
	} else {
		memcpy(buf, "ok\n", 4);
		status_line(buf + 3, sizeof buf - 3, svc, now);
	}
	control_send(fd, buf);
}
