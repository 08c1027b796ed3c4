#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "svclog.h"

static void svclog_emit(struct service *svc, size_t len)
{
	char line[SVC_OUT_LINE + 1];

	memcpy(line, svc->out_buf, len);
	line[len] = 0;
	if (len)
		log_line(LOG_INFO, svc->def.name, line);
}

static void svclog_consume(struct service *svc, const char *p, size_t n)
{
	for (; n; p++, n--) {
		if (*p == '\n') {
			svclog_emit(svc, svc->out_len);
			svc->out_len = 0;
			continue;
		}
		if (svc->out_len == sizeof svc->out_buf) {
			svclog_emit(svc, svc->out_len);
			svc->out_len = 0;
		}
		svc->out_buf[svc->out_len++] = *p;
	}
}

void svclog_read(struct service *svc)
{
	char buf[1024];
	unsigned rounds;
	ssize_t n;

	for (rounds = 0; svc->out_fd >= 0 && rounds < 16; rounds++) {
		n = read(svc->out_fd, buf, sizeof buf);
		if (n > 0) {
			svclog_consume(svc, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		svclog_emit(svc, svc->out_len);
		svc->out_len = 0;
		close(svc->out_fd);
		svc->out_fd = -1;
	}
}

void svclog_close(struct service *svc)
{
	if (svc->out_fd < 0)
		return;
	svclog_read(svc);
	if (svc->out_fd < 0)
		return;
	svclog_emit(svc, svc->out_len);
	svc->out_len = 0;
	close(svc->out_fd);
	svc->out_fd = -1;
}
