/*
 * lib/base/json.c: the layouts vzlist -j and ploop --json print, escaping,
 * invalid UTF-8 replaced, nesting misuse reported.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/json.h"
#include "tap.h"

static char *buf;
static size_t len;

static FILE *mem(void)
{
	free(buf);
	buf = NULL;
	return open_memstream(&buf, &len);
}

static int finish(struct json *j, FILE *f)
{
	int r = json_finish(j);

	fclose(f);
	return r;
}

int main(void)
{
	struct json j;
	FILE *f;

	f = mem();
	json_init(&j, f);
	json_object_begin(&j);
	json_kv_string(&j, "name", "a\"b\\c\n\x01");
	json_kv_uint(&j, "size", 18446744073709551615ull);
	json_key(&j, "list");
	json_array_begin(&j, JSON_INLINE);
	json_int(&j, -5);
	json_null(&j);
	json_bool(&j, 1);
	json_array_end(&j);
	json_object_end(&j);
	is_int(finish(&j, f), 0, "a balanced document");
	is_str(buf, "{\"name\": \"a\\\"b\\\\c\\u000a\\u0001\", \"size\": 18446744073709551615, "
		    "\"list\": [-5, null, true]}\n", "inline layout, escapes");

	f = mem();
	json_init(&j, f);
	json_array_begin(&j, JSON_LINES);
	json_object_begin(&j);
	json_kv_uint(&j, "ctid", 101);
	json_object_end(&j);
	json_object_begin(&j);
	json_kv_uint(&j, "ctid", 102);
	json_object_end(&j);
	json_array_end(&j);
	finish(&j, f);
	is_str(buf, "[\n  {\"ctid\": 101},\n  {\"ctid\": 102}\n]\n", "one element per line");

	f = mem();
	json_init(&j, f);
	json_array_begin(&j, JSON_LINES);
	json_array_end(&j);
	finish(&j, f);
	is_str(buf, "[]\n", "an empty list");

	f = mem();
	json_init(&j, f);
	json_string(&j, "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xff \xc0\xaf \xed\xa0\x80 \xe2\x82");
	finish(&j, f);
	is_str(buf, "\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \\ufffd \\ufffd\\ufffd "
		    "\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\"\n",
	       "valid UTF-8 kept; invalid, overlong, surrogate and cut sequences replaced");

	f = mem();
	json_init(&j, f);
	json_object_begin(&j);
	json_key(&j, "dangling");
	json_object_end(&j);
	is_int(finish(&j, f), -1, "a key without a value is refused");

	f = mem();
	json_init(&j, f);
	json_array_begin(&j, JSON_INLINE);
	is_int(finish(&j, f), -1, "an unclosed array is refused");

	f = mem();
	json_init(&j, f);
	for (int i = 0; i < JSON_DEPTH_MAX + 2; i++)
		json_array_begin(&j, JSON_INLINE);
	for (int i = 0; i < JSON_DEPTH_MAX + 2; i++)
		json_array_end(&j);
	is_int(finish(&j, f), -1, "nesting past the limit is refused");
	free(buf);
	return done_testing();
}
