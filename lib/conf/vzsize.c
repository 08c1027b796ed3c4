#include <errno.h>
#include <string.h>

#include "base/fmt.h"
#include "conf/vzsize.h"

#define FRACTION_DIGITS_MAX 6

struct number {
	uint64_t whole;
	uint64_t frac, frac_scale;	/* frac / frac_scale, frac_scale 1 when none */
	int has_point;
	char suffix;
};

static int char_is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static const char *digits_read(const char **p, uint64_t *v)
{
	if (!char_is_digit(**p))
		return "expected a number with an optional K, M, G, T or P suffix, or unlimited";
	for (*v = 0; char_is_digit(**p); (*p)++) {
		if (*v > (VZ_LONG_MAX - (uint64_t)(**p - '0')) / 10)
			return "too large";
		*v = *v * 10 + (uint64_t)(**p - '0');
	}
	return NULL;
}

static const char *fraction_read(const char **p, struct number *n)
{
	unsigned digits = 0;

	(*p)++;
	n->has_point = 1;
	if (!char_is_digit(**p))
		return "expected digits after the decimal point";
	for (; char_is_digit(**p); (*p)++) {
		if (++digits > FRACTION_DIGITS_MAX)
			return "more than 6 digits after the decimal point";
		n->frac = n->frac * 10 + (uint64_t)(**p - '0');
		n->frac_scale *= 10;
	}
	return NULL;
}

static const char *number_read(const char *s, struct number *n)
{
	const char *err;

	memset(n, 0, sizeof *n);
	n->frac_scale = 1;
	if (*s == '-')
		return "negative sizes are not allowed";
	err = digits_read(&s, &n->whole);
	if (!err && *s == '.')
		err = fraction_read(&s, n);
	if (err)
		return err;
	if (*s && !strchr("KkMmGgTtPp", *s))
		return "unknown suffix (use K, M, G, T or P)";
	n->suffix = *s;
	if (*s && s[1])
		return "unexpected text after the suffix";
	if (n->has_point && !n->suffix)
		return "a fraction needs a K, M, G, T or P suffix";
	return NULL;
}

static uint64_t suffix_bytes(char suffix)
{
	switch (suffix | 0x20) {
	case 'k': return 1ULL << 10;
	case 'm': return 1ULL << 20;
	case 'g': return 1ULL << 30;
	case 't': return 1ULL << 40;
	default: return VZ_PAGE_SIZE;
	}
}

const char *vzsize_parse(const char *s, enum vzsize_unit unit, uint64_t *out)
{
	struct number n;
	const char *err;
	uint64_t mul, bytes;

	if (!strcmp(s, "unlimited")) {
		*out = VZ_UNLIMITED;
		return NULL;
	}
	if (!*s)
		return "empty size";
	err = number_read(s, &n);
	if (err)
		return err;
	if (!n.suffix) {
		*out = n.whole == VZ_LONG_MAX ? VZ_UNLIMITED : n.whole;
		return NULL;
	}
	mul = suffix_bytes(n.suffix);
	if (n.whole > (VZ_LONG_MAX - 1) / mul)
		return "too large";
	/* frac < 10^6 and mul <= 2^40: the product fits in 64 bits. */
	bytes = n.whole * mul + n.frac * mul / n.frac_scale;
	if (bytes >= VZ_LONG_MAX)
		return "too large";
	*out = bytes / unit;
	return NULL;
}

const char *vzsize_parse_pair(const char *s, enum vzsize_unit unit, struct vzpair *out)
{
	const char *colon = strchr(s, ':'), *err;
	char first[32];
	struct vzpair p;

	if (!colon) {
		err = vzsize_parse(s, unit, &p.limit);
		p.barrier = p.limit;
	} else {
		if (strchr(colon + 1, ':') || (size_t)(colon - s) >= sizeof first)
			return "expected BARRIER:LIMIT";
		memcpy(first, s, (size_t)(colon - s));
		first[colon - s] = 0;
		err = vzsize_parse(first, unit, &p.barrier);
		if (!err)
			err = vzsize_parse(colon + 1, unit, &p.limit);
		if (!err && p.barrier > p.limit)
			err = "the barrier exceeds the limit";
	}
	if (!err)
		*out = p;
	return err;
}

const char *vzsize_parse_ram(const char *s, uint64_t *pages)
{
	const char *err = vzsize_parse_swap(s, pages);

	if (!err && *pages == 0)
		return "less than one page (4096 bytes)";
	return err;
}

const char *vzsize_parse_swap(const char *s, uint64_t *pages)
{
	const char *err = vzsize_parse(s, VZSIZE_BYTES, pages);

	if (!err && *pages != VZ_UNLIMITED)
		*pages /= VZ_PAGE_SIZE;
	return err;
}

int vzsize_format(uint64_t v, char *buf, size_t size)
{
	if (v == VZ_UNLIMITED)
		return fmt_fit(buf, size, "unlimited");
	return fmt_fit(buf, size, "%llu", (unsigned long long)v);
}

int vzsize_format_pair(const struct vzpair *p, char *buf, size_t size)
{
	int a = vzsize_format(p->barrier, buf, size), b;

	if (a < 0 || (size_t)a + 1 >= size) {
		errno = ENOSPC;
		return -1;
	}
	buf[a] = ':';
	b = vzsize_format(p->limit, buf + a + 1, size - (size_t)a - 1);
	return b < 0 ? -1 : a + 1 + b;
}

int vzsize_format_human(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	unsigned i = 4;
	uint64_t u = 0;

	if (bytes == VZ_UNLIMITED)
		return vzsize_format(bytes, buf, size);
	while (i > 0) {
		u = 1ULL << (10 * i);
		if (bytes >= u)
			break;
		i--;
	}
	if (i == 0)
		return vzsize_format(bytes, buf, size);
	if (bytes % u == 0)
		return fmt_fit(buf, size, "%llu%c", (unsigned long long)(bytes / u), units[i - 1]);
	return fmt_fit(buf, size, "%llu.%llu%c", (unsigned long long)(bytes / u),
		       (unsigned long long)(bytes % u * 10 / u), units[i - 1]);
}
