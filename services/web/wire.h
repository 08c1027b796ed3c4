#ifndef VZHOST_WEB_WIRE_H
#define VZHOST_WEB_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The priv <-> net protocol of vzwebd (docs/web-design.md): one message
 * per SOCK_SEQPACKET datagram, at most WIRE_MSG_MAX bytes, with at most
 * one descriptor riding along (SCM_RIGHTS). A message is a header
 *
 *   type u16, flags u16, conn u32, id u32, len u32   (host order: both
 *                                                     ends are one machine)
 *
 * and len bytes of fields, each  tag u16, length u16, value. The parser
 * refuses unknown types and tags, a field running past the end, more than
 * WIRE_FIELDS_MAX fields, and trailing bytes; what a message means and
 * which fields it needs is up to its receiver (wire_get, wire_need).
 */

#define WIRE_HDR_LEN 16
#define WIRE_FIELDS_MAX 48
#define WIRE_BODY_CHUNK 60000	/* body bytes in one field (a u16 length) */
#define WIRE_REQUEST_BODY_MAX 65536	/* a request's JSON body, in WF_BODY fields */
/* A request: its whole body in two fields beside its other fields, which
   come from a head of at most 8 KiB. */
#define WIRE_MSG_MAX (WIRE_HDR_LEN + 81920)

enum wire_type {
	/* net -> priv */
	WIRE_HELLO = 1,		/* net is up; priv answers WIRE_CONFIG */
	WIRE_REQUEST,		/* an HTTP request priv decides (conn, id) */
	WIRE_UPLOAD_DONE,	/* the body streamed into a WIRE_UPLOAD pipe ended */
	WIRE_CLOSED,		/* connection conn is gone */
	WIRE_SIGN,		/* a TLS handshake's private key operation (id) */
	/* priv -> net */
	WIRE_CONFIG,		/* certificate chain, allowed sources, limits */
	WIRE_RESPONSE,		/* status, headers, first body chunk (WIRE_F_MORE: more follow) */
	WIRE_BODY,		/* next body chunk of a response */
	WIRE_CONSOLE,		/* + holder fd: conn becomes a WebSocket console */
	WIRE_UPLOAD,		/* + pipe fd: stream the request body into it */
	WIRE_EVENTS,		/* conn becomes a server-sent event stream */
	WIRE_EVENT,		/* one event: for every stream (conn 0) or one (a replay) */
	WIRE_SIGNED,		/* the answer to WIRE_SIGN */
	WIRE_CLOSE,		/* close conn (its session ended) */
	WIRE_TYPE_END
};

#define WIRE_F_MORE 0x1u	/* WIRE_RESPONSE/WIRE_BODY: body chunks follow */

enum wire_tag {
	WF_METHOD = 1,		/* request: "GET" ... */
	WF_PATH,		/* request: the decoded path, "/api/v1/containers/101" */
	WF_QUERY,		/* request: the raw query string, without '?' */
	WF_PEER,		/* request: the client's address, "192.0.2.7" */
	WF_HOST,		/* request: Host */
	WF_ORIGIN,		/* request: Origin */
	WF_COOKIE,		/* request: the session cookie's value only */
	WF_BEARER,		/* request: an Authorization: Bearer token */
	WF_CSRF,		/* request: X-CSRF-Token */
	WF_IF_MATCH,		/* request: If-Match */
	WF_IF_NONE_MATCH,	/* request: If-None-Match */
	WF_LAST_EVENT_ID,	/* request: Last-Event-ID */
	WF_CONTENT_TYPE,	/* request: Content-Type */
	WF_CONTENT_LENGTH,	/* request (upload): u64 */
	WF_UPGRADE,		/* request: present for a WebSocket upgrade */
	WF_BODY,		/* request body (JSON: one or two fields of at most
				   WIRE_BODY_CHUNK, in order) or a response chunk */
	WF_STATUS,		/* response: u32 HTTP status */
	WF_HEADER,		/* response: one "Name: value" line, repeated */
	WF_MODE,		/* console: "rw" or "ro" */
	WF_SCOPE,		/* events: u32 scope bits the stream may see */
	WF_EVENT_ID,		/* event: u64 sequence number */
	WF_EVENT,		/* event: its name, "ct", "task" ... */
	WF_DATA,		/* event: its JSON */
	WF_MD,			/* sign: u32 mbedtls_md_type_t */
	WF_HASH,		/* sign: the hash to sign */
	WF_SIG,			/* signed: the signature */
	WF_ERROR,		/* signed/upload done: what went wrong */
	WF_CERT,		/* config: the PEM certificate chain */
	WF_ALLOW_FROM,		/* config: one CIDR the server accepts, repeated */
	WF_BYTES,		/* upload done: u64 body bytes received */
	WF_TAG_END
};

struct wire_field {
	unsigned tag;
	size_t len;
	const unsigned char *val;
};

struct wire_msg {
	unsigned type, flags;
	uint32_t conn, id;
	unsigned nfields;
	struct wire_field field[WIRE_FIELDS_MAX];
};

/* The message in the len bytes at buf (pure; fields point into buf):
   NULL, or why it is refused. */
const char *wire_parse(const void *buf, size_t len, struct wire_msg *m);
/* The first field with tag, or NULL. */
const struct wire_field *wire_get(const struct wire_msg *m, unsigned tag);
/* The field as a NUL-terminated string copied into out (at most size - 1
   bytes, no NUL inside): NULL, or why not. */
const char *wire_get_str(const struct wire_msg *m, unsigned tag, char *out, size_t size);
/* The field as an integer (stored as 4 or 8 bytes): NULL, or why not. */
const char *wire_get_u64(const struct wire_msg *m, unsigned tag, uint64_t *v);

/* A message being built; failed is set (and the message not sent) when a
   field does not fit. */
struct wire_out {
	size_t len;
	int failed;
	unsigned char buf[WIRE_MSG_MAX];
};

void wire_begin(struct wire_out *o, unsigned type, unsigned flags, uint32_t conn, uint32_t id);
void wire_add(struct wire_out *o, unsigned tag, const void *val, size_t len);
void wire_add_str(struct wire_out *o, unsigned tag, const char *s);
void wire_add_u32(struct wire_out *o, unsigned tag, uint32_t v);
void wire_add_u64(struct wire_out *o, unsigned tag, uint64_t v);

/* Sends the message with fd attached when fd >= 0: 0, or -1 with errno
   (EMSGSIZE if it failed to build). Never blocks on a full peer when
   sock is non-blocking (EAGAIN). */
int wire_send(int sock, const struct wire_out *o, int fd);
/*
 * Receives one message into buf (WIRE_MSG_MAX bytes) and the descriptor
 * riding along (close-on-exec; *fd = -1 when none). Its length, 0 at EOF,
 * or -1 with errno (EMSGSIZE for a truncated message or more than one
 * descriptor: those are closed).
 */
long wire_recv(int sock, void *buf, int *fd);

#endif
