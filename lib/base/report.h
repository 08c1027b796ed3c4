#ifndef VZHOST_REPORT_H
#define VZHOST_REPORT_H

/*
 * Where parsers send their complaints. Parsers are pure functions over
 * buffers; the caller decides whether a complaint goes to the kernel log
 * (init), to stderr (tools) or into a test's list.
 */
struct report {
	void (*fn)(void *ctx, const char *msg);
	void *ctx;
};

#define REPORT_MSG_MAX 512

void report_msg(const struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
