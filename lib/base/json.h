#ifndef VZHOST_BASE_JSON_H
#define VZHOST_BASE_JSON_H

#include <stdint.h>
#include <stdio.h>

/*
 * The one JSON writer (vzlist -j, ploop --json, the web API): objects and
 * arrays nested up to JSON_DEPTH_MAX, strings escaped so the output is
 * always valid JSON and valid UTF-8 whatever bytes a name holds (control
 * characters as \uXXXX, each byte of an invalid UTF-8 sequence as U+FFFD).
 *
 * Layout: `{"a": 1, "b": [1, 2]}`; an array opened with JSON_LINES puts
 * each element on a line of its own, indented by two spaces.
 */

#define JSON_DEPTH_MAX 16

enum { JSON_INLINE = 0, JSON_LINES = 1 };

struct json {
	FILE *f;
	int depth;
	int failed;			/* nesting misuse or a write error */
	unsigned char count[JSON_DEPTH_MAX];	/* 0: nothing written yet at this level */
	unsigned char lines[JSON_DEPTH_MAX];
	unsigned char after_key;
};

void json_init(struct json *j, FILE *f);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, int layout);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t n);
void json_uint(struct json *j, uint64_t v);
void json_int(struct json *j, int64_t v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);

/* A key and its value in one call. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_uint(struct json *j, const char *key, uint64_t v);
void json_kv_bool(struct json *j, const char *key, int v);

/* Ends the document with a newline; -1 (errno EINVAL or the write error)
 * if it is unbalanced or a write failed. */
int json_finish(struct json *j);

#endif
