#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../wire.h"
#include "base/log.h"
#include "netproc.h"
#include "priv.h"

int resp_begin(struct resp *r, int status)
{
	memset(r, 0, sizeof *r);
	r->status = status;
	r->f = open_memstream(&r->body, &r->len);
	if (!r->f)
		return -1;
	json_init(&r->j, r->f);
	return 0;
}

void resp_header(struct resp *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nheaders == RESP_HEADERS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(r->header[r->nheaders++], RESP_HEADER_MAX, fmt, ap);
	va_end(ap);
}

/* Status and headers, then the body in chunks of at most WIRE_BODY_CHUNK. */
static void resp_wire(uint32_t conn, uint32_t id, const struct resp *r, const char *body,
		      size_t len)
{
	static struct wire_out o;
	size_t off = 0, n;
	unsigned i;

	n = len < WIRE_BODY_CHUNK ? len : WIRE_BODY_CHUNK;
	wire_begin(&o, WIRE_RESPONSE, n < len ? WIRE_F_MORE : 0, conn, id);
	wire_add_u32(&o, WF_STATUS, (uint32_t)r->status);
	for (i = 0; i < r->nheaders; i++)
		wire_add_str(&o, WF_HEADER, r->header[i]);
	if (len)
		wire_add_str(&o, WF_HEADER, "Content-Type: application/json");
	wire_add(&o, WF_BODY, body, n);
	netproc_send(&o, -1);
	for (off = n; off < len; off += n) {
		n = len - off < WIRE_BODY_CHUNK ? len - off : WIRE_BODY_CHUNK;
		wire_begin(&o, WIRE_BODY, off + n < len ? WIRE_F_MORE : 0, conn, id);
		wire_add(&o, WF_BODY, body + off, n);
		netproc_send(&o, -1);
	}
}

void resp_send(uint32_t conn, uint32_t id, struct resp *r)
{
	int bad = 0;

	if (r->f) {
		if (r->j.depth || r->j.count[0])
			bad = json_finish(&r->j) < 0;
		bad |= fclose(r->f) != 0;
		r->f = NULL;
	}
	if (bad) {
		log_error("a response to request %u could not be written: %s", id, strerror(errno));
		r->status = 500;
		r->nheaders = 0;
		free(r->body);
		r->body = strdup("{\"error\": {\"status\": 500, \"code\": \"internal\", "
				 "\"message\": \"the response could not be made\", \"field\": null}}\n");
		r->len = r->body ? strlen(r->body) : 0;
	}
	resp_wire(conn, id, r, r->body ? r->body : "", r->len);
	free(r->body);
	r->body = NULL;
}

void resp_discard(struct resp *r)
{
	if (r->f)
		fclose(r->f);
	r->f = NULL;
	free(r->body);
	r->body = NULL;
}

static void reply_verror(uint32_t conn, uint32_t id, int status, const char *code,
			 const char *field, unsigned retry_s, const char *fmt, va_list ap)
{
	char msg[1024];
	struct resp r;

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (resp_begin(&r, status) < 0)
		return;
	if (retry_s)
		resp_header(&r, "Retry-After: %u", retry_s);
	json_object_begin(&r.j);
	json_key(&r.j, "error");
	json_object_begin(&r.j);
	json_kv_uint(&r.j, "status", (uint64_t)status);
	json_kv_string(&r.j, "code", code);
	json_kv_string(&r.j, "message", msg);
	json_key(&r.j, "field");
	if (field)
		json_string(&r.j, field);
	else
		json_null(&r.j);
	json_object_end(&r.j);
	json_object_end(&r.j);
	resp_send(conn, id, &r);
}

void reply_error(uint32_t conn, uint32_t id, int status, const char *code, const char *field,
		 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reply_verror(conn, id, status, code, field, 0, fmt, ap);
	va_end(ap);
}

void reply_busy(uint32_t conn, uint32_t id, int status, unsigned retry_s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reply_verror(conn, id, status, status == 429 ? "too_many_requests" : "busy", NULL,
		     retry_s ? retry_s : 1, fmt, ap);
	va_end(ap);
}

void reply_empty(uint32_t conn, uint32_t id, int status)
{
	struct resp r = { .status = status };

	resp_send(conn, id, &r);
}

void reply_task(uint32_t conn, uint32_t id, const char *task)
{
	struct resp r;

	if (resp_begin(&r, 202) < 0)
		return;
	resp_header(&r, "Location: /api/v1/tasks/%s", task);
	json_object_begin(&r.j);
	json_kv_string(&r.j, "task", task);
	json_object_end(&r.j);
	resp_send(conn, id, &r);
}
