#ifndef VZHOST_CMDLINE_H
#define VZHOST_CMDLINE_H

#include <stddef.h>

/*
 * Kernel command line tokenizer. Words are separated by blanks; double
 * quotes group blanks into a word (key="a b" or "key=a b") and are removed,
 * as the kernel does. Parsing stops at "--" (the rest belongs to init's
 * argv). Keys and values longer than their buffers are flagged, not cut.
 */

#define CMDLINE_MAX 4096
#define CMDLINE_KEY_MAX 64
#define CMDLINE_VALUE_MAX 256

struct cmdline_arg {
	char key[CMDLINE_KEY_MAX];
	char value[CMDLINE_VALUE_MAX];
	int has_value;
	int overlong;
};

/* 1 and the next word in *arg, or 0 at the end; *pos starts at 0. */
int cmdline_next(const char *buf, size_t len, size_t *pos, struct cmdline_arg *arg);

#endif
