#ifndef VZHOST_WEB_HTTP_UTF8_H
#define VZHOST_WEB_HTTP_UTF8_H

#include <stddef.h>

/*
 * An incremental UTF-8 validator (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), so text split anywhere, even inside
 * a character, is judged as a whole.
 */
struct utf8_state {
	unsigned need;		/* continuation bytes still expected */
	unsigned char lo, hi;	/* the range of the next continuation byte */
};

void utf8_init(struct utf8_state *u);
/* Takes n more bytes: 0, or -1 at the first invalid one. */
int utf8_feed(struct utf8_state *u, const unsigned char *p, size_t n);
/* Whether the text so far ends on a character boundary. */
int utf8_complete(const struct utf8_state *u);

#endif
