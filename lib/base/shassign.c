#include <stdio.h>
#include <string.h>

#include "base/shassign.h"

struct cursor {
	const char *p, *end;
	struct shassign *a;
	int multi;
};

static int char_is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int shassign_key_char(char ch, int first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' ||
	       (!first && ch >= '0' && ch <= '9');
}

static int cursor_at_eol(const struct cursor *c)
{
	return c->p == c->end || (c->multi && *c->p == '\n');
}

static void cursor_skip_blanks(struct cursor *c)
{
	while (c->p < c->end && char_is_blank(*c->p))
		c->p++;
}

static const char *value_put(struct cursor *c, char ch)
{
	struct shassign *a = c->a;

	if (a->vlen + 1 >= a->value_size) {
		snprintf(a->why, sizeof a->why, "value longer than %zu bytes", a->value_size - 1);
		return a->why;
	}
	a->value[a->vlen++] = ch;
	return NULL;
}

static const char *value_double(struct cursor *c)
{
	const char *escapes = c->multi ? "\"\\$`\n" : "\"\\$`";
	const char *err;

	for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
		if (*c->p == '\\' && c->p + 1 == c->end && !c->multi)
			return "backslash at end of line (values cannot span lines)";
		if (*c->p == '\n')
			c->a->newlines++;
		if (*c->p == '\\' && c->p + 1 < c->end && strchr(escapes, c->p[1])) {
			c->p++;
			if (*c->p == '\n') {
				c->a->newlines++;
				continue;
			}
		}
		err = value_put(c, *c->p);
		if (err)
			return err;
	}
	if (c->p == c->end)
		return c->multi ? "unterminated double quote"
				: "unterminated double quote (values cannot span lines)";
	c->p++;
	return NULL;
}

static const char *value_single(struct cursor *c)
{
	const char *err;

	for (c->p++; c->p < c->end && *c->p != '\''; c->p++) {
		if (*c->p == '\n')
			c->a->newlines++;
		err = value_put(c, *c->p);
		if (err)
			return err;
	}
	if (c->p == c->end)
		return c->multi ? "unterminated single quote"
				: "unterminated single quote (values cannot span lines)";
	c->p++;
	return NULL;
}

static const char *value_plain_char(struct cursor *c)
{
	if (strchr(";&|<>()`", *c->p))
		return "unquoted shell operator in value; quote the value";
	if (*c->p == '\\') {
		if (c->p + 1 == c->end)
			return c->multi ? "backslash at end of file"
					: "backslash at end of line (values cannot span lines)";
		c->p++;
		if (c->multi && *c->p == '\n') {
			c->a->newlines++;
			c->p++;
			return NULL;
		}
	}
	return value_put(c, *c->p++);
}

static const char *read_value(struct cursor *c)
{
	const char *err = NULL;

	c->a->raw = c->p;
	while (!err && c->p < c->end && !char_is_blank(*c->p) && !(c->multi && *c->p == '\n')) {
		if (*c->p == '"')
			err = value_double(c);
		else if (*c->p == '\'')
			err = value_single(c);
		else
			err = value_plain_char(c);
	}
	c->a->value[c->a->vlen] = 0;
	c->a->rawlen = (size_t)(c->p - c->a->raw);
	return err;
}

static const char *read_key(struct cursor *c)
{
	const char *key = c->p;

	if (!shassign_key_char(*c->p, 1))
		return "expected KEY=value";
	while (c->p < c->end && shassign_key_char(*c->p, c->p == key))
		c->p++;
	if ((size_t)(c->p - key) >= SHASSIGN_KEY_MAX)
		return "key longer than 63 characters";
	if (c->p == c->end || *c->p != '=')
		return "expected '=' right after the key (KEY=value)";
	c->a->key = key;
	c->p++;
	return NULL;
}

static const char *read_line(struct cursor *c)
{
	const char *err;

	cursor_skip_blanks(c);
	if (cursor_at_eol(c) || *c->p == '#')
		return NULL;
	err = read_key(c);
	if (!err)
		err = read_value(c);
	if (err)
		return err;
	cursor_skip_blanks(c);
	if (!cursor_at_eol(c) && *c->p != '#')
		return "unexpected text after the value (quote values that contain blanks)";
	c->a->klen = (size_t)(c->a->raw - 1 - c->a->key);
	return NULL;
}

const char *shassign_parse(struct shassign *a, const char *p, const char *end, unsigned flags)
{
	struct cursor c = { p, end, a, !!(flags & SHASSIGN_MULTILINE) };
	const char *err;

	a->key = a->raw = NULL;
	a->klen = a->rawlen = a->vlen = 0;
	a->newlines = 0;
	if (a->value_size)
		a->value[0] = 0;
	err = read_line(&c);
	if (err)
		a->klen = 0;
	a->next = c.p;
	return err;
}
