/*
 * Response heads and net's own error answers. Every response carries the
 * security headers (a strict CSP without inline script or style, nosniff,
 * no referrer, no framing, HSTS on https); an error is JSON of the same
 * shape as the API's, {"error":{"status","code","message","field"}}.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "netd.h"

static const char security_headers[] =
	"Content-Security-Policy: default-src 'self'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'none'; object-src 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: no-referrer\r\n"
	"X-Frame-Options: DENY\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n"
	"Cross-Origin-Resource-Policy: same-origin\r\n";
static const char hsts[] = "Strict-Transport-Security: max-age=31536000\r\n";

static const struct {
	int status;
	const char *reason, *code;
} statuses[] = {
	{ 101, "Switching Protocols", "" },
	{ 200, "OK", "" },
	{ 201, "Created", "" },
	{ 202, "Accepted", "" },
	{ 204, "No Content", "" },
	{ 301, "Moved Permanently", "" },
	{ 304, "Not Modified", "" },
	{ 308, "Permanent Redirect", "" },
	{ 400, "Bad Request", "bad_request" },
	{ 401, "Unauthorized", "unauthorized" },
	{ 403, "Forbidden", "forbidden" },
	{ 404, "Not Found", "not_found" },
	{ 405, "Method Not Allowed", "method_not_allowed" },
	{ 408, "Request Timeout", "request_timeout" },
	{ 409, "Conflict", "conflict" },
	{ 411, "Length Required", "length_required" },
	{ 412, "Precondition Failed", "precondition_failed" },
	{ 413, "Content Too Large", "content_too_large" },
	{ 414, "URI Too Long", "uri_too_long" },
	{ 415, "Unsupported Media Type", "unsupported_media_type" },
	{ 417, "Expectation Failed", "expectation_failed" },
	{ 426, "Upgrade Required", "upgrade_required" },
	{ 428, "Precondition Required", "precondition_required" },
	{ 429, "Too Many Requests", "too_many_requests" },
	{ 431, "Request Header Fields Too Large", "header_fields_too_large" },
	{ 500, "Internal Server Error", "internal" },
	{ 501, "Not Implemented", "not_implemented" },
	{ 502, "Bad Gateway", "bad_gateway" },
	{ 503, "Service Unavailable", "busy" },
	{ 504, "Gateway Timeout", "gateway_timeout" },
	{ 505, "HTTP Version Not Supported", "http_version_not_supported" },
};

static unsigned status_index(int status)
{
	unsigned i;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].status == status)
			return i;
	return 0;
}

const char *resp_reason(int status)
{
	unsigned i = status_index(status);

	return statuses[i].status == status ? statuses[i].reason : "Unknown";
}

/* "Date: ..." for this second. */
static const char *resp_date(void)
{
	static char line[64];
	static time_t last;
	time_t t = time(NULL);
	struct tm tm;

	if (t != last || !line[0]) {
		last = t;
		gmtime_r(&t, &tm);
		strftime(line, sizeof line, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
	}
	return line;
}

void resp_head(struct conn *c, int status, const char *const *headers, unsigned nheaders,
	       long long length, unsigned flags)
{
	char line[128];
	unsigned i;
	int cache_given = 0;

	snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n", status, resp_reason(status));
	conn_send(c, line, strlen(line));
	conn_send(c, resp_date(), strlen(resp_date()));
	conn_send(c, security_headers, sizeof security_headers - 1);
	if (c->tls)
		conn_send(c, hsts, sizeof hsts - 1);
	for (i = 0; i < nheaders; i++) {
		cache_given |= !strncasecmp(headers[i], "Cache-Control:", 14);
		conn_send(c, headers[i], strlen(headers[i]));
		conn_send(c, "\r\n", 2);
	}
	if ((flags & RESP_API) && !cache_given)
		conn_send(c, "Cache-Control: no-store\r\n", 25);
	if (flags & RESP_CLOSE)
		c->keep_alive = 0;
	if (length == RESP_UNFRAMED) {
		/* 101 and 304: no body, no framing */
	} else if (length >= 0) {
		snprintf(line, sizeof line, "Content-Length: %lld\r\n", length);
		conn_send(c, line, strlen(line));
	} else if (!c->http10) {
		c->resp_chunked = 1;
		conn_send(c, "Transfer-Encoding: chunked\r\n", 28);
	} else {
		c->keep_alive = 0;	/* the end of the body is the end of the connection */
	}
	if (status == 101)
		conn_send(c, "\r\n", 2);
	else if (!c->keep_alive)
		conn_send(c, "Connection: close\r\n\r\n", 21);
	else if (c->http10)
		conn_send(c, "Connection: keep-alive\r\n\r\n", 26);
	else
		conn_send(c, "\r\n", 2);
}

/* s into out as a JSON string's content (our texts are ASCII). */
static size_t json_escape(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 2 < size; s++) {
		if (*s == '"' || *s == '\\')
			out[n++] = '\\';
		out[n++] = (unsigned char)*s < ' ' ? '?' : *s;
	}
	out[n] = '\0';
	return n;
}

void resp_error(struct conn *c, int status, const char *why, unsigned flags, const char *header)
{
	const char *headers[2] = { "Content-Type: application/json", header };
	char msg[256], body[512];
	int n;

	json_escape(msg, sizeof msg, why);
	n = snprintf(body, sizeof body,
		     "{\"error\": {\"status\": %d, \"code\": \"%s\", \"message\": \"%s\", "
		     "\"field\": null}}\n", status, statuses[status_index(status)].code, msg);
	resp_head(c, status, headers, header ? 2 : 1, n,
		  RESP_API | flags);
	if (!c->head_only)
		conn_send(c, body, (size_t)n);
}
