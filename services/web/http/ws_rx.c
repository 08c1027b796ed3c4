/*
 * Receiving WebSocket frames. A header is judged as soon as its first two
 * bytes are in (an unmasked frame or a reserved bit is refused before its
 * length is read), a length before any payload (a message over the limit
 * is refused without taking a byte of it), text as each piece arrives.
 * Data is unmasked in place and handed on as it comes, so a message never
 * needs a buffer of its own here; a control frame, at most 125 bytes, is
 * gathered whole.
 */
#include <string.h>

#include "ws.h"

enum { RX_HEAD, RX_PAYLOAD, RX_OVER };

void ws_rx_init(struct ws_rx *r)
{
	memset(r, 0, sizeof *r);
	utf8_init(&r->utf8);
}

static size_t rx_error(struct ws_rx *r, struct ws_event *ev, unsigned code, const char *why,
		       size_t used)
{
	r->state = RX_OVER;
	ev->type = WS_EV_ERROR;
	ev->code = code;
	ev->why = why;
	return used;
}

/* The header's length once its first two bytes are known. */
static unsigned rx_head_need(const struct ws_rx *r)
{
	unsigned len7 = r->head[1] & 0x7f;

	return 2 + 4 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
}

/* The first two bytes: NULL, or why the frame is refused. */
static const char *rx_head_start(const struct ws_rx *r)
{
	unsigned op = r->head[0] & 0x0f;

	if (r->head[0] & 0x70)
		return "reserved bits set (no extension was negotiated)";
	if (op > WS_BINARY && op != WS_CLOSE && op != WS_PING && op != WS_PONG)
		return "unknown opcode";
	if (!(r->head[1] & 0x80))
		return "unmasked frame from the client";
	if (op >= WS_CLOSE && (!(r->head[0] & 0x80) || (r->head[1] & 0x7f) > WS_CONTROL_MAX))
		return "fragmented or oversized control frame";
	return NULL;
}

/* The payload length: 0, or -1 with *why (not in its shortest form, 2^63 or more). */
static int rx_head_length(struct ws_rx *r, const char **why)
{
	unsigned len7 = r->head[1] & 0x7f, i;
	uint64_t len = len7;

	if (len7 == 126) {
		len = (uint64_t)r->head[2] << 8 | r->head[3];
		if (len < 126)
			return (*why = "length not in its shortest form", -1);
	} else if (len7 == 127) {
		for (len = 0, i = 2; i < 10; i++)
			len = len << 8 | r->head[i];
		if (len >> 63)
			return (*why = "length with the most significant bit set", -1);
		if (len <= 0xffff)
			return (*why = "length not in its shortest form", -1);
	}
	r->left = len;
	memcpy(r->mask, r->head + rx_head_need(r) - 4, 4);
	return 0;
}

/* A data frame's place in its message: 0, or a close code with *why. */
static unsigned rx_head_message(struct ws_rx *r, const char **why)
{
	if (r->opcode == WS_CONT && !r->msg_opcode)
		return (*why = "continuation frame without a message", WS_CLOSE_PROTOCOL);
	if (r->opcode != WS_CONT && r->msg_opcode)
		return (*why = "new message before the last one ended", WS_CLOSE_PROTOCOL);
	if (r->opcode != WS_CONT) {
		r->msg_opcode = r->opcode;
		r->msg_len = 0;
		utf8_init(&r->utf8);
	}
	if (r->left > WS_MESSAGE_MAX - r->msg_len)
		return (*why = "message larger than 65536 bytes", WS_CLOSE_TOO_BIG);
	r->msg_len += r->left;
	return 0;
}

/* The whole control frame is in r->ctl. */
static size_t rx_control(struct ws_rx *r, struct ws_event *ev, size_t used)
{
	ev->data = r->ctl;
	ev->len = r->ctl_len;
	r->state = RX_HEAD;
	r->head_len = 0;
	if (r->opcode == WS_PING || r->opcode == WS_PONG) {
		ev->type = r->opcode == WS_PING ? WS_EV_PING : WS_EV_PONG;
		return used;
	}
	r->state = RX_OVER;
	ev->type = WS_EV_CLOSE;
	ev->code = WS_CLOSE_NO_STATUS;
	if (r->ctl_len == 0)
		return used;
	if (r->ctl_len == 1)
		return rx_error(r, ev, WS_CLOSE_PROTOCOL, "close frame of one byte", used);
	ev->code = (unsigned)r->ctl[0] << 8 | r->ctl[1];
	if (!ws_close_code_valid(ev->code))
		return rx_error(r, ev, WS_CLOSE_PROTOCOL, "invalid close code", used);
	{
		struct utf8_state u;

		utf8_init(&u);
		if (utf8_feed(&u, r->ctl + 2, r->ctl_len - 2) < 0 || !utf8_complete(&u))
			return rx_error(r, ev, WS_CLOSE_INVALID_DATA, "close reason not UTF-8", used);
	}
	ev->data = r->ctl + 2;
	ev->len = r->ctl_len - 2;
	return used;
}

