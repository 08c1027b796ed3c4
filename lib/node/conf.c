#include <string.h>

#include "base/text.h"
#include "node/conf.h"

int conf_parse(const char *buf, size_t len, const char *fname, conf_fn *fn, void *ctx,
	       const struct report *rep)
{
	const char *p = buf, *end = buf + len, *err;
	struct conf_entry entry;
	struct shassign a = { .value = entry.value, .value_size = sizeof entry.value };
	unsigned line = 1;
	int bad = 0;

	if (text_check(buf, len, CONF_FILE_MAX, fname, rep) < 0)
		return -1;
	while (p < end) {
		entry.line = line;
		err = shassign_parse(&a, p, end, SHASSIGN_MULTILINE);
		p = a.next;
		line += a.newlines;
		if (err) {
			report_msg(rep, "%s:%u: %s; line ignored", fname, entry.line, err);
			bad++;
		} else if (a.klen) {
			memcpy(entry.key, a.key, a.klen);
			entry.key[a.klen] = 0;
			fn(ctx, &entry);
		}
		while (p < end && *p != '\n')
			p++;
		if (p < end) {
			p++;
			line++;
		}
	}
	return bad;
}
