/*
 * The small text helpers of lib/base: hex_digit, mem_is_zero, fmt_fit,
 * words_has, the shell-assignment lexer shassign in both modes, and the
 * lines of a transfer's progress.
 */
#include <errno.h>
#include <string.h>

#include "base/fmt.h"
#include "base/hex.h"
#include "base/mem.h"
#include "base/progress.h"
#include "base/shassign.h"
#include "base/words.h"
#include "tap.h"

static void test_hex(void)
{
	is_int(hex_digit('0'), 0, "hex 0");
	is_int(hex_digit('9'), 9, "hex 9");
	is_int(hex_digit('a'), 10, "hex a");
	is_int(hex_digit('F'), 15, "hex F");
	is_int(hex_digit('g'), -1, "g is no hex digit");
	is_int(hex_digit('@'), -1, "@ is no hex digit");
}

static void test_mem(void)
{
	char z[9] = { 0 };

	ok(mem_is_zero(z, sizeof z), "zeros");
	ok(mem_is_zero(z, 0), "nothing is zero");
	z[8] = 1;
	ok(!mem_is_zero(z, sizeof z), "a last non-zero byte is seen");
}

static void test_fmt(void)
{
	char buf[8];

	is_int(fmt_fit(buf, sizeof buf, "%d", 1234567), 7, "seven characters fit in eight bytes");
	is_str(buf, "1234567", "... written");
	errno = 0;
	is_int(fmt_fit(buf, sizeof buf, "%d", 12345678), -1, "eight do not");
	is_int(errno, ENOSPC, "... ENOSPC");
}

static void test_words(void)
{
	ok(words_has("cpu memory\n", "memory"), "last word before a newline");
	ok(words_has("cpu memory", "cpu"), "first word");
	ok(words_has("a\tb c", "b"), "between a tab and a space");
	ok(!words_has("cpuset memory", "cpu"), "a prefix is no word");
	ok(!words_has("xcpu", "cpu"), "a suffix is no word");
	ok(words_has("xcpu cpu", "cpu"), "found after a partial match");
	ok(!words_has("a b", ""), "the empty word is never there");
}

static const char *lex(const char *text, unsigned flags, struct shassign *a, char *value,
		       size_t size)
{
	a->value = value;
	a->value_size = size;
	return shassign_parse(a, text, text + strlen(text), flags);
}

static void test_shassign(void)
{
	struct shassign a;
	char v[64];

	ok(!lex("KEY=\"a \\\"b\\\" $c\" # note", 0, &a, v, sizeof v), "double quotes");
	is_str(v, "a \"b\" $c", "... unquoted, nothing expanded");
	is_int((long long)a.klen, 3, "... key length");
	is_int((long long)a.rawlen, 12, "... the value as written");
	ok(!lex("K='x y'z", 0, &a, v, sizeof v) && !strcmp(v, "x yz"), "single quotes and plain");
	ok(!lex("  # comment", 0, &a, v, sizeof v) && a.klen == 0, "a comment has no key");
	is_str(lex("K=a;b", 0, &a, v, sizeof v), "unquoted shell operator in value; quote the value",
	       "shell operator refused");
	is_str(lex("K=\"open", 0, &a, v, sizeof v),
	       "unterminated double quote (values cannot span lines)", "one line: open quote");
	is_str(lex("K=\"open", SHASSIGN_MULTILINE, &a, v, sizeof v), "unterminated double quote",
	       "multiline: open quote");
	ok(!lex("K=\"a\nb\\\nc\" \nL=1", SHASSIGN_MULTILINE, &a, v, sizeof v), "multiline value");
	is_str(v, "a\nbc", "... newline kept, continuation dropped");
	is_int(a.newlines, 2, "... two line breaks crossed");
	is_int(*a.next, '\n', "... stops at the line's end");
	is_str(lex("K=123456789", 0, &a, v, 8), "value longer than 7 bytes", "value too long");
	is_str(lex("9=1", 0, &a, v, sizeof v), "expected KEY=value", "a key starts with no digit");
	ok(shassign_key_char('_', 1) && !shassign_key_char('1', 1) && shassign_key_char('1', 0),
	   "key characters");
}

static void test_progress(void)
{
	char buf[PROGRESS_LINE_MAX];

	progress_bytes(buf, sizeof buf, 512);
	is_str(buf, "512 B", "bytes below a KiB");
	progress_bytes(buf, sizeof buf, 1536);
	is_str(buf, "1.5 KiB", "KiB with one decimal");
	progress_bytes(buf, sizeof buf, 5ull << 30);
	is_str(buf, "5.0 GiB", "GiB");
	progress_seconds(buf, sizeof buf, 59);
	is_str(buf, "59 s", "seconds");
	progress_seconds(buf, sizeof buf, 200);
	is_str(buf, "3 min 20 s", "minutes");
	progress_seconds(buf, sizeof buf, 3900);
	is_str(buf, "1 h 05 min", "hours");
	progress_format(buf, sizeof buf, "bb.tar.zst", 1 << 20, 4 << 20, 1000, 0);
	is_str(buf, "bb.tar.zst: 1.0 MiB of 4.0 MiB, 1.0 MiB/s, 3 s left", "under way: bytes, rate, time left");
	progress_format(buf, sizeof buf, "bb.tar.zst", 1 << 20, 0, 1000, 0);
	is_str(buf, "bb.tar.zst: 1.0 MiB, 1.0 MiB/s", "under way, total unknown");
	progress_format(buf, sizeof buf, "bb.tar.zst", 0, 4 << 20, 0, 0);
	is_str(buf, "bb.tar.zst: 0 B of 4.0 MiB", "no rate before time passes");
	progress_format(buf, sizeof buf, "bb.tar.zst", 4 << 20, 4 << 20, 2000, 1);
	is_str(buf, "bb.tar.zst: 4.0 MiB in 2.0 s, 2.0 MiB/s", "finished: size, time, rate");
	progress_format(buf, sizeof buf, "bb.tar.zst", 4 << 20, 0, 95000, 1);
	is_str(buf, "bb.tar.zst: 4.0 MiB in 1 min 35 s, 43.1 KiB/s", "finished after minutes");
	is_int((long long)progress_format(buf, 12, "bb.tar.zst", 1, 0, 0, 0), 11,
	       "a short buffer truncates");
}

int main(void)
{
	test_hex();
	test_mem();
	test_fmt();
	test_words();
	test_shassign();
	test_progress();
	return done_testing();
}