/* Data bytes in[0..n) of the current frame: unmasked, checked, handed on. */
static size_t rx_data(struct ws_rx *r, unsigned char *in, size_t n, struct ws_event *ev,
		      size_t used)
{
	size_t i;

	for (i = 0; i < n; i++)
		in[i] ^= r->mask[(r->pos + i) & 3];
	r->pos += n;
	r->left -= n;
	ev->type = WS_EV_DATA;
	ev->opcode = r->msg_opcode;
	ev->data = in;
	ev->len = n;
	ev->final = r->fin && r->left == 0;
	if (r->msg_opcode == WS_TEXT &&
	    (utf8_feed(&r->utf8, in, n) < 0 || (ev->final && !utf8_complete(&r->utf8))))
		return rx_error(r, ev, WS_CLOSE_INVALID_DATA, "text not valid UTF-8", used);
	if (r->left == 0) {
		r->state = RX_HEAD;
		r->head_len = 0;
	}
	if (ev->final)
		r->msg_opcode = 0;
	return used;
}

/* The header is complete: the frame begins. WS_EV_MORE unless it is empty. */
static size_t rx_head_done(struct ws_rx *r, unsigned char *in, struct ws_event *ev,
			   size_t used)
{
	const char *why;
	unsigned code;

	r->opcode = r->head[0] & 0x0f;
	r->fin = !!(r->head[0] & 0x80);
	r->pos = 0;
	r->ctl_len = 0;
	if (rx_head_length(r, &why) < 0)
		return rx_error(r, ev, WS_CLOSE_PROTOCOL, why, used);
	if (r->opcode < WS_CLOSE && (code = rx_head_message(r, &why)))
		return rx_error(r, ev, code, why, used);
	r->state = RX_PAYLOAD;
	if (r->left > 0)
		return used;
	if (r->opcode >= WS_CLOSE)
		return rx_control(r, ev, used);
	if (r->fin)
		return rx_data(r, in + used, 0, ev, used);
	r->state = RX_HEAD;
	r->head_len = 0;
	return used;
}

size_t ws_rx_feed(struct ws_rx *r, unsigned char *in, size_t len, struct ws_event *ev)
{
	size_t used = 0, n;
	const char *why;

	memset(ev, 0, sizeof *ev);
	while (used < len && ev->type == WS_EV_MORE && r->state != RX_OVER) {
		if (r->state == RX_HEAD) {
			r->head[r->head_len++] = in[used++];
			if (r->head_len == 2 && (why = rx_head_start(r)))
				return rx_error(r, ev, WS_CLOSE_PROTOCOL, why, used);
			if (r->head_len >= 2 && r->head_len == rx_head_need(r))
				used = rx_head_done(r, in, ev, used);
			continue;
		}
		n = len - used < r->left ? len - used : (size_t)r->left;
		if (r->opcode < WS_CLOSE)
			return rx_data(r, in + used, n, ev, used + n);
		for (; n; n--, r->left--, r->pos++)
			r->ctl[r->ctl_len++] = in[used++] ^ r->mask[r->pos & 3];
		if (r->left == 0)
			used = rx_control(r, ev, used);
	}
	return used;
}

size_t ws_frame_head(unsigned char out[WS_HEAD_MAX], unsigned opcode, int fin, uint64_t len)
{
	size_t n = 2, i;

	out[0] = (unsigned char)((fin ? 0x80 : 0) | opcode);
	if (len < 126) {
		out[1] = (unsigned char)len;
	} else if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		n = 4;
	} else {
		out[1] = 127;
		for (i = 0; i < 8; i++)
			out[2 + i] = (unsigned char)(len >> (56 - 8 * i));
		n = 10;
	}
	return n;
}

int ws_close_code_valid(unsigned code)
{
	return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
	       (code >= 3000 && code <= 4999);
}
