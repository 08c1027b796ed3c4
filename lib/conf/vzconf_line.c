#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/vzconf_line.h"

static const char *line_parse(struct vzconf_line *l)
{
	struct shassign a = { .value = l->value, .value_size = l->len + 1 };
	const char *err = shassign_parse(&a, l->text, l->text + l->len, 0);

	if (err || !a.klen)
		return err;
	l->koff = (size_t)(a.key - l->text);
	l->klen = a.klen;
	l->voff = (size_t)(a.raw - l->text);
	l->vlen = a.rawlen;
	return NULL;
}

int vzconf_line_make(struct vzconf_line *l, const char *text, size_t len, const char **err)
{
	memset(l, 0, sizeof *l);
	/* The unquoted value is never longer than the line. */
	l->text = malloc(2 * len + 2);
	if (!l->text)
		return -1;
	memcpy(l->text, text, len);
	l->text[len] = 0;
	l->len = len;
	l->value = l->text + len + 1;
	l->value[0] = 0;
	*err = len > VZCONF_LINE_MAX ? "line longer than 4096 bytes" : line_parse(l);
	if (*err) {
		l->klen = l->voff = l->vlen = 0;
		l->value[0] = 0;
	}
	return 0;
}

void vzconf_line_free(struct vzconf_line *l)
{
	free(l->text);
	l->text = NULL;
}

int vzconf_line_push(struct vzconf *c, struct vzconf_line *l)
{
	struct vzconf_line *grown;
	unsigned cap;

	if (c->nlines >= VZCONF_LINES_MAX || (l->klen && c->nkeys >= VZCONF_KEYS_MAX)) {
		errno = ENOSPC;
		return -1;
	}
	if (c->nlines == c->cap) {
		cap = c->cap ? 2 * c->cap : 32;
		grown = realloc(c->line, cap * sizeof *grown);
		if (!grown)
			return -1;
		c->line = grown;
		c->cap = cap;
	}
	c->line[c->nlines++] = *l;
	if (l->klen)
		c->nkeys++;
	return 0;
}
