#include <string.h>

#include "base/hostname.h"
#include "conf/vzvalue.h"

static int char_is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

const char *vzvalue_decimal(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '-')
		return "negative numbers are not allowed";
	if (!char_is_digit(*s))
		return "expected a decimal number";
	for (; char_is_digit(*s); s++) {
		if (v > max / 10 || (uint64_t)(*s - '0') > max - v * 10)
			return "out of range";
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s)
		return "expected a decimal number";
	*out = v;
	return NULL;
}

const char *vzvalue_ctid(const char *s, unsigned *ctid)
{
	const char *err;
	uint64_t v;

	if (s[0] == '0' && s[1])
		return "CTID with a leading zero";
	err = vzvalue_decimal(s, VZ_CTID_MAX, &v);
	if (err)
		return !strcmp(err, "out of range") ? "CTID larger than 2147483647" : err;
	if (v < VZ_CTID_MIN)
		return "CTID 0 and 1 are reserved";
	*ctid = (unsigned)v;
	return NULL;
}

static int char_is_name(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || char_is_digit(ch) ||
	       ch == '.' || ch == '_' || ch == '-';
}

const char *vzvalue_name(const char *s)
{
	size_t i, digits = 0;

	for (i = 0; s[i]; i++) {
		if (!char_is_name(s[i]))
			return "a name is letters, digits, '.', '_' and '-' only";
		digits += char_is_digit(s[i]);
	}
	if (i == 0)
		return "empty name";
	if (i > VZ_NAME_MAX)
		return "name longer than 64 characters";
	if (s[0] == '.' || s[0] == '-')
		return "a name must not start with '.' or '-'";
	if (digits == i)
		return "a name must not be all digits (it would read as a CTID)";
	return NULL;
}

const char *vzvalue_hostname(const char *s)
{
	char label[HOSTNAME_MAX + 2];
	const char *dot, *err;
	size_t n;

	if (strlen(s) > VZ_FQDN_MAX)
		return "hostname longer than 253 characters";
	for (;;) {
		dot = strchr(s, '.');
		n = dot ? (size_t)(dot - s) : strlen(s);
		if (n > HOSTNAME_MAX)
			return "hostname label longer than 63 characters";
		memcpy(label, s, n);
		label[n] = 0;
		err = hostname_check(label);
		if (err)
			return err;
		if (!dot)
			return NULL;
		s = dot + 1;
	}
}

const char *vzvalue_onboot(const char *s, int *on)
{
	if (!strcmp(s, "yes") || !strcmp(s, "no")) {
		*on = s[0] == 'y';
		return NULL;
	}
	return "expected yes or no";
}

const char *vzvalue_cpuunits(const char *s, unsigned *units)
{
	uint64_t v;

	if (vzvalue_decimal(s, UINT32_MAX, &v) || v < VZ_CPUUNITS_MIN || v > VZ_CPUUNITS_MAX)
		return "expected CPU units 8-500000";
	*units = (unsigned)v;
	return NULL;
}

const char *vzvalue_cpulimit(const char *s, unsigned *percent)
{
	char digits[16];
	size_t n = strlen(s);
	uint64_t v;

	if (n && s[n - 1] == '%')
		n--;
	if (n == 0 || n >= sizeof digits)
		return "expected a CPU limit in percent (100 is one CPU), 0 for none";
	memcpy(digits, s, n);
	digits[n] = 0;
	if (vzvalue_decimal(digits, 100ULL * VZ_CPUS_MAX, &v))
		return "expected a CPU limit in percent (100 is one CPU, at most 409600), 0 for none";
	*percent = (unsigned)v;
	return NULL;
}

const char *vzvalue_cpus(const char *s, unsigned *cpus)
{
	uint64_t v;

	if (!strcmp(s, "unlimited")) {
		*cpus = 0;
		return NULL;
	}
	if (vzvalue_decimal(s, VZ_CPUS_MAX, &v))
		return "expected a number of CPUs 1-4096, or unlimited";
	*cpus = (unsigned)v;
	return NULL;
}

static const char *count_parse(const char *s, uint64_t *out)
{
	const char *err;

	if (!strcmp(s, "unlimited")) {
		*out = VZ_UNLIMITED;
		return NULL;
	}
	err = vzvalue_decimal(s, VZ_LONG_MAX, out);
	if (!err && *out == VZ_LONG_MAX)
		*out = VZ_UNLIMITED;
	return err;
}

const char *vzvalue_count_pair(const char *s, struct vzpair *out)
{
	const char *colon = strchr(s, ':'), *err;
	char first[24];
	struct vzpair p;

	if (!colon) {
		err = count_parse(s, &p.limit);
		p.barrier = p.limit;
	} else {
		if ((size_t)(colon - s) >= sizeof first)
			return "expected a number, unlimited or BARRIER:LIMIT";
		memcpy(first, s, (size_t)(colon - s));
		first[colon - s] = 0;
		err = count_parse(first, &p.barrier);
		if (!err)
			err = count_parse(colon + 1, &p.limit);
		if (!err && p.barrier > p.limit)
			err = "the barrier exceeds the limit";
	}
	if (!err)
		*out = p;
	return err;
}
