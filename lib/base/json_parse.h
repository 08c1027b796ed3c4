#ifndef VZHOST_BASE_JSON_PARSE_H
#define VZHOST_BASE_JSON_PARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The one JSON reader for requests from the network (the web API): a
 * strict RFC 8259 parser with a hard limit on everything, into a fixed
 * document the caller owns (no allocation). Refused: nesting deeper than
 * JSON_DOC_DEPTH_MAX, more than JSON_DOC_VALUES_MAX values, a string
 * (key or value) longer than JSON_DOC_STRING_MAX bytes decoded, a text
 * longer than JSON_DOC_TEXT_MAX, invalid UTF-8, lone surrogates, \u0000
 * (values become C strings), control characters in strings, leading
 * zeros, trailing bytes other than blanks, and a key given twice in one
 * object (the error names the key). Whether a key is known is the
 * caller's schema (json_doc_unknown_key).
 */

#define JSON_DOC_DEPTH_MAX 16
#define JSON_DOC_VALUES_MAX 1024	/* values below the root, in all */
#define JSON_DOC_STRING_MAX 4096	/* bytes of one decoded string */
#define JSON_DOC_TEXT_MAX 65536		/* bytes of the whole text */
#define JSON_DOC_ERR_MAX 160
#define JSON_DOC_NONE (-1)

enum json_type {
	JSON_T_NULL,
	JSON_T_FALSE,
	JSON_T_TRUE,
	JSON_T_NUMBER,
	JSON_T_STRING,
	JSON_T_ARRAY,
	JSON_T_OBJECT,
};

struct json_node {
	enum json_type type;
	const char *key;	/* an object member's key, else NULL */
	const char *text;	/* a string decoded, a number as written; NUL-terminated */
	size_t len;		/* bytes of text; members or elements of a container */
	int first;		/* a container's first child, JSON_DOC_NONE if empty */
	int next;		/* the next sibling, JSON_DOC_NONE after the last */
};

struct json_doc {
	unsigned n;				/* nodes used; node 0 is the root */
	struct json_node node[JSON_DOC_VALUES_MAX + 1];
	size_t used;
	char text[JSON_DOC_TEXT_MAX + 1];	/* decoded strings and numbers */
	char err[JSON_DOC_ERR_MAX];		/* why the text was refused */
	char err_key[JSON_DOC_STRING_MAX + 1];	/* the key at fault (duplicate), or "" */
	size_t err_offset;			/* byte of the text at fault */
};

/* Parses len bytes at s into d: 0, or -1 with d->err, d->err_key and
   d->err_offset saying why. Pure. */
int json_doc_parse(struct json_doc *d, const char *s, size_t len);

/* The member key of object obj, or JSON_DOC_NONE. */
int json_doc_member(const struct json_doc *d, int obj, const char *key);

/* The first key of object obj for which known(key, arg) is 0, or NULL. */
const char *json_doc_unknown_key(const struct json_doc *d, int obj,
				 int (*known)(const char *key, void *arg), void *arg);

/* A number node as an integer in [min, max]: 0, or -1 (not an integer there). */
int json_doc_int(const struct json_doc *d, int i, int64_t min, int64_t max, int64_t *v);

struct json;
/* Node i and what it holds through the writer (lib/base/json.h); a number
   that is not an integer is written as a string of its text. */
void json_doc_write(struct json *j, const struct json_doc *d, int i);

/* "null", "boolean", "number", "string", "array", "object" */
const char *json_type_name(enum json_type t);

#endif
