#ifndef VZHOST_CONSOLE_DETACH_H
#define VZHOST_CONSOLE_DETACH_H

#include <stddef.h>

/*
 * The detach sequence of a console viewer: Esc then '.', recognised only
 * at the start of input or right after a newline or carriage return, also
 * when the two keys arrive in separate reads. Every other byte, a lone Esc
 * included, passes through unchanged. The state is one small enum.
 */

enum console_detach_state {
	CONSOLE_DETACH_LINE_START,
	CONSOLE_DETACH_MID_LINE,
	CONSOLE_DETACH_ESC,		/* Esc held back at the start of a line */
};

struct console_detach {
	enum console_detach_state state;
};

void console_detach_init(struct console_detach *d);
/*
 * Filters len bytes of in into out, which has room for len + 1 bytes (a
 * held Esc may be released). Returns the bytes in out; *detached is set
 * to 1 when the sequence was seen (bytes after it are dropped).
 */
size_t console_detach_feed(struct console_detach *d, const char *in, size_t len, char *out,
			   int *detached);

#endif
