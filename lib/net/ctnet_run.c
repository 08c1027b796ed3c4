#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "net/ctnet_impl.h"

int ctnet_fail(struct ctnet_run *run, const char *fmt, ...)
{
	char what[REPORT_MSG_MAX];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	report_msg(run->rep, "ctnet %u: %s: %s", run->c->ctid, what, strerror(saved));
	errno = saved;
	return -1;
}

int ctnet_sysctl(struct ctnet_run *run, const char *path, const char *value)
{
	if (net_sysctl_write(path, value) < 0)
		return ctnet_fail(run, "sysctl net.%s=%s", path, value);
	return 0;
}

int ctnet_run_open(struct ctnet_run *run, const struct ctnet_config *c, pid_t pid,
		   struct report *rep)
{
	run->c = c;
	run->pid = pid;
	run->rep = rep;
	run->host.fd = run->ct.fd = -1;
	if (!c->ctid) {
		errno = EINVAL;
		return ctnet_fail(run, "CTID 0 is the node");
	}
	if (rtnl_open(&run->host) < 0)
		return ctnet_fail(run, "rtnetlink socket");
	if (pid > 0 && rtnl_open_ns(&run->ct, pid) < 0) {
		ctnet_fail(run, "rtnetlink socket in the network namespace of pid %d", (int)pid);
		rtnl_close(&run->host);
		return -1;
	}
	return 0;
}

void ctnet_run_close(struct ctnet_run *run)
{
	rtnl_close(&run->ct);
	rtnl_close(&run->host);
}

int ctnet_venet_name(unsigned ctid, char *buf, size_t size)
{
	int n = snprintf(buf, size, "venet%u", ctid);

	if (!ctid || n < 0 || (size_t)n >= size || n > 15) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int ctnet_veth_name(unsigned ctid, unsigned idx, char *buf, size_t size)
{
	int n = snprintf(buf, size, "veth%u.%u", ctid, idx);

	if (!ctid || n < 0 || (size_t)n >= size || n > 15) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}
