/*
 * Port 80: every request is answered with a redirect to the same target
 * over https on the same host name (its port dropped: https is on 443),
 * 301 for GET and HEAD, 308 for the rest so a method and body are kept.
 * Nothing else is served in the clear.
 */
#include <stdio.h>
#include <string.h>

#include "netd.h"

/* The host name of a Host value without its port: its length. */
static size_t redirect_host_len(struct http_str h)
{
	const char *end;

	if (h.n && h.p[0] == '[') {
		end = memchr(h.p, ']', h.n);
		return end ? (size_t)(end - h.p) + 1 : h.n;
	}
	end = memchr(h.p, ':', h.n);
	return end ? (size_t)(end - h.p) : h.n;
}

void redirect_serve(struct conn *c)
{
	const struct http_req *r = c->req;
	char location[HTTP_LINE_MAX + 300];
	const char *hdr[1] = { location };
	int get = r->method == HTTP_GET || r->method == HTTP_HEAD;

	snprintf(location, sizeof location, "Location: https://%.*s%.*s",
		 (int)redirect_host_len(r->host), r->host.p, (int)r->target.n, r->target.p);
	if (r->content_length > 0 || r->chunked)
		c->keep_alive = 0;	/* its body is not read */
	resp_head(c, get ? 301 : 308, hdr, 1, 0, 0);
	http_request_done(c);
}
