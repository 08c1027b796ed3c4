/*
 * lib/base/json_parse.c: what the web API accepts as a request body, and
 * every limit and refusal, each named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_parse.h"
#include "tap.h"

static struct json_doc doc;

static int parse(const char *s)
{
	return json_doc_parse(&doc, s, strlen(s));
}

static void refused(const char *s, const char *why, const char *name)
{
	int r = parse(s);

	ok(r == -1 && strstr(doc.err, why), "refused: %s", name);
	if (r != -1 || !strstr(doc.err, why))
		printf("#   err: \"%s\"\n#  want: \"%s\"\n", doc.err, why);
}

static int known_ram_swap(const char *key, void *arg)
{
	return !strcmp(key, "ram") || !strcmp(key, "swap");
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail), i;
	char *s = malloc(hl + ul * n + tl + 1), *p = s;

	memcpy(p, head, hl);
	p += hl;
	for (i = 0; i < n; i++, p += ul)
		memcpy(p, unit, ul);
	memcpy(p, tail, tl + 1);
	return s;
}

static void test_values(void)
{
	int i;
	int64_t v;

	is_int(parse(" {\"ram\": \"1.5G\", \"swap\":\"3G\", \"n\": [1, -2.5e3, true, false, null]} "), 0,
	       "an object with every kind of value");
	is_int(doc.node[0].type, JSON_T_OBJECT, "the root is node 0");
	is_int(doc.node[0].len, 3, "three members");
	i = json_doc_member(&doc, 0, "ram");
	is_str(doc.node[i].text, "1.5G", "a member by key");
	ok(json_doc_member(&doc, 0, "RAM") == JSON_DOC_NONE, "keys match exactly");
	i = json_doc_member(&doc, 0, "n");
	is_int(doc.node[i].len, 5, "an array's length");
	i = doc.node[i].first;
	ok(!json_doc_int(&doc, i, 0, 10, &v) && v == 1, "an integer in range");
	i = doc.node[i].next;
	is_str(doc.node[i].text, "-2.5e3", "a number as written");
	ok(json_doc_int(&doc, i, -10000, 10000, &v) < 0, "not an integer");
	is_str(json_type_name(doc.node[doc.node[i].next].type), "boolean", "true is a boolean");
	ok(json_doc_unknown_key(&doc, 0, known_ram_swap, NULL) &&
	   !strcmp(json_doc_unknown_key(&doc, 0, known_ram_swap, NULL), "n"),
	   "the first unknown key is named");

	is_int(parse("\"a\\u00e9\\ud83d\\ude00\\n\\\"\\/\""), 0, "escapes");
	is_str(doc.node[0].text, "a\xc3\xa9\xf0\x9f\x98\x80\n\"/", "escapes decoded to UTF-8");
	is_int(parse("\"\xe2\x82\xac\""), 0, "raw UTF-8 kept");
	is_int(parse("0"), 0, "a lone zero");
	is_int(parse("[]"), 0, "an empty array");
	is_int(parse("{}"), 0, "an empty object");
	ok(!parse("{\"a\":1}") && !json_doc_int(&doc, 1, 1, 1, &v), "the bound of an int is inclusive");
	ok(!parse("9223372036854775808") && json_doc_int(&doc, 0, 0, INT64_MAX, &v) < 0,
	   "an int past int64 is refused");
}

static void test_refusals(void)
{
	refused("", "ends where a value", "empty text");
	refused("{\"a\":1,}", "expected a key", "a trailing comma");
	refused("[1,]", "unexpected character", "a trailing comma in an array");
	refused("{\"a\" 1}", "expected ':'", "no colon");
	refused("{a:1}", "expected a key", "an unquoted key");
	refused("[1 2]", "expected ','", "no comma");
	refused("{} x", "bytes after", "bytes after the value");
	refused("01", "leading zero", "a leading zero");
	refused("1.", "after '.'", "no digits after the point");
	refused("1e", "exponent", "no exponent digits");
	refused("-", "bad number", "a bare minus");
	refused("tru", "unexpected", "a cut word");
	refused("\"abc", "closing quote", "an unclosed string");
	refused("\"a\tb\"", "control character", "a raw tab in a string");
	refused("\"\\x\"", "bad escape", "an unknown escape");
	refused("\"\\u12\"", "four hex", "a short \\u");
	refused("\"\\u0000\"", "\\u0000", "an escaped NUL");
	refused("\"\\udc00\"", "lone low", "a lone low surrogate");
	refused("\"\\ud800x\"", "high surrogate", "a lone high surrogate");
	refused("\"\\ud800\\u0041\"", "high surrogate", "a high surrogate with no low half");
	refused("\"\xff\"", "UTF-8", "an invalid byte");
	refused("\"\xc0\xaf\"", "UTF-8", "an overlong slash");
	refused("\"\xed\xa0\x80\"", "UTF-8", "an encoded surrogate");
	refused("\"\xf4\x90\x80\x80\"", "UTF-8", "past U+10FFFF");
	refused("\"\xe2\x82\"", "UTF-8", "a cut sequence");
	ok(json_doc_parse(&doc, "\"a\0b\"", 5) < 0, "a raw NUL in a string");
	ok(json_doc_parse(&doc, "1\0", 2) < 0 && strstr(doc.err, "bytes after"),
	   "a NUL after the value");
}

static void test_duplicates(void)
{
	ok(parse("{\"ram\":\"1G\",\"swap\":\"1G\",\"ram\":\"2G\"}") < 0 &&
	   !strcmp(doc.err_key, "ram") && strstr(doc.err, "duplicate key \"ram\""),
	   "a duplicate key is refused and named");
	is_int(parse("{\"a\":{\"ram\":1},\"ram\":2}"), 0, "one key in two objects is no duplicate");
	ok(parse("{\"a\":{\"x\":1,\"x\":2}}") < 0 && !strcmp(doc.err_key, "x"),
	   "a duplicate in a nested object");
}

static void test_limits(void)
{
	char *s;

	s = repeat("", "[", 16, "");
	s = realloc(s, 64);
	strcat(s, "]]]]]]]]]]]]]]]]");
	is_int(parse(s), 0, "depth 16 is accepted");
	free(s);
	s = repeat("", "[", 17, "");
	refused(s, "nested deeper than 16", "depth 17 is refused");
	free(s);

	s = repeat("[0", ",0", 1023, "]");
	is_int(parse(s), 0, "1024 values are accepted");
	free(s);
	s = repeat("[0", ",0", 1024, "]");
	refused(s, "more than 1024 values", "1025 values are refused");
	free(s);

	s = repeat("\"", "a", 4096, "\"");
	is_int(parse(s), 0, "a 4096-byte string is accepted");
	is_int(doc.node[0].len, 4096, "its length");
	free(s);
	s = repeat("\"", "a", 4097, "\"");
	refused(s, "longer than 4096", "a 4097-byte string is refused");
	free(s);
	s = repeat("{\"", "k", 4097, "\":1}");
	refused(s, "longer than 4096", "a 4097-byte key is refused");
	free(s);
	s = repeat("\"", "\\u00e9", 2048, "\"");
	is_int(parse(s), 0, "4096 decoded bytes from escapes");
	free(s);
	s = repeat("\"", "\\u00e9", 2049, "\"");
	refused(s, "longer than 4096", "4098 decoded bytes from escapes");
	free(s);
	s = repeat("", " ", 65536, "1");
	refused(s, "longer than 65536", "a text over 64 KiB");
	free(s);
}

int main(void)
{
	test_values();
	test_refusals();
	test_duplicates();
	test_limits();
	return done_testing();
}
