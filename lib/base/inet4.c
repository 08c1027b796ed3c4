#include <stdio.h>
#include <string.h>

#include "base/inet4.h"

/* Parses one address at s; *end gets the first unparsed character. 0 or -1. */
static int inet4_scan(const char *s, uint32_t *addr, const char **end)
{
	uint32_t a = 0;
	int part, digits;

	for (part = 0; part < 4; part++) {
		unsigned v = 0;

		if (part && *s++ != '.')
			goto fail;
		for (digits = 0; *s >= '0' && *s <= '9'; digits++, s++) {
			if (digits && v == 0)
				goto fail;
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				goto fail;
		}
		if (!digits)
			goto fail;
		a = a << 8 | v;
	}
	*addr = a;
	*end = s;
	return 0;
fail:
	return -1;
}

const char *inet4_parse(const char *s, uint32_t *addr)
{
	const char *end;

	if (inet4_scan(s, addr, &end) < 0 || *end)
		return "expected an IPv4 address A.B.C.D";
	return NULL;
}

const char *inet4_parse_cidr(const char *s, uint32_t *addr, unsigned *prefix)
{
	const char *end;
	unsigned p = 0;
	int digits;

	if (inet4_scan(s, addr, &end) < 0 || *end++ != '/')
		goto fail;
	for (digits = 0; *end >= '0' && *end <= '9' && digits < 3; digits++, end++)
		p = p * 10 + (unsigned)(*end - '0');
	if (!digits || *end || p < 1 || p > 32 || (digits > 1 && end[-digits] == '0'))
		goto fail;
	*prefix = p;
	return NULL;
fail:
	return "expected A.B.C.D/PREFIX (PREFIX 1-32)";
}

static int char_is_separator(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

const char *inet4_parse_list(const char *s, uint32_t *out, unsigned *n)
{
	const char *end;
	unsigned count = 0;

	for (;;) {
		while (char_is_separator(*s))
			s++;
		if (!*s)
			break;
		if (count == INET4_LIST_MAX || inet4_scan(s, &out[count], &end) < 0)
			goto fail;
		if (*end && !char_is_separator(*end))
			goto fail;
		count++;
		s = end;
	}
	if (!count)
		goto fail;
	*n = count;
	return NULL;
fail:
	return "expected 1-3 IPv4 addresses separated by commas or blanks";
}

void inet4_format(uint32_t addr, char out[INET4_TEXT_MAX])
{
	snprintf(out, INET4_TEXT_MAX, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 255,
		 (addr >> 8) & 255, addr & 255);
}

uint32_t inet4_netmask(unsigned prefix)
{
	return prefix ? ~(uint32_t)0 << (32 - prefix) : 0;
}
