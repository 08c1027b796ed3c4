#ifndef VZHOST_BASE_SHASSIGN_H
#define VZHOST_BASE_SHASSIGN_H

#include <stddef.h>

/*
 * One line of a shell-style configuration file: KEY="value", KEY='value'
 * or KEY=value, or a blank or '#' comment line. Inside double quotes
 * \" \\ \$ \` are escapes; single quotes are literal. Nothing is expanded:
 * '$' is an ordinary character. Unquoted values must not contain shell
 * operators (;&|<>()`). A KEY is a shell variable name of at most
 * SHASSIGN_KEY_MAX - 1 characters.
 *
 * With SHASSIGN_MULTILINE (the node's vzhost.conf) the input may go on
 * past the line: backslash-newline continues a value (inside double
 * quotes or unquoted) and quoted values may span lines. Without it (OpenVZ
 * configs) the input is exactly one line and values never span lines.
 */

#define SHASSIGN_KEY_MAX 64	/* with the NUL */

enum { SHASSIGN_MULTILINE = 1 };

struct shassign {
	char *value;		/* the caller's storage for the unquoted value */
	size_t value_size;
	/* Filled by shassign_parse: */
	const char *key;	/* into the input; klen 0: a blank or comment line */
	size_t klen;
	const char *raw;	/* the value as written (quotes and all) */
	size_t rawlen;
	size_t vlen;		/* the unquoted value in value, NUL-terminated */
	unsigned newlines;	/* line breaks crossed inside the value */
	const char *next;	/* where parsing stopped: at the line's end if it was good */
	char why[48];		/* storage for a why that names a number */
};

/*
 * Parses the line at [p, end) (with SHASSIGN_MULTILINE, up to the first
 * newline outside a value). NULL on success, else why the line is
 * malformed; a->next and a->newlines tell where it stopped either way.
 */
const char *shassign_parse(struct shassign *a, const char *p, const char *end, unsigned flags);

/* ch may stand in a KEY (first: as its first character). */
int shassign_key_char(char ch, int first);

#endif
