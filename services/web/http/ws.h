#ifndef VZHOST_WEB_HTTP_WS_H
#define VZHOST_WEB_HTTP_WS_H

#include <stddef.h>
#include <stdint.h>

#include "utf8.h"

/*
 * WebSocket frames (RFC 6455) as a server receives them, strictly: every
 * client frame masked, no reserved bits (no extension is ever
 * negotiated), lengths in their shortest form and below 2^63, control
 * frames whole and at most 125 bytes, messages at most WS_MESSAGE_MAX
 * bytes, text valid UTF-8 however it is split across frames and reads.
 * A violation is an event carrying the close code to answer with.
 */

#define WS_MESSAGE_MAX 65536
#define WS_CONTROL_MAX 125
#define WS_HEAD_MAX 14		/* the longest frame header */

enum ws_opcode {
	WS_CONT = 0x0,
	WS_TEXT = 0x1,
	WS_BINARY = 0x2,
	WS_CLOSE = 0x8,
	WS_PING = 0x9,
	WS_PONG = 0xa,
};

#define WS_CLOSE_NORMAL 1000
#define WS_CLOSE_GOING_AWAY 1001
#define WS_CLOSE_PROTOCOL 1002
#define WS_CLOSE_NO_STATUS 1005	/* a close frame without a code (never sent) */
#define WS_CLOSE_INVALID_DATA 1007
#define WS_CLOSE_POLICY 1008
#define WS_CLOSE_TOO_BIG 1009

struct ws_rx {
	int state;
	unsigned char head[WS_HEAD_MAX];
	unsigned head_len;		/* header bytes so far */
	unsigned opcode, fin;		/* of the frame being received */
	uint64_t left;			/* its payload bytes still to come */
	uint64_t pos;			/* its payload bytes so far (the mask's phase) */
	unsigned char mask[4];
	unsigned msg_opcode;		/* WS_TEXT/WS_BINARY of the message under way, 0 if none */
	uint64_t msg_len;		/* its bytes so far */
	struct utf8_state utf8;
	unsigned char ctl[WS_CONTROL_MAX];	/* a control frame's payload */
	unsigned ctl_len;
};

enum ws_event_type {
	WS_EV_MORE,	/* all input taken, nothing to report yet */
	WS_EV_DATA,	/* message bytes (unmasked in place in the input) */
	WS_EV_PING,
	WS_EV_PONG,
	WS_EV_CLOSE,	/* the peer closes: code (WS_CLOSE_NO_STATUS if none), reason in data */
	WS_EV_ERROR,	/* close with code, reason why */
};

struct ws_event {
	enum ws_event_type type;
	unsigned opcode;		/* DATA: WS_TEXT or WS_BINARY */
	int final;			/* DATA: the message ends here */
	const unsigned char *data;	/* DATA: into the input; PING/PONG/CLOSE: the payload */
	size_t len;
	unsigned code;
	const char *why;
};

void ws_rx_init(struct ws_rx *r);
/*
 * Takes bytes from in[0..len) up to the next event and returns how many it
 * took; ev says what happened (WS_EV_MORE: all taken, nothing yet). After
 * WS_EV_ERROR or WS_EV_CLOSE the stream is over. DATA of a message may
 * come in several pieces; the last has final set (an empty message is
 * one empty final piece).
 */
size_t ws_rx_feed(struct ws_rx *r, unsigned char *in, size_t len, struct ws_event *ev);

/* A server frame's header (unmasked) for a payload of len bytes: its length. */
size_t ws_frame_head(unsigned char out[WS_HEAD_MAX], unsigned opcode, int fin, uint64_t len);
/* Whether a close code may be sent by a peer (RFC 6455 7.4). */
int ws_close_code_valid(unsigned code);

#endif
