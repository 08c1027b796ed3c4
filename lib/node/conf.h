#ifndef VZHOST_CONF_H
#define VZHOST_CONF_H

#include <stddef.h>

#include "base/report.h"
#include "base/shassign.h"

/*
 * Shell-style configuration files: KEY="value", KEY='value' or KEY=value
 * lines, '#' comments, blank lines, values that may span lines
 * (base/shassign.h with SHASSIGN_MULTILINE).
 */

#define CONF_FILE_MAX 65536
#define CONF_KEY_MAX SHASSIGN_KEY_MAX
#define CONF_VALUE_MAX 8192

struct conf_entry {
	char key[CONF_KEY_MAX];
	char value[CONF_VALUE_MAX];
	unsigned line;
};

typedef void conf_fn(void *ctx, const struct conf_entry *e);

/*
 * Calls fn for each well-formed entry, in order; reports each malformed
 * line as "FNAME:LINE: cause" and skips it. Returns the number of
 * malformed lines, or -1 (EFBIG, EINVAL) when the whole buffer is refused
 * (too large, NUL bytes).
 */
int conf_parse(const char *buf, size_t len, const char *fname, conf_fn *fn, void *ctx,
	       const struct report *rep);

#endif
