#include <errno.h>
#include <string.h>

#include "node/conf.h"

struct conf_cursor {
	const char *p;
	const char *end;
	unsigned line;
	struct conf_entry *e;
	size_t vlen;
};

static int cursor_at_eol(const struct conf_cursor *c)
{
	return c->p == c->end || *c->p == '\n';
}

static void cursor_skip_blanks(struct conf_cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r'))
		c->p++;
}

static void cursor_skip_line(struct conf_cursor *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
}

static int char_is_key(char ch, int first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' ||
	       (!first && ch >= '0' && ch <= '9');
}

static const char *conf_read_key(struct conf_cursor *c)
{
	size_t n = 0;

	if (!char_is_key(*c->p, 1))
		return "expected KEY=value";
	while (c->p < c->end && char_is_key(*c->p, n == 0)) {
		if (n + 1 >= CONF_KEY_MAX)
			return "key longer than 63 characters";
		c->e->key[n++] = *c->p++;
	}
	c->e->key[n] = 0;
	if (c->p == c->end || *c->p != '=')
		return "expected '=' right after the key (KEY=value)";
	c->p++;
	return NULL;
}

static const char *value_put(struct conf_cursor *c, char ch)
{
	if (c->vlen + 1 >= CONF_VALUE_MAX)
		return "value longer than 8191 bytes";
	c->e->value[c->vlen++] = ch;
	return NULL;
}

static const char *value_double(struct conf_cursor *c)
{
	const char *err;

	for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
		if (*c->p == '\n')
			c->line++;
		if (*c->p == '\\' && c->p + 1 < c->end && strchr("\"\\$`\n", c->p[1])) {
			c->p++;
			if (*c->p == '\n') {
				c->line++;
				continue;
			}
		}
		err = value_put(c, *c->p);
		if (err)
			return err;
	}
	if (c->p == c->end)
		return "unterminated double quote";
	c->p++;
	return NULL;
}

static const char *value_single(struct conf_cursor *c)
{
	const char *err;

	for (c->p++; c->p < c->end && *c->p != '\''; c->p++) {
		if (*c->p == '\n')
			c->line++;
		err = value_put(c, *c->p);
		if (err)
			return err;
	}
	if (c->p == c->end)
		return "unterminated single quote";
	c->p++;
	return NULL;
}

static const char *value_plain_char(struct conf_cursor *c)
{
	if (strchr(";&|<>()`", *c->p))
		return "unquoted shell operator in value; quote the value";
	if (*c->p == '\\') {
		if (c->p + 1 == c->end)
			return "backslash at end of file";
		c->p++;
		if (*c->p == '\n') {
			c->line++;
			c->p++;
			return NULL;
		}
	}
	return value_put(c, *c->p++);
}

static const char *conf_read_value(struct conf_cursor *c)
{
	const char *err = NULL;

	c->vlen = 0;
	while (!err && c->p < c->end && !strchr(" \t\r\n", *c->p)) {
		if (*c->p == '"')
			err = value_double(c);
		else if (*c->p == '\'')
			err = value_single(c);
		else
			err = value_plain_char(c);
	}
	c->e->value[c->vlen] = 0;
	return err;
}

/* One entry or comment/blank line; NULL when it was fine. */
static const char *conf_read_line(struct conf_cursor *c, int *have_entry)
{
	const char *err;

	*have_entry = 0;
	cursor_skip_blanks(c);
	if (cursor_at_eol(c) || *c->p == '#')
		return NULL;
	err = conf_read_key(c);
	if (!err)
		err = conf_read_value(c);
	if (err)
		return err;
	cursor_skip_blanks(c);
	if (!cursor_at_eol(c) && *c->p != '#')
		return "unexpected text after the value (quote values that contain blanks)";
	*have_entry = 1;
	return NULL;
}

static int conf_check_buffer(const char *buf, size_t len, const char *fname,
			     const struct report *rep)
{
	if (len > CONF_FILE_MAX) {
		report_msg(rep, "%s: larger than %d bytes; not read", fname, CONF_FILE_MAX);
		errno = EFBIG;
		return -1;
	}
	if (memchr(buf, 0, len)) {
		report_msg(rep, "%s: contains NUL bytes; not a text file", fname);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int conf_parse(const char *buf, size_t len, const char *fname, conf_fn *fn, void *ctx,
	       const struct report *rep)
{
	struct conf_entry entry;
	struct conf_cursor c = { buf, buf + len, 1, &entry, 0 };
	const char *err;
	unsigned start;
	int bad = 0, have;

	if (conf_check_buffer(buf, len, fname, rep) < 0)
		return -1;
	while (c.p < c.end) {
		start = c.line;
		entry.line = start;
		err = conf_read_line(&c, &have);
		if (err) {
			report_msg(rep, "%s:%u: %s; line ignored", fname, start, err);
			bad++;
		} else if (have) {
			fn(ctx, &entry);
		}
		cursor_skip_line(&c);
		if (c.p < c.end) {
			c.p++;
			c.line++;
		}
	}
	return bad;
}
