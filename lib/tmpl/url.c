#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tmpl/http.h"

static int host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

static int port_parse(const char *s, size_t len, unsigned *port)
{
	unsigned v = 0;

	if (len == 0 || len > 5)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

/* HOST[:PORT] or [V6][:PORT] in s[0..len). */
static int authority_parse(const char *s, size_t len, struct tmpl_url *u)
{
	const char *host = s, *colon;
	size_t hlen;

	if (len > 0 && s[0] == '[') {
		const char *end = memchr(s, ']', len);

		if (!end)
			return -1;
		host = s + 1;
		hlen = (size_t)(end - host);
		for (size_t i = 0; i < hlen; i++)
			if (!strchr("0123456789abcdefABCDEF:.", host[i]))
				return -1;
		colon = end + 1 < s + len ? end + 1 : NULL;
		if (colon && *colon != ':')
			return -1;
	} else {
		colon = memchr(s, ':', len);
		hlen = colon ? (size_t)(colon - s) : len;
		for (size_t i = 0; i < hlen; i++)
			if (!host_char(host[i]))
				return -1;
	}
	if (hlen == 0 || hlen >= sizeof u->host)
		return -1;
	memcpy(u->host, host, hlen);
	u->host[hlen] = '\0';
	if (colon)
		return port_parse(colon + 1, (size_t)(s + len - colon - 1), &u->port);
	return 0;
}

int tmpl_url_parse(const char *s, struct tmpl_url *u)
{
	size_t len = strnlen(s, TMPL_URL_MAX), alen, plen;
	const char *auth, *path;

	memset(u, 0, sizeof *u);
	if (len == TMPL_URL_MAX)
		return (errno = EINVAL, -1);
	for (size_t i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return (errno = EINVAL, -1);
	if (!strncasecmp(s, "https://", 8)) {
		u->https = 1;
		auth = s + 8;
	} else if (!strncasecmp(s, "http://", 7)) {
		auth = s + 7;
	} else {
		return (errno = EINVAL, -1);
	}
	u->port = u->https ? 443 : 80;
	alen = strcspn(auth, "/?#");
	if (memchr(auth, '@', alen) || authority_parse(auth, alen, u) < 0)
		return (errno = EINVAL, -1);
	path = auth + alen;
	if (strchr(path, '#'))
		return (errno = EINVAL, -1);
	plen = strlen(path);
	if (plen + 2 > sizeof u->path)
		return (errno = EINVAL, -1);
	if (path[0] != '/')
		u->path[0] = '/';
	memcpy(u->path + (path[0] != '/'), path, plen + 1);
	return 0;
}

int tmpl_url_join(const struct tmpl_url *base, const char *file, struct tmpl_url *out)
{
	size_t blen = strcspn(base->path, "?");
	int slash = blen == 0 || base->path[blen - 1] != '/', n;

	*out = *base;
	n = snprintf(out->path, sizeof out->path, "%.*s%s%s", (int)blen, base->path,
		     slash ? "/" : "", file);
	if (n < 0 || (size_t)n >= sizeof out->path)
		return (errno = ENAMETOOLONG, -1);
	return 0;
}

int tmpl_url_resolve(const struct tmpl_url *base, const char *location, struct tmpl_url *out)
{
	if (location[0] == '/' && location[1] != '/') {
		*out = *base;
		if (strlen(location) >= sizeof out->path || strchr(location, '#'))
			return (errno = EINVAL, -1);
		for (const char *p = location; *p; p++)
			if (*p <= ' ' || *p > '~')
				return (errno = EINVAL, -1);
		strcpy(out->path, location);
		return 0;
	}
	return tmpl_url_parse(location, out);
}

void tmpl_url_format(const struct tmpl_url *u, char *out, size_t size)
{
	int v6 = strchr(u->host, ':') != NULL;
	char port[8] = "";

	if (u->port != (u->https ? 443u : 80u))
		snprintf(port, sizeof port, ":%u", u->port);
	snprintf(out, size, "%s://%s%s%s%s%s", u->https ? "https" : "http", v6 ? "[" : "",
		 u->host, v6 ? "]" : "", port, u->path);
}
