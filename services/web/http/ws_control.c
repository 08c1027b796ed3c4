/*
 * The console's control messages. They are tiny and of two shapes, so the
 * parser takes exactly those: an object of string and integer members,
 * numbers as JSON writes them (no sign, no leading zero, no fraction) up
 * to 2^53.
 */
#include <string.h>

#include "ws_control.h"

#define NUMBER_MAX 9007199254740992ULL	/* 2^53 */

enum { KEY_TYPE = 1, KEY_ROWS = 2, KEY_COLS = 4, KEY_BYTES = 8 };

struct cursor {
	const char *p, *end;
};

static void skip_blanks(struct cursor *c)
{
	while (c->p < c->end && strchr(" \t\r\n", *c->p) && *c->p)
		c->p++;
}

static int take(struct cursor *c, char ch)
{
	skip_blanks(c);
	if (c->p == c->end || *c->p != ch)
		return -1;
	c->p++;
	return 0;
}

/* A string without escapes or control bytes: its bytes in *s, *n. */
static int take_string(struct cursor *c, const char **s, size_t *n)
{
	if (take(c, '"') < 0)
		return -1;
	*s = c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' || (unsigned char)*c->p < ' ')
			return -1;
		c->p++;
	}
	if (c->p == c->end)
		return -1;
	*n = (size_t)(c->p++ - *s);
	return 0;
}

static int take_number(struct cursor *c, uint64_t *v)
{
	const char *start;

	skip_blanks(c);
	start = c->p;
	*v = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		*v = *v * 10 + (uint64_t)(*c->p++ - '0');
		if (*v > NUMBER_MAX)
			return -1;
	}
	if (c->p == start || (*start == '0' && c->p - start > 1))
		return -1;
	return 0;
}

static int key_of(const char *s, size_t n)
{
	static const char *const names[] = { "type", "rows", "cols", "bytes" };
	int i;

	for (i = 0; i < 4; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return 1 << i;
	return 0;
}

/* One "key": value member into c; *seen gets its key. */
static int control_member(struct cursor *cur, struct ws_control *c, unsigned *seen,
			  const char **why)
{
	const char *s;
	size_t n;
	uint64_t v;
	int key;

	if (take_string(cur, &s, &n) < 0 || take(cur, ':') < 0)
		return (*why = "malformed control message", -1);
	if (!(key = key_of(s, n)))
		return (*why = "unknown key in a control message", -1);
	if (*seen & (unsigned)key)
		return (*why = "a key twice in a control message", -1);
	*seen |= (unsigned)key;
	if (key == KEY_TYPE) {
		if (take_string(cur, &s, &n) < 0)
			return (*why = "control message type not a string", -1);
		c->type = n == 6 && !memcmp(s, "resize", 6) ? WS_CONTROL_RESIZE
			  : n == 3 && !memcmp(s, "ack", 3) ? WS_CONTROL_ACK : 0;
		return c->type ? 0 : (*why = "unknown control message type", -1);
	}
	if (take_number(cur, &v) < 0)
		return (*why = "control message value not a number", -1);
	if (key == KEY_BYTES)
		c->bytes = v;
	else if (v < 1 || v > WS_WINSZ_MAX)
		return (*why = "window size out of range (1-1000)", -1);
	else if (key == KEY_ROWS)
		c->rows = (unsigned)v;
	else
		c->cols = (unsigned)v;
	return 0;
}

int ws_control_parse(const char *p, size_t n, struct ws_control *c, const char **why)
{
	struct cursor cur = { p, p + n };
	unsigned seen = 0;

	memset(c, 0, sizeof *c);
	if (n > WS_CONTROL_TEXT_MAX)
		return (*why = "control message too long", -1);
	if (take(&cur, '{') < 0)
		return (*why = "control message not a JSON object", -1);
	do {
		if (control_member(&cur, c, &seen, why) < 0)
			return -1;
	} while (take(&cur, ',') == 0);
	if (take(&cur, '}') < 0)
		return (*why = "malformed control message", -1);
	skip_blanks(&cur);
	if (cur.p != cur.end)
		return (*why = "bytes after the control message", -1);
	if (!(seen & KEY_TYPE) ||
	    seen != (c->type == WS_CONTROL_RESIZE ? (KEY_TYPE | KEY_ROWS | KEY_COLS)
						   : (KEY_TYPE | KEY_BYTES)))
		return (*why = "control message without the members of its type", -1);
	return 0;
}
