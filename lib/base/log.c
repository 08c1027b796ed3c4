#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"

static int kmsg_fd = -1;
static const char *log_tag = "init";

void log_open(const char *tag)
{
	log_tag = tag;
	if (kmsg_fd < 0)
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY);
}

int log_console_level(void)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open(LOG_PRINTK_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 7;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 7;
	buf[n] = 0;
	return atoi(buf);
}

static void console_write(const char *text, size_t len)
{
	int fd;

	fd = open("/dev/console", O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	if (write(fd, text, len) < 0)
		errno = 0;
	close(fd);
}

static void text_sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

void log_line(int level, const char *tag, const char *msg)
{
	char line[LOG_LINE_MAX];
	size_t prefix, len;
	int n;

	n = snprintf(line, sizeof line - 1, "<%d>", LOG_DAEMON | level);
	prefix = (size_t)n;
	n = snprintf(line + prefix, sizeof line - 1 - prefix, "%s: %s", tag, msg);
	len = prefix + ((size_t)n < sizeof line - 1 - prefix ? (size_t)n : sizeof line - 2 - prefix);
	text_sanitize(line + prefix);
	line[len++] = '\n';
	if (kmsg_fd < 0 || write(kmsg_fd, line, len) < 0) {
		if (write(2, line + prefix, len - prefix) < 0)
			errno = 0;
		return;
	}
	if (level <= LOG_WARNING && level >= log_console_level())
		console_write(line + prefix, len - prefix);
}

static void log_vmsg(int level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void log_vmsg(int level, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX];
	int saved = errno;

	vsnprintf(msg, sizeof msg, fmt, ap);
	log_line(level, log_tag, msg);
	errno = saved;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_INFO, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERR, fmt, ap);
	va_end(ap);
}

static void log_report_fn(void *ctx, const char *msg)
{
	(void)ctx;
	log_warn("%s", msg);
}

const struct report log_report_warn = { log_report_fn, NULL };
