#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/json_parse.h"

struct json_in {
	struct json_doc *d;
	const unsigned char *s;
	size_t len, pos;
	int depth;
};

static int json_fail(struct json_in *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int json_fail(struct json_in *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(in->d->err, sizeof in->d->err, fmt, ap);
	va_end(ap);
	in->d->err_offset = in->pos;
	return -1;
}

static void json_blanks(struct json_in *in)
{
	while (in->pos < in->len && strchr(" \t\r\n", in->s[in->pos]) && in->s[in->pos])
		in->pos++;
}

static int json_peek(struct json_in *in)
{
	json_blanks(in);
	return in->pos < in->len ? in->s[in->pos] : -1;
}

static int json_node_new(struct json_in *in, enum json_type type)
{
	struct json_doc *d = in->d;
	struct json_node *n;

	if (d->n > JSON_DOC_VALUES_MAX)
		return json_fail(in, "more than %d values", JSON_DOC_VALUES_MAX);
	n = &d->node[d->n];
	memset(n, 0, sizeof *n);
	n->type = type;
	n->first = n->next = JSON_DOC_NONE;
	return (int)d->n++;
}

/* Room for len bytes and a NUL in the document's text (never short: the
   decoded form is no longer than the encoded one). */
static char *json_text_take(struct json_in *in, size_t len)
{
	char *p = in->d->text + in->d->used;

	in->d->used += len + 1;
	return p;
}

static int json_hex4(struct json_in *in, unsigned *cp)
{
	unsigned v = 0, i, c;

	if (in->len - in->pos < 4)
		return json_fail(in, "a \\u escape needs four hex digits");
	for (i = 0; i < 4; i++) {
		c = in->s[in->pos + i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (c | 0x20) - 'a' + 10;
		else
			return json_fail(in, "a \\u escape needs four hex digits");
	}
	in->pos += 4;
	*cp = v;
	return 0;
}

/* A \u escape (after "\u"), a surrogate pair joined: the code point. */
static int json_escape_u(struct json_in *in, unsigned *cp)
{
	unsigned lo;

	if (json_hex4(in, cp) < 0)
		return -1;
	if (*cp == 0)
		return json_fail(in, "\\u0000 in a string");
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return json_fail(in, "a lone low surrogate \\u%04x", *cp);
	if (*cp < 0xd800 || *cp > 0xdbff)
		return 0;
	if (in->len - in->pos < 2 || in->s[in->pos] != '\\' || in->s[in->pos + 1] != 'u')
		return json_fail(in, "a high surrogate without its low half");
	in->pos += 2;
	if (json_hex4(in, &lo) < 0)
		return -1;
	if (lo < 0xdc00 || lo > 0xdfff)
		return json_fail(in, "a high surrogate without its low half");
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

static size_t utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid
   (overlong forms, surrogates and code points past U+10FFFF refused). */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp, min;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		len = 2, cp = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		len = 3, cp = c & 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		len = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static int json_escape(struct json_in *in, char *out, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *p;
	unsigned cp;
	int c;

	if (in->pos >= in->len)
		return json_fail(in, "a string without its closing quote");
	c = in->s[in->pos++];
	if (c == 'u') {
		if (json_escape_u(in, &cp) < 0)
			return -1;
		*n += utf8_put(out + *n, cp);
		return 0;
	}
	p = c ? strchr(from, c) : NULL;
	if (!p)
		return json_fail(in, "a bad escape \\%c in a string", c >= 0x20 && c < 0x7f ? c : '?');
	out[(*n)++] = to[p - from];
	return 0;
}

/* A string at the opening quote, decoded into the document's text. */
static int json_read_string(struct json_in *in, const char **text, size_t *len)
{
	char *out = json_text_take(in, 0);
	size_t n = 0, k;
	unsigned c;

	in->pos++;
	for (;;) {
		if (n > JSON_DOC_STRING_MAX)
			return json_fail(in, "a string longer than %d bytes", JSON_DOC_STRING_MAX);
		if (in->pos >= in->len)
			return json_fail(in, "a string without its closing quote");
		c = in->s[in->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return json_fail(in, "a control character in a string");
		if (c == '\\') {
			in->pos++;
			if (json_escape(in, out, &n) < 0)
				return -1;
			continue;
		}
		k = utf8_valid(in->s + in->pos, in->len - in->pos);
		if (!k)
			return json_fail(in, "invalid UTF-8 in a string");
		memcpy(out + n, in->s + in->pos, k);
		n += k;
		in->pos += k;
	}
	if (n > JSON_DOC_STRING_MAX)
		return json_fail(in, "a string longer than %d bytes", JSON_DOC_STRING_MAX);
	in->pos++;
	out[n] = 0;
	in->d->used += n;
	*text = out;
	*len = n;
	return 0;
}

static size_t json_digits(struct json_in *in)
{
	size_t start = in->pos;

	while (in->pos < in->len && in->s[in->pos] >= '0' && in->s[in->pos] <= '9')
		in->pos++;
	return in->pos - start;
}

static int json_read_number(struct json_in *in, struct json_node *node)
{
	size_t start = in->pos, len;
	char *out;

	if (in->s[in->pos] == '-')
		in->pos++;
	if (in->pos < in->len && in->s[in->pos] == '0') {
		in->pos++;
		if (in->pos < in->len && in->s[in->pos] >= '0' && in->s[in->pos] <= '9')
			return json_fail(in, "a number with a leading zero");
	} else if (!json_digits(in)) {
		return json_fail(in, "a bad number");
	}
	if (in->pos < in->len && in->s[in->pos] == '.') {
		in->pos++;
		if (!json_digits(in))
			return json_fail(in, "a bad number: no digits after '.'");
	}
	if (in->pos < in->len && (in->s[in->pos] | 0x20) == 'e') {
		in->pos++;
		if (in->pos < in->len && (in->s[in->pos] == '+' || in->s[in->pos] == '-'))
			in->pos++;
		if (!json_digits(in))
			return json_fail(in, "a bad number: no digits in the exponent");
	}
	len = in->pos - start;
	out = json_text_take(in, len);
	memcpy(out, in->s + start, len);
	out[len] = 0;
	node->text = out;
	node->len = len;
	return 0;
}

static int json_read_word(struct json_in *in, const char *word)
{
	size_t n = strlen(word);

	if (in->len - in->pos < n || memcmp(in->s + in->pos, word, n))
		return json_fail(in, "an unexpected character");
	in->pos += n;
	return 0;
}

static int json_read_value(struct json_in *in, int *out);

/* Appends child to container c after *last. */
static void json_link(struct json_doc *d, int c, int *last, int child)
{
	if (*last == JSON_DOC_NONE)
		d->node[c].first = child;
	else
		d->node[*last].next = child;
	*last = child;
	d->node[c].len++;
}

static int json_key_seen(struct json_in *in, int obj, const char *key)
{
	const struct json_doc *d = in->d;
	int i;

	for (i = d->node[obj].first; i != JSON_DOC_NONE; i = d->node[i].next)
		if (!strcmp(d->node[i].key, key)) {
			snprintf(in->d->err_key, sizeof in->d->err_key, "%s", key);
			return json_fail(in, "duplicate key \"%.64s\"", key);
		}
	return 0;
}

static int json_read_member(struct json_in *in, int obj, int *last)
{
	const char *key;
	size_t klen;
	int child;

	if (json_peek(in) != '"')
		return json_fail(in, "expected a key in double quotes");
	if (json_read_string(in, &key, &klen) < 0 || json_key_seen(in, obj, key) < 0)
		return -1;
	if (json_peek(in) != ':')
		return json_fail(in, "expected ':' after a key");
	in->pos++;
	if (json_read_value(in, &child) < 0)
		return -1;
	in->d->node[child].key = key;
	json_link(in->d, obj, last, child);
	return 0;
}

static int json_read_container(struct json_in *in, int c, char close)
{
	int last = JSON_DOC_NONE, child;

	if (++in->depth > JSON_DOC_DEPTH_MAX)
		return json_fail(in, "nested deeper than %d", JSON_DOC_DEPTH_MAX);
	in->pos++;
	if (json_peek(in) == close) {
		in->pos++;
		in->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (json_read_member(in, c, &last) < 0)
				return -1;
		} else {
			if (json_read_value(in, &child) < 0)
				return -1;
			json_link(in->d, c, &last, child);
		}
		if (json_peek(in) == close)
			break;
		if (json_peek(in) != ',')
			return json_fail(in, "expected ',' or '%c'", close);
		in->pos++;
	}
	in->pos++;
	in->depth--;
	return 0;
}

static int json_read_value(struct json_in *in, int *out)
{
	int c = json_peek(in), i;
	struct json_node *node;

	if (c < 0)
		return json_fail(in, "the text ends where a value was expected");
	switch (c) {
	case '{':
		i = json_node_new(in, JSON_T_OBJECT);
		return i < 0 || json_read_container(in, *out = i, '}') < 0 ? -1 : 0;
	case '[':
		i = json_node_new(in, JSON_T_ARRAY);
		return i < 0 || json_read_container(in, *out = i, ']') < 0 ? -1 : 0;
	case '"':
		if ((i = json_node_new(in, JSON_T_STRING)) < 0)
			return -1;
		node = &in->d->node[*out = i];
		return json_read_string(in, &node->text, &node->len);
	case 't':
	case 'f':
	case 'n':
		i = json_node_new(in, c == 't' ? JSON_T_TRUE : c == 'f' ? JSON_T_FALSE : JSON_T_NULL);
		if (i < 0)
			return -1;
		*out = i;
		in->d->node[i].text = c == 't' ? "true" : c == 'f' ? "false" : "null";
		return json_read_word(in, in->d->node[i].text);
	default:
		if (c != '-' && (c < '0' || c > '9'))
			return json_fail(in, "an unexpected character");
		if ((i = json_node_new(in, JSON_T_NUMBER)) < 0)
			return -1;
		return json_read_number(in, &in->d->node[*out = i]);
	}
}

int json_doc_parse(struct json_doc *d, const char *s, size_t len)
{
	struct json_in in = { d, (const unsigned char *)s, len, 0, 0 };
	int root;

	d->n = 0;
	d->used = 0;
	d->err[0] = d->err_key[0] = 0;
	d->err_offset = 0;
	if (len > JSON_DOC_TEXT_MAX)
		return json_fail(&in, "longer than %d bytes", JSON_DOC_TEXT_MAX);
	if (json_read_value(&in, &root) < 0)
		return -1;
	if (json_peek(&in) >= 0)
		return json_fail(&in, "bytes after the value");
	return 0;
}

int json_doc_member(const struct json_doc *d, int obj, const char *key)
{
	int i;

	if (obj < 0 || (unsigned)obj >= d->n || d->node[obj].type != JSON_T_OBJECT)
		return JSON_DOC_NONE;
	for (i = d->node[obj].first; i != JSON_DOC_NONE; i = d->node[i].next)
		if (!strcmp(d->node[i].key, key))
			return i;
	return JSON_DOC_NONE;
}

const char *json_doc_unknown_key(const struct json_doc *d, int obj,
				 int (*known)(const char *key, void *arg), void *arg)
{
	int i;

	if (obj < 0 || (unsigned)obj >= d->n || d->node[obj].type != JSON_T_OBJECT)
		return NULL;
	for (i = d->node[obj].first; i != JSON_DOC_NONE; i = d->node[i].next)
		if (!known(d->node[i].key, arg))
			return d->node[i].key;
	return NULL;
}

int json_doc_int(const struct json_doc *d, int i, int64_t min, int64_t max, int64_t *v)
{
	const char *t;
	char *end;
	long long n;

	if (i < 0 || (unsigned)i >= d->n || d->node[i].type != JSON_T_NUMBER)
		return -1;
	t = d->node[i].text;
	errno = 0;
	n = strtoll(t, &end, 10);
	if (*end || errno || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

void json_doc_write(struct json *j, const struct json_doc *d, int i)
{
	const struct json_node *n = &d->node[i];
	int64_t v;
	int c;

	switch (n->type) {
	case JSON_T_NULL:
		json_null(j);
		break;
	case JSON_T_FALSE:
	case JSON_T_TRUE:
		json_bool(j, n->type == JSON_T_TRUE);
		break;
	case JSON_T_NUMBER:
		if (json_doc_int(d, i, INT64_MIN, INT64_MAX, &v) == 0)
			json_int(j, v);
		else
			json_string(j, n->text);
		break;
	case JSON_T_STRING:
		json_string_n(j, n->text, n->len);
		break;
	case JSON_T_ARRAY:
	case JSON_T_OBJECT:
		if (n->type == JSON_T_ARRAY)
			json_array_begin(j, JSON_INLINE);
		else
			json_object_begin(j);
		for (c = n->first; c != JSON_DOC_NONE; c = d->node[c].next) {
			if (n->type == JSON_T_OBJECT)
				json_key(j, d->node[c].key);
			json_doc_write(j, d, c);
		}
		if (n->type == JSON_T_ARRAY)
			json_array_end(j);
		else
			json_object_end(j);
		break;
	}
}

const char *json_type_name(enum json_type t)
{
	static const char *const names[] = { "null", "boolean", "boolean", "number",
					     "string", "array", "object" };

	return names[t];
}
