/*
 * UTF-8 by the table of RFC 3629 section 4: the lead byte fixes how many
 * continuation bytes follow and the range of the first of them, which is
 * what rules out overlong forms (E0 80..9F, F0 80..8F), surrogates (ED
 * A0..BF) and code points past U+10FFFF (F4 90..BF, F5..FF).
 */
#include "utf8.h"

void utf8_init(struct utf8_state *u)
{
	u->need = 0;
	u->lo = 0x80;
	u->hi = 0xbf;
}

/* A lead byte: how many continuation bytes and the first one's range. */
static int utf8_lead(struct utf8_state *u, unsigned char c)
{
	u->lo = 0x80;
	u->hi = 0xbf;
	if (c < 0x80)
		u->need = 0;
	else if (c >= 0xc2 && c <= 0xdf)
		u->need = 1;
	else if (c >= 0xe0 && c <= 0xef)
		u->need = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		u->need = 3;
	else
		return -1;
	if (c == 0xe0)
		u->lo = 0xa0;
	else if (c == 0xed)
		u->hi = 0x9f;
	else if (c == 0xf0)
		u->lo = 0x90;
	else if (c == 0xf4)
		u->hi = 0x8f;
	return 0;
}

int utf8_feed(struct utf8_state *u, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (u->need == 0) {
			if (c < 0x80)
				continue;
			if (utf8_lead(u, c) < 0)
				return -1;
			continue;
		}
		if (c < u->lo || c > u->hi)
			return -1;
		u->lo = 0x80;
		u->hi = 0xbf;
		u->need--;
	}
	return 0;
}

int utf8_complete(const struct utf8_state *u)
{
	return u->need == 0;
}
