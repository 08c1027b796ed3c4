#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/inet4.h"
#include "node/websettings.h"

const char *web_onoff_parse(const char *v, int *on)
{
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "1"))
		*on = 1;
	else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "0"))
		*on = 0;
	else
		return "expected on or off";
	return NULL;
}

/* A decimal number lo-hi (at most 5 digits, no leading zero) that is the whole of s. */
static int number(const char *s, unsigned long lo, unsigned long hi, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9' || (s[0] == '0' && s[1]) || strlen(s) > 5)
		return -1;
	*v = strtoul(s, &end, 10);
	return *end || *v < lo || *v > hi ? -1 : 0;
}

const char *web_listen_parse(const char *v, struct web_listen *l)
{
	char addr[INET4_TEXT_MAX];
	const char *colon = strchr(v, ':');
	size_t len = colon ? (size_t)(colon - v) : strlen(v);
	unsigned long port = WEB_PORT_DEFAULT;

	if (len >= sizeof addr)
		return "expected A.B.C.D or A.B.C.D:PORT";
	memcpy(addr, v, len);
	addr[len] = 0;
	if (inet4_parse(addr, &l->addr))
		return "expected A.B.C.D or A.B.C.D:PORT";
	if (colon && number(colon + 1, 1, 65535, &port) < 0)
		return "expected a port 1-65535 after the colon";
	l->port = (unsigned)port;
	return NULL;
}

static const char *cidr_parse(const char *s, size_t len, uint32_t *addr, unsigned *prefix)
{
	char text[INET4_TEXT_MAX + 4], *slash;
	unsigned long p;

	if (len >= sizeof text)
		return "expected A.B.C.D/PREFIX (PREFIX 0-32)";
	memcpy(text, s, len);
	text[len] = 0;
	slash = strchr(text, '/');
	if (!slash)
		return "expected A.B.C.D/PREFIX (PREFIX 0-32)";
	*slash = 0;
	if (inet4_parse(text, addr) || number(slash + 1, 0, 32, &p) < 0)
		return "expected A.B.C.D/PREFIX (PREFIX 0-32)";
	*prefix = (unsigned)p;
	*addr &= inet4_netmask(*prefix);
	return NULL;
}

const char *web_allow_parse(const char *v, struct web_allow *a)
{
	const char *p = v, *why;
	size_t len;

	a->n = 0;
	for (;;) {
		len = strcspn(p, ", ");
		if (a->n == WEB_ALLOW_MAX)
			return "more than 16 networks";
		if ((why = cidr_parse(p, len, &a->addr[a->n], &a->prefix[a->n])))
			return why;
		a->n++;
		p += len;
		if (!*p)
			return NULL;
		p += strspn(p, ", ");
		if (!*p)
			return NULL;
	}
}

void web_listen_format(const struct web_listen *l, char out[WEB_TEXT_MAX])
{
	char addr[INET4_TEXT_MAX];

	inet4_format(l->addr, addr);
	snprintf(out, WEB_TEXT_MAX, "%s:%u", addr, l->port);
}

void web_allow_format(const struct web_allow *a, char out[WEB_TEXT_MAX])
{
	char addr[INET4_TEXT_MAX];
	size_t len = 0;
	unsigned i;

	out[0] = 0;
	for (i = 0; i < a->n; i++) {
		inet4_format(a->addr[i], addr);
		len += (size_t)snprintf(out + len, WEB_TEXT_MAX - len, "%s%s/%u", i ? "," : "", addr,
					a->prefix[i]);
	}
}

int web_allow_has(const struct web_allow *a, uint32_t addr)
{
	unsigned i;

	for (i = 0; i < a->n; i++)
		if ((addr & inet4_netmask(a->prefix[i])) == a->addr[i])
			return 1;
	return 0;
}
