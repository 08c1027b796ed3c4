#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ploop/dd.h"

struct xml_reader {
	struct ploop_xml *x;
	const char *buf;
	size_t len, pos;
	int stack[PLOOP_XML_MAX_DEPTH];
	unsigned depth;
	int root_closed;
	char *why;
	size_t why_len;
};

static int xml_fail(struct xml_reader *r, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int xml_fail(struct xml_reader *r, size_t off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->why && r->why_len) {
		n = snprintf(r->why, r->why_len, "offset %zu: ", off);
		if (n >= 0 && (size_t)n < r->why_len) {
			va_start(ap, fmt);
			vsnprintf(r->why + n, r->why_len - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return -EINVAL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_name_char(char c, int first)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':')
		return 1;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

static int starts(const struct xml_reader *r, const char *s)
{
	size_t n = strlen(s);

	return r->len - r->pos >= n && !memcmp(r->buf + r->pos, s, n);
}

static void skip_space(struct xml_reader *r)
{
	while (r->pos < r->len && is_space(r->buf[r->pos]))
		r->pos++;
}

/* Moves past the next occurrence of end; -EINVAL (truncated) if there is none. */
static int skip_past(struct xml_reader *r, const char *end, const char *what)
{
	const char *p = memmem(r->buf + r->pos, r->len - r->pos, end, strlen(end));

	if (!p)
		return xml_fail(r, r->pos, "truncated %s", what);
	r->pos = (size_t)(p - r->buf) + strlen(end);
	return 0;
}

static int read_name(struct xml_reader *r, const char **name, size_t *len)
{
	size_t start = r->pos;

	if (r->pos >= r->len)
		return xml_fail(r, r->pos, "truncated tag");
	if (!is_name_char(r->buf[r->pos], 1))
		return xml_fail(r, r->pos, "bad character '%c' where a name should start",
				r->buf[r->pos]);
	while (r->pos < r->len && is_name_char(r->buf[r->pos], 0))
		r->pos++;
	if (r->pos - start > PLOOP_XML_MAX_NAME)
		return xml_fail(r, start, "name longer than %d bytes", PLOOP_XML_MAX_NAME);
	*name = r->buf + start;
	*len = r->pos - start;
	return 0;
}

/* Attributes are syntax-checked and skipped: none of ours carries meaning. */
static int skip_attributes(struct xml_reader *r)
{
	const char *name;
	size_t len;
	char quote;

	for (;;) {
		size_t before = r->pos;

		skip_space(r);
		if (r->pos >= r->len)
			return xml_fail(r, r->pos, "truncated tag");
		if (r->buf[r->pos] == '>' || r->buf[r->pos] == '/')
			return 0;
		if (r->pos == before)
			return xml_fail(r, r->pos, "expected space before an attribute");
		if (read_name(r, &name, &len))
			return -EINVAL;
		skip_space(r);
		if (r->pos >= r->len || r->buf[r->pos] != '=')
			return xml_fail(r, r->pos, "attribute %.*s without a value", (int)len, name);
		r->pos++;
		skip_space(r);
		if (r->pos >= r->len || (r->buf[r->pos] != '"' && r->buf[r->pos] != '\''))
			return xml_fail(r, r->pos, "attribute %.*s: value not quoted", (int)len, name);
		quote = r->buf[r->pos++];
		while (r->pos < r->len && r->buf[r->pos] != quote) {
			if (r->buf[r->pos] == '<')
				return xml_fail(r, r->pos, "'<' in attribute %.*s", (int)len, name);
			r->pos++;
		}
		if (r->pos >= r->len)
			return xml_fail(r, r->pos, "truncated attribute %.*s", (int)len, name);
		r->pos++;
	}
}

static int add_node(struct xml_reader *r, const char *name, size_t len, size_t off)
{
	struct ploop_xml *x = r->x;
	struct ploop_xml_node *n;
	int parent = r->depth ? r->stack[r->depth - 1] : -1;

	if (x->count >= PLOOP_XML_MAX_NODES)
		return xml_fail(r, off, "more than %d elements", PLOOP_XML_MAX_NODES);
	n = &x->nodes[x->count];
	n->name = name;
	n->name_len = len;
	n->offset = off;
	n->parent = parent;
	n->first_child = n->last_child = n->next_sibling = -1;
	n->text_off = n->text_len = 0;
	if (parent >= 0) {
		if (x->nodes[parent].last_child >= 0)
			x->nodes[x->nodes[parent].last_child].next_sibling = (int)x->count;
		else
			x->nodes[parent].first_child = (int)x->count;
		x->nodes[parent].last_child = (int)x->count;
	}
	return (int)x->count++;
}

static int read_start_tag(struct xml_reader *r)
{
	size_t off = r->pos, len;
	const char *name;
	int idx;

	if (r->root_closed || (r->depth == 0 && r->x->count))
		return xml_fail(r, off, "second root element");
	r->pos++;
	if (read_name(r, &name, &len) || skip_attributes(r))
		return -EINVAL;
	idx = add_node(r, name, len, off);
	if (idx < 0)
		return idx;
	if (r->buf[r->pos] == '/') {
		if (r->pos + 1 >= r->len || r->buf[r->pos + 1] != '>')
			return xml_fail(r, r->pos, "<%.*s>: '/' not followed by '>'", (int)len, name);
		r->pos += 2;
		r->root_closed = r->depth == 0;
		return 0;
	}
	r->pos++;
	if (r->depth >= PLOOP_XML_MAX_DEPTH)
		return xml_fail(r, off, "<%.*s> nested deeper than %d", (int)len, name,
				PLOOP_XML_MAX_DEPTH);
	r->stack[r->depth++] = idx;
	return 0;
}

static int read_end_tag(struct xml_reader *r)
{
	size_t off = r->pos, len;
	const struct ploop_xml_node *open;
	const char *name;

	r->pos += 2;
	if (read_name(r, &name, &len))
		return -EINVAL;
	skip_space(r);
	if (r->pos >= r->len || r->buf[r->pos] != '>')
		return xml_fail(r, off, "</%.*s>: truncated end tag", (int)len, name);
	r->pos++;
	if (!r->depth)
		return xml_fail(r, off, "</%.*s> closes nothing", (int)len, name);
	open = &r->x->nodes[r->stack[r->depth - 1]];
	if (open->name_len != len || memcmp(open->name, name, len))
		return xml_fail(r, off, "</%.*s> does not match <%.*s> at offset %zu", (int)len,
				name, (int)open->name_len, open->name, open->offset);
	r->root_closed = --r->depth == 0;
	return 0;
}

static int decode_entity(struct xml_reader *r, char *out)
{
	static const struct { const char *name; char c; } ent[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	size_t i;

	for (i = 0; i < sizeof ent / sizeof ent[0]; i++)
		if (starts(r, ent[i].name)) {
			*out = ent[i].c;
			r->pos += strlen(ent[i].name);
			return 0;
		}
	return xml_fail(r, r->pos, "unsupported entity or character reference");
}

static int read_text(struct xml_reader *r)
{
	struct ploop_xml *x = r->x;
	struct ploop_xml_node *n;
	char c;

	if (!r->depth) {
		while (r->pos < r->len && r->buf[r->pos] != '<') {
			if (!is_space(r->buf[r->pos]))
				return xml_fail(r, r->pos, "text outside the root element");
			r->pos++;
		}
		return 0;
	}
	n = &x->nodes[r->stack[r->depth - 1]];
	if (!n->text_len)
		n->text_off = x->text_len;
	while (r->pos < r->len && r->buf[r->pos] != '<') {
		c = r->buf[r->pos];
		if (c == '&') {
			if (decode_entity(r, &c))
				return -EINVAL;
		} else {
			r->pos++;
		}
		x->text[x->text_len++] = c;
		n->text_len++;
	}
	return 0;
}

static int read_markup(struct xml_reader *r)
{
	if (starts(r, "<!--")) {
		r->pos += 4;
		return skip_past(r, "-->", "comment");
	}
	if (starts(r, "<!"))
		return xml_fail(r, r->pos, "DTD or CDATA section not supported");
	if (starts(r, "<?"))
		return xml_fail(r, r->pos, "processing instruction not supported");
	if (starts(r, "</"))
		return read_end_tag(r);
	return read_start_tag(r);
}

int ploop_xml_parse(struct ploop_xml *x, const char *buf, size_t len, char *why, size_t why_len)
{
	struct xml_reader r = { .x = x, .buf = buf, .len = len, .why = why, .why_len = why_len };
	const char *nul;
	int rc;

	memset(x, 0, sizeof *x);
	if (len > PLOOP_DD_MAX_INPUT)
		return xml_fail(&r, 0, "input of %zu bytes is over the %u byte limit", len,
				PLOOP_DD_MAX_INPUT), -EFBIG;
	nul = memchr(buf, 0, len);
	if (nul)
		return xml_fail(&r, (size_t)(nul - buf), "NUL byte");
	x->nodes = calloc(PLOOP_XML_MAX_NODES, sizeof *x->nodes);
	x->text = malloc(len + 1);
	if (!x->nodes || !x->text) {
		ploop_xml_free(x);
		return -ENOMEM;
	}
	if (starts(&r, "<?xml") && len > 5 && is_space(buf[5]) &&
	    (rc = skip_past(&r, "?>", "XML declaration")))
		goto fail;
	while (r.pos < len) {
		rc = buf[r.pos] == '<' ? read_markup(&r) : read_text(&r);
		if (rc)
			goto fail;
	}
	if (r.depth) {
		const struct ploop_xml_node *open = &x->nodes[r.stack[r.depth - 1]];

		rc = xml_fail(&r, len, "truncated: <%.*s> at offset %zu not closed",
			      (int)open->name_len, open->name, open->offset);
		goto fail;
	}
	if (!x->count) {
		rc = xml_fail(&r, len, "no root element");
		goto fail;
	}
	x->text[x->text_len] = 0;
	return 0;
fail:
	ploop_xml_free(x);
	return rc;
}

void ploop_xml_free(struct ploop_xml *x)
{
	free(x->nodes);
	free(x->text);
	memset(x, 0, sizeof *x);
}

int ploop_xml_name_is(const struct ploop_xml_node *n, const char *name)
{
	return n->name_len == strlen(name) && !memcmp(n->name, name, n->name_len);
}
