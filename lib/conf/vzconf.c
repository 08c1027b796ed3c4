#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/vzconf_line.h"

void vzconf_init(struct vzconf *c, const char *name)
{
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
}

void vzconf_free(struct vzconf *c)
{
	unsigned i;

	for (i = 0; i < c->nlines; i++)
		vzconf_line_free(&c->line[i]);
	free(c->line);
	c->line = NULL;
	c->nlines = c->cap = c->nkeys = 0;
	c->no_final_newline = 0;
}

size_t vzconf_size(const struct vzconf *c)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < c->nlines; i++)
		n += c->line[i].len + 1;
	return n - (c->nlines && c->no_final_newline);
}

int vzconf_format(const struct vzconf *c, char *buf, size_t size)
{
	size_t n = vzconf_size(c), off = 0;
	unsigned i;

	if (n >= size || n > VZCONF_FILE_MAX) {
		errno = ENOSPC;
		return -1;
	}
	for (i = 0; i < c->nlines; i++) {
		memcpy(buf + off, c->line[i].text, c->line[i].len);
		off += c->line[i].len;
		if (off < n)
			buf[off++] = '\n';
	}
	buf[off] = 0;
	return (int)off;
}

int vzconf_key_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!shassign_key_char(s[i], i == 0))
			return 0;
	return i > 0 && i < VZCONF_KEY_MAX;
}

static int line_has_key(const struct vzconf_line *l, const char *key, size_t klen)
{
	return l->klen == klen && !memcmp(l->text + l->koff, key, klen);
}

static int key_last(const struct vzconf *c, const char *key)
{
	size_t klen = strlen(key);
	unsigned i;

	for (i = c->nlines; i-- > 0;)
		if (line_has_key(&c->line[i], key, klen))
			return (int)i;
	return -1;
}

const char *vzconf_get(const struct vzconf *c, const char *key)
{
	int i = key_last(c, key);

	return i < 0 ? NULL : c->line[i].value;
}

static void line_remove(struct vzconf *c, unsigned i)
{
	if (c->line[i].klen)
		c->nkeys--;
	vzconf_line_free(&c->line[i]);
	memmove(&c->line[i], &c->line[i + 1], (c->nlines - i - 1) * sizeof c->line[0]);
	c->nlines--;
}

int vzconf_unset(struct vzconf *c, const char *key)
{
	size_t klen = strlen(key);
	unsigned i = c->nlines;
	int n = 0;

	while (i-- > 0)
		if (line_has_key(&c->line[i], key, klen)) {
			line_remove(c, i);
			n++;
		}
	return n;
}

/* value in double quotes with " \ ` escaped; '$' stays as OpenVZ writes it. */
static size_t value_quote(const char *value, char *out)
{
	size_t n = 0;

	out[n++] = '"';
	for (; *value; value++) {
		if (strchr("\"\\`", *value))
			out[n++] = '\\';
		out[n++] = *value;
	}
	out[n++] = '"';
	return n;
}

static const char *value_check(const char *value)
{
	const unsigned char *p;

	if (strlen(value) >= VZCONF_VALUE_MAX)
		return "value longer than 4095 bytes";
	for (p = (const unsigned char *)value; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return "value contains a newline or control character";
	return NULL;
}

/* The new text of line i (or of a new line, i < 0) with key set to value. */
static char *line_text_with(const struct vzconf *c, int i, const char *key, const char *value,
			    size_t *len)
{
	const struct vzconf_line *l = i < 0 ? NULL : &c->line[i];
	size_t head = l ? l->voff : strlen(key) + 1, tail = l ? l->len - l->voff - l->vlen : 0;
	char *t = malloc(head + 2 * strlen(value) + 3 + tail);

	if (!t)
		return NULL;
	if (l)
		memcpy(t, l->text, head);
	else
		sprintf(t, "%s=", key);
	*len = head + value_quote(value, t + head);
	if (l)
		memcpy(t + *len, l->text + l->voff + l->vlen, tail);
	*len += tail;
	return t;
}

static int set_fail(struct vzconf *c, const struct report *rep, int err, const char *key,
		    const char *cause)
{
	report_msg(rep, "%s: %s: %s", c->name, key, cause);
	errno = err;
	return -1;
}

static int line_replace(struct vzconf *c, int i, const char *text, size_t len)
{
	struct vzconf_line l;
	const char *err;

	if (vzconf_line_make(&l, text, len, &err) < 0)
		return -1;
	if (err) {
		/* Cannot happen: value_check and value_quote make a valid line. */
		vzconf_line_free(&l);
		errno = EINVAL;
		return -1;
	}
	if (i < 0) {
		if (vzconf_line_push(c, &l) < 0) {
			vzconf_line_free(&l);
			return -1;
		}
		c->no_final_newline = 0;
		return 0;
	}
	vzconf_line_free(&c->line[i]);
	c->line[i] = l;
	return 0;
}

static void drop_earlier(struct vzconf *c, int last, const char *key)
{
	size_t klen = strlen(key);

	while (last-- > 0)
		if (line_has_key(&c->line[last], key, klen))
			line_remove(c, (unsigned)last);
}

int vzconf_set(struct vzconf *c, const char *key, const char *value,
	       const struct report *rep)
{
	int i = key_last(c, key);
	const char *cause;
	size_t len, grow;
	char *text;

	if (!vzconf_key_valid(key))
		return set_fail(c, rep, EINVAL, key, "not a valid key ([A-Za-z_][A-Za-z0-9_]*, at most 63)");
	cause = value_check(value);
	if (cause)
		return set_fail(c, rep, EINVAL, key, cause);
	if (i >= 0 && !strcmp(c->line[i].value, value))
		return 0;
	if (i < 0 && (c->nkeys >= VZCONF_KEYS_MAX || c->nlines >= VZCONF_LINES_MAX))
		return set_fail(c, rep, ENOSPC, key, "too many keys or lines in the file");
	text = line_text_with(c, i, key, value, &len);
	if (!text)
		return set_fail(c, rep, ENOMEM, key, "out of memory");
	if (len > VZCONF_LINE_MAX) {
		free(text);
		return set_fail(c, rep, E2BIG, key, "line would be longer than 4096 bytes");
	}
	grow = i < 0 ? len + 1 + (c->nlines && c->no_final_newline) : len - c->line[i].len;
	if (len > (i < 0 ? 0 : c->line[i].len) && vzconf_size(c) + grow > VZCONF_FILE_MAX) {
		free(text);
		return set_fail(c, rep, EFBIG, key, "file would be larger than 65536 bytes");
	}
	if (line_replace(c, i, text, len) < 0) {
		free(text);
		return set_fail(c, rep, errno, key, strerror(errno));
	}
	free(text);
	if (i > 0)
		drop_earlier(c, i, key);
	return 0;
}
