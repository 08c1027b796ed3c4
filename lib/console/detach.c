#include "console/detach.h"

#define ESC '\033'

void console_detach_init(struct console_detach *d)
{
	d->state = CONSOLE_DETACH_LINE_START;
}

static enum console_detach_state after(char c)
{
	return c == '\n' || c == '\r' ? CONSOLE_DETACH_LINE_START : CONSOLE_DETACH_MID_LINE;
}

size_t console_detach_feed(struct console_detach *d, const char *in, size_t len, char *out,
			   int *detached)
{
	size_t i, n = 0;
	char c;

	*detached = 0;
	for (i = 0; i < len; i++) {
		c = in[i];
		if (d->state == CONSOLE_DETACH_ESC) {
			if (c == '.') {
				d->state = CONSOLE_DETACH_LINE_START;
				*detached = 1;
				return n;
			}
			out[n++] = ESC;
			out[n++] = c;
			d->state = after(c);
		} else if (d->state == CONSOLE_DETACH_LINE_START && c == ESC) {
			d->state = CONSOLE_DETACH_ESC;
		} else {
			out[n++] = c;
			d->state = after(c);
		}
	}
	return n;
}
