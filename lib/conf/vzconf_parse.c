#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "conf/vzconf_line.h"

static int buffer_check(const char *name, const char *buf, size_t len, const struct report *rep)
{
	const char *p;
	unsigned lines = 0;

	if (text_check(buf, len, VZCONF_FILE_MAX, name, rep) < 0)
		return -1;
	for (p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf))); p++)
		lines++;
	if (lines + (len && buf[len - 1] != '\n') > VZCONF_LINES_MAX) {
		report_msg(rep, "%s: more than %d lines; not read", name, VZCONF_LINES_MAX);
		errno = E2BIG;
		return -1;
	}
	return 0;
}

static int parse_line(struct vzconf *c, unsigned lineno, const char *text, size_t len,
		      const struct report *rep)
{
	struct vzconf_line l;
	const char *err;

	if (vzconf_line_make(&l, text, len, &err) < 0) {
		report_msg(rep, "%s: out of memory", c->name);
		return -1;
	}
	if (vzconf_line_push(c, &l) < 0) {
		if (errno == ENOSPC) {
			report_msg(rep, "%s:%u: more than %d keys; not read", c->name, lineno,
				   VZCONF_KEYS_MAX);
			errno = E2BIG;
		}
		vzconf_line_free(&l);
		return -1;
	}
	if (!err)
		return 0;
	report_msg(rep, "%s:%u: %s; line ignored", c->name, lineno, err);
	return 1;
}

int vzconf_parse(struct vzconf *c, const char *name, const char *buf, size_t len,
		 const struct report *rep)
{
	const char *p = buf, *end = buf + len, *nl;
	unsigned lineno = 0;
	int bad = 0, r;

	vzconf_init(c, name);
	if (buffer_check(c->name, buf, len, rep) < 0)
		return -1;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		c->no_final_newline = !nl;
		if (!nl)
			nl = end;
		r = parse_line(c, ++lineno, p, (size_t)(nl - p), rep);
		if (r < 0) {
			vzconf_free(c);
			return -1;
		}
		bad += r;
		p = nl + 1;
	}
	return bad;
}
