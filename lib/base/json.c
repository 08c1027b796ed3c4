#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "base/json.h"

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof *j);
	j->f = f;
}

/* Separator and indentation before a value at the current level. */
static void json_value_start(struct json *j)
{
	int d = j->depth;

	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (d == 0) {
		if (j->count[0]++)
			j->failed = 1;
		return;
	}
	if (j->count[d] && !j->lines[d])
		fputs(", ", j->f);
	else if (j->count[d])
		fputc(',', j->f);
	if (j->lines[d])
		fputs("\n  ", j->f);
	j->count[d] = 1;
}

static void json_open(struct json *j, char c, int layout)
{
	json_value_start(j);
	fputc(c, j->f);
	if (j->depth + 1 >= JSON_DEPTH_MAX) {
		j->failed = 1;
		return;
	}
	j->depth++;
	j->count[j->depth] = 0;
	j->lines[j->depth] = (unsigned char)layout;
}

static void json_close(struct json *j, char c)
{
	if (j->depth == 0 || j->after_key) {
		j->failed = 1;
		return;
	}
	if (j->lines[j->depth] && j->count[j->depth])
		fputc('\n', j->f);
	fputc(c, j->f);
	j->depth--;
}

void json_object_begin(struct json *j)
{
	json_open(j, '{', JSON_INLINE);
}

void json_object_end(struct json *j)
{
	json_close(j, '}');
}

void json_array_begin(struct json *j, int layout)
{
	json_open(j, '[', layout);
}

void json_array_end(struct json *j)
{
	json_close(j, ']');
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void json_escaped(FILE *f, const unsigned char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if (s[i] == '"' || s[i] == '\\') {
			fputc('\\', f);
			fputc(s[i++], f);
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			fprintf(f, "\\u%04x", s[i++]);
		} else if ((len = utf8_valid_len(s + i, n - i)) == 0) {
			fputs("\\ufffd", f);
			i++;
		} else {
			fwrite(s + i, 1, len, f);
			i += len;
		}
	}
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	json_value_start(j);
	fputc('"', j->f);
	json_escaped(j->f, (const unsigned char *)s, n);
	fputc('"', j->f);
}

void json_string(struct json *j, const char *s)
{
	json_string_n(j, s, strlen(s));
}

void json_key(struct json *j, const char *key)
{
	if (j->depth == 0 || j->lines[j->depth] || j->after_key)
		j->failed = 1;
	json_string(j, key);
	fputs(": ", j->f);
	j->after_key = 1;
}

void json_uint(struct json *j, uint64_t v)
{
	json_value_start(j);
	fprintf(j->f, "%" PRIu64, v);
}

void json_int(struct json *j, int64_t v)
{
	json_value_start(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_bool(struct json *j, int v)
{
	json_value_start(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	json_value_start(j);
	fputs("null", j->f);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_uint(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_kv_bool(struct json *j, const char *key, int v)
{
	json_key(j, key);
	json_bool(j, v);
}

int json_finish(struct json *j)
{
	fputc('\n', j->f);
	if (fflush(j->f) == EOF || ferror(j->f))
		return -1;
	if (j->failed || j->depth != 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}
