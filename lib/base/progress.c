#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/monotime.h"
#include "base/progress.h"

void progress_bytes(char *buf, size_t size, uint64_t v)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double x = (double)v;
	unsigned i = 0;

	if (v < 1024) {
		snprintf(buf, size, "%" PRIu64 " B", v);
		return;
	}
	for (x /= 1024; x >= 1024 && i + 1 < sizeof units / sizeof units[0]; i++)
		x /= 1024;
	snprintf(buf, size, "%.1f %s", x, units[i]);
}

void progress_seconds(char *buf, size_t size, uint64_t s)
{
	if (s < 60)
		snprintf(buf, size, "%" PRIu64 " s", s);
	else if (s < 3600)
		snprintf(buf, size, "%" PRIu64 " min %02" PRIu64 " s", s / 60, s % 60);
	else
		snprintf(buf, size, "%" PRIu64 " h %02" PRIu64 " min", s / 3600, s / 60 % 60);
}

/* Appends text at *len, within size. */
static void line_add(char *buf, size_t size, size_t *len, const char *a, const char *b)
{
	int n = snprintf(buf + *len, size - *len, "%s%s", a, b);

	if (n > 0)
		*len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

size_t progress_format(char *buf, size_t size, const char *what, uint64_t done, uint64_t total,
		       int64_t elapsed_ms, int finished)
{
	char text[32];
	uint64_t rate = elapsed_ms > 0 ? done * 1000 / (uint64_t)elapsed_ms : 0;
	size_t len = 0;

	if (!size)
		return 0;
	buf[0] = 0;
	progress_bytes(text, sizeof text, done);
	line_add(buf, size, &len, what, ": ");
	line_add(buf, size, &len, text, "");
	if (elapsed_ms < 0)
		elapsed_ms = 0;
	if (finished) {
		if (elapsed_ms < 10000)
			snprintf(text, sizeof text, "%.1f s", (double)elapsed_ms / 1000);
		else
			progress_seconds(text, sizeof text, (uint64_t)elapsed_ms / 1000);
		line_add(buf, size, &len, " in ", text);
	} else if (total) {
		progress_bytes(text, sizeof text, total);
		line_add(buf, size, &len, " of ", text);
	}
	if (!rate)
		return len;
	progress_bytes(text, sizeof text, rate);
	line_add(buf, size, &len, ", ", text);
	line_add(buf, size, &len, "/s", "");
	if (!finished && total > done) {
		progress_seconds(text, sizeof text, (total - done + rate - 1) / rate);
		line_add(buf, size, &len, ", ", text);
		line_add(buf, size, &len, " left", "");
	}
	return len;
}

static void progress_draw(struct progress *p, int64_t now, int finished)
{
	char line[PROGRESS_LINE_MAX + 8];
	size_t len;

	line[0] = '\r';
	len = 1 + progress_format(line + 1, PROGRESS_LINE_MAX, p->what, p->done, p->total,
				  now - p->start_ms, finished);
	/* Clear what a longer line left; the last one ends the line. */
	memcpy(line + len, finished ? "\033[K\n" : "\033[K", finished ? 4 : 3);
	len += finished ? 4 : 3;
	if (write(p->fd, line, len) < 0)
		p->fd = -1;
	p->drawn_ms = now;
}

void progress_start(struct progress *p, int fd, const char *what)
{
	memset(p, 0, sizeof *p);
	p->fd = fd;
	p->what = what;
	p->start_ms = p->drawn_ms = monotime_ms();
}

void progress_total(struct progress *p, uint64_t total)
{
	p->total = total;
}

void progress_update(struct progress *p, uint64_t done)
{
	int64_t now;

	p->done = done;
	if (p->fd < 0)
		return;
	now = monotime_ms();
	if (now - p->drawn_ms >= PROGRESS_REDRAW_MS)
		progress_draw(p, now, 0);
}

void progress_end(struct progress *p)
{
	if (p->fd >= 0)
		progress_draw(p, monotime_ms(), 1);
}
