#include <string.h>

#include "cmdline.h"

static int char_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t word_end(const char *buf, size_t len, size_t pos)
{
	int quoted = 0;

	for (; pos < len && buf[pos]; pos++) {
		if (buf[pos] == '"')
			quoted = !quoted;
		else if (!quoted && char_is_blank(buf[pos]))
			break;
	}
	return pos;
}

/* Copies word[start,end) without quotes into dst; -1 if it does not fit. */
static int word_copy(char *dst, size_t size, const char *buf, size_t start, size_t end)
{
	size_t n = 0;

	for (; start < end; start++) {
		if (buf[start] == '"')
			continue;
		if (n + 1 >= size) {
			dst[0] = 0;
			return -1;
		}
		dst[n++] = buf[start];
	}
	dst[n] = 0;
	return 0;
}

static void word_split(const char *buf, size_t start, size_t end, struct cmdline_arg *arg)
{
	size_t eq = start;

	while (eq < end && buf[eq] != '=')
		eq++;
	arg->has_value = eq < end;
	arg->overlong = 0;
	if (word_copy(arg->key, sizeof arg->key, buf, start, eq) < 0)
		arg->overlong = 1;
	arg->value[0] = 0;
	if (arg->has_value && word_copy(arg->value, sizeof arg->value, buf, eq + 1, end) < 0)
		arg->overlong = 1;
}

int cmdline_next(const char *buf, size_t len, size_t *pos, struct cmdline_arg *arg)
{
	size_t start, end;

	if (len > CMDLINE_MAX)
		len = CMDLINE_MAX;
	start = *pos;
	while (start < len && buf[start] && char_is_blank(buf[start]))
		start++;
	if (start >= len || !buf[start])
		return 0;
	end = word_end(buf, len, start);
	*pos = end;
	if (end - start == 2 && !memcmp(buf + start, "--", 2)) {
		*pos = len;
		return 0;
	}
	word_split(buf, start, end, arg);
	return 1;
}
