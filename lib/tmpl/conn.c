#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "tmpl/http.h"

static int conn_wait(struct tmpl_conn *c, short events)
{
	struct pollfd p = { .fd = c->fd, .events = events };
	int r;

	do
		r = poll(&p, 1, c->timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return (errno = ETIMEDOUT, -1);
	return r < 0 ? -1 : 0;
}

ssize_t tmpl_conn_read(struct tmpl_conn *c, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = read(c->fd, buf, n);

		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || conn_wait(c, POLLIN) < 0)
			return -1;
	}
}

int tmpl_conn_write_all(struct tmpl_conn *c, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t r = write(c->fd, p, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN || conn_wait(c, POLLOUT) < 0)
				return -1;
			continue;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}
