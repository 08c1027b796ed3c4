#ifndef VZHOST_LOG_H
#define VZHOST_LOG_H

#include <syslog.h>

#include "base/report.h"

/*
 * Logging for programs started by init: one record per message into the
 * kernel log (/dev/kmsg, "<PRI>tag: message"), which the console shows up
 * to its log level and klogd copies into syslogd's ring. Warnings and
 * errors the console loglevel would hide (kernel "quiet") are also written
 * to /dev/console.
 * Without /dev/kmsg, messages go to stderr.
 */

#define LOG_LINE_MAX 900
#define LOG_PRINTK_PATH "/proc/sys/kernel/printk"

void log_open(const char *tag);
void log_line(int level, const char *tag, const char *msg);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The kernel's console log level (the first field of LOG_PRINTK_PATH):
   messages of a level below it reach the console; 7 if unknown. */
int log_console_level(void);

/* A report sink that logs each complaint as a warning. */
extern const struct report log_report_warn;

#endif
