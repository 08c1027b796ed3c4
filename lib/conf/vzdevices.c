#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf/vzdevices.h"
#include "conf/vzvalue.h"

/* The next ':'-separated field of [*s, end) into out (NUL-terminated). */
static int field_next(const char **s, const char *end, char *out, size_t size)
{
	const char *colon = memchr(*s, ':', (size_t)(end - *s));
	size_t n = colon ? (size_t)(colon - *s) : (size_t)(end - *s);

	if (n >= size)
		return -1;
	memcpy(out, *s, n);
	out[n] = 0;
	*s += n + (colon ? 1 : 0);
	return colon ? 1 : 0;
}

static const char *perm_parse(const char *s, unsigned *perm)
{
	unsigned bit;

	*perm = 0;
	if (!strcmp(s, "none"))
		return NULL;
	if (!*s)
		return "access: empty (r, w, rw or none)";
	for (; *s; s++) {
		bit = *s == 'r' ? VZDEV_READ : *s == 'w' ? VZDEV_WRITE : *s == 'q' ? VZDEV_QUOTA : 0;
		if (!bit)
			return "access: expected r, w, rw (q allowed) or none";
		if (*perm & bit)
			return "access: a letter given twice";
		*perm |= bit;
	}
	return NULL;
}

const char *vzdevice_parse(const char *s, size_t len, struct vzdevice *d)
{
	const char *end = s + len;
	char type[2], major[8], minor[8], perm[8];
	struct vzdevice v;
	const char *why;
	uint64_t n;

	if (field_next(&s, end, type, sizeof type) != 1)
		return "type: expected c or b, then :MAJOR:MINOR:ACCESS";
	if (strcmp(type, "c") && strcmp(type, "b"))
		return "type: expected c or b";
	v.type = type[0];
	if (field_next(&s, end, major, sizeof major) != 1)
		return "major: expected a number 0-4095, then :MINOR:ACCESS";
	if (vzvalue_decimal(major, VZDEV_MAJOR_MAX, &n))
		return "major: expected a number 0-4095";
	v.major = (uint32_t)n;
	if (field_next(&s, end, minor, sizeof minor) != 1)
		return "minor: expected a number 0-1048575 or all, then :ACCESS";
	if (!strcmp(minor, "all"))
		v.minor = VZDEV_MINOR_ALL;
	else if (vzvalue_decimal(minor, VZDEV_MINOR_MAX, &n))
		return "minor: expected a number 0-1048575 or all";
	else
		v.minor = (uint32_t)n;
	if (field_next(&s, end, perm, sizeof perm) != 0)
		return "access: expected r, w, rw or none, and nothing after it";
	if ((why = perm_parse(perm, &v.perm)))
		return why;
	*d = v;
	return NULL;
}

static int same_device(const struct vzdevice *a, const struct vzdevice *b)
{
	return a->type == b->type && a->major == b->major && a->minor == b->minor;
}

const char *vzdevices_set(struct vzdevices *l, const struct vzdevice *d)
{
	unsigned i;

	for (i = 0; i < l->n && !same_device(&l->dev[i], d); i++)
		;
	if (i < l->n && !d->perm) {
		memmove(&l->dev[i], &l->dev[i + 1], (l->n - i - 1) * sizeof l->dev[0]);
		l->n--;
		return NULL;
	}
	if (!d->perm)
		return NULL;
	if (i == l->n && l->n == VZDEV_MAX)
		return "more than 32 devices";
	l->dev[i] = *d;
	l->n += i == l->n;
	return NULL;
}

const char *vzdevices_parse(const char *s, struct vzdevices *out, unsigned *entry)
{
	struct vzdevices l;
	struct vzdevice d;
	const char *why;
	size_t n;

	l.n = 0;
	*entry = 0;
	for (;;) {
		s += strspn(s, " \t");
		if (!*s)
			break;
		++*entry;
		n = strcspn(s, " \t");
		if (n > VZDEV_ENTRY_MAX)
			return "longer than any device entry";
		if ((why = vzdevice_parse(s, n, &d)) || (why = vzdevices_set(&l, &d)))
			return why;
		s += n;
	}
	*entry = 0;
	*out = l;
	return NULL;
}

int vzdevices_format(const struct vzdevices *l, char *buf, size_t size)
{
	const struct vzdevice *d;
	size_t len = 0;
	unsigned i;
	char minor[12];
	int n;

	if (size)
		buf[0] = 0;
	for (i = 0; i < l->n; i++) {
		d = &l->dev[i];
		snprintf(minor, sizeof minor, "%u", (unsigned)d->minor);
		n = snprintf(buf + len, size - len, "%s%c:%u:%s:%s%s%s", i ? " " : "", d->type,
			     (unsigned)d->major, d->minor == VZDEV_MINOR_ALL ? "all" : minor,
			     d->perm & VZDEV_READ ? "r" : "", d->perm & VZDEV_WRITE ? "w" : "",
			     d->perm & VZDEV_QUOTA ? "q" : "");
		if (n < 0 || (size_t)n >= size - len) {
			errno = ENOSPC;
			return -1;
		}
		len += (size_t)n;
	}
	return (int)len;
}

const char *vzdevices_merge(const char *cur, const char *entry, char *out, size_t size)
{
	struct vzdevices l = { .n = 0 };
	struct vzdevice d;
	const char *why;
	unsigned bad;

	if (cur && vzdevices_parse(cur, &l, &bad))
		return "the container's DEVICES does not parse; fix it in its config first";
	if ((why = vzdevice_parse(entry, strlen(entry), &d)) || (why = vzdevices_set(&l, &d)))
		return why;
	return vzdevices_format(&l, out, size) < 0 ? "DEVICES would be too long" : NULL;
}
