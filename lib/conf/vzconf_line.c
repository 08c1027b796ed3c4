#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/vzconf_line.h"

struct line_cursor {
	const char *p, *end;
	char *out;	/* the unquoted value */
	size_t olen;
};

static int char_is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static int char_is_key(char ch, int first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' ||
	       (!first && ch >= '0' && ch <= '9');
}

static void cursor_skip_blanks(struct line_cursor *c)
{
	while (c->p < c->end && char_is_blank(*c->p))
		c->p++;
}

static const char *value_double(struct line_cursor *c)
{
	for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
		if (*c->p == '\\' && c->p + 1 == c->end)
			return "backslash at end of line (values cannot span lines)";
		if (*c->p == '\\' && strchr("\"\\$`", c->p[1]))
			c->p++;
		c->out[c->olen++] = *c->p;
	}
	if (c->p == c->end)
		return "unterminated double quote (values cannot span lines)";
	c->p++;
	return NULL;
}

static const char *value_single(struct line_cursor *c)
{
	for (c->p++; c->p < c->end && *c->p != '\''; c->p++)
		c->out[c->olen++] = *c->p;
	if (c->p == c->end)
		return "unterminated single quote (values cannot span lines)";
	c->p++;
	return NULL;
}

static const char *value_plain_char(struct line_cursor *c)
{
	if (strchr(";&|<>()`", *c->p))
		return "unquoted shell operator in value; quote the value";
	if (*c->p == '\\') {
		if (c->p + 1 == c->end)
			return "backslash at end of line (values cannot span lines)";
		c->p++;
	}
	c->out[c->olen++] = *c->p++;
	return NULL;
}

static const char *line_read_value(struct line_cursor *c)
{
	const char *err = NULL;

	while (!err && c->p < c->end && !char_is_blank(*c->p)) {
		if (*c->p == '"')
			err = value_double(c);
		else if (*c->p == '\'')
			err = value_single(c);
		else
			err = value_plain_char(c);
	}
	c->out[c->olen] = 0;
	return err;
}

static const char *line_parse(struct vzconf_line *l)
{
	struct line_cursor c = { l->text, l->text + l->len, l->value, 0 };
	const char *err;
	size_t koff;

	cursor_skip_blanks(&c);
	if (c.p == c.end || *c.p == '#')
		return NULL;
	if (!char_is_key(*c.p, 1))
		return "expected KEY=value";
	koff = (size_t)(c.p - l->text);
	while (c.p < c.end && char_is_key(*c.p, 0))
		c.p++;
	if ((size_t)(c.p - l->text) - koff >= VZCONF_KEY_MAX)
		return "key longer than 63 characters";
	if (c.p == c.end || *c.p != '=')
		return "expected '=' right after the key (KEY=value)";
	l->voff = (size_t)(++c.p - l->text);
	err = line_read_value(&c);
	if (err)
		return err;
	l->vlen = (size_t)(c.p - l->text) - l->voff;
	cursor_skip_blanks(&c);
	if (c.p < c.end && *c.p != '#')
		return "unexpected text after the value (quote values that contain blanks)";
	l->koff = koff;
	l->klen = l->voff - 1 - koff;
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
