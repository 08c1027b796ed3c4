#include <string.h>

#include "console/detach.h"
#include "tap.h"

/* Feeds the pieces in order; returns 1 if detached, the output in out. */
static int feed(const char *const *pieces, char *out)
{
	struct console_detach d;
	char buf[256];
	size_t n, i, len = 0;
	int detached = 0;

	console_detach_init(&d);
	for (i = 0; pieces[i] && !detached; i++) {
		n = console_detach_feed(&d, pieces[i], strlen(pieces[i]), buf, &detached);
		memcpy(out + len, buf, n);
		len += n;
	}
	out[len] = 0;
	return detached;
}

#define CASE(want_detach, want_out, name, ...) do { \
	const char *const p[] = { __VA_ARGS__, NULL }; \
	char out[256]; \
	int det = feed(p, out); \
	is_int(det, want_detach, name " (detach)"); \
	is_str(out, want_out, name " (output)"); \
} while (0)

int main(void)
{
	CASE(1, "", "Esc . at the start of input", "\033.");
	CASE(1, "ls\n", "Esc . after a newline", "ls\n\033.");
	CASE(1, "ls\r", "Esc . after a carriage return", "ls\r\033.");
	CASE(1, "ls\r", "Esc and . in separate reads", "ls\r", "\033", ".");
	CASE(1, "", "Esc . split at the very start", "\033", ".");
	CASE(0, "ab\033.", "Esc . mid-line passes through", "ab\033.");
	CASE(0, "\033[A", "Esc then another key passes through", "\033[A");
	CASE(0, "\033\033", "Esc Esc passes through", "\033\033");
	CASE(0, "\033\033.", "Esc Esc . passes through (the second Esc is mid-line)", "\033", "\033", ".");
	CASE(0, "x\033", "a lone Esc mid-line passes at once", "x\033");
	CASE(0, "", "an Esc at line start is held until the next key", "\033");
	CASE(0, "\033x", "the held Esc is released with the next key", "\033", "x");
	CASE(1, "\033a\n", "after a released Esc, a newline re-arms", "\033a\n\033.");
	CASE(0, ".", "a dot alone is ordinary", ".");
	{
		struct console_detach d;
		char out[8];
		int det;
		size_t n;

		console_detach_init(&d);
		n = console_detach_feed(&d, "\033.after", 7, out, &det);
		ok(det && n == 0, "bytes after the sequence are not passed on");
	}
	return done_testing();
}
