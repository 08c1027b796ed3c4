/*
 * services/web/http: WebSocket frames as a server receives them (lengths
 * 126/127, 2^63, masking, fragments, control frames between fragments,
 * close codes), UTF-8 validated across fragments and reads, the console's
 * control messages.
 */
#include <stdlib.h>
#include <string.h>

#include "../../services/web/http/utf8.h"
#include "../../services/web/http/ws.h"
#include "../../services/web/http/ws_control.h"
#include "tap.h"

static const unsigned char mask[4] = { 0x37, 0xfa, 0x21, 0x3d };

/* A client frame (masked) of payload p[0..n) into out: its length. */
static size_t frame(unsigned char *out, unsigned first_byte, const void *p, size_t n)
{
	size_t h = ws_frame_head(out, first_byte & 0x0f, first_byte & 0x80, n), i;

	out[0] = (unsigned char)first_byte;
	out[1] |= 0x80;
	memcpy(out + h, mask, 4);
	for (i = 0; i < n; i++)
		out[h + 4 + i] = ((const unsigned char *)p)[i] ^ mask[i & 3];
	return h + 4 + n;
}

/* What a stream of frames yields, fed step bytes at a time. */
struct outcome {
	unsigned char data[3 * WS_MESSAGE_MAX];
	size_t len;
	unsigned messages, pings, pongs;
	enum ws_event_type last;
	unsigned code;
	const char *why;
};

static void run(const unsigned char *in, size_t len, size_t step, struct outcome *o)
{
	static unsigned char buf[4 * WS_MESSAGE_MAX];
	struct ws_rx r;
	struct ws_event ev;
	size_t off = 0, n, used;

	memset(o, 0, sizeof *o);
	ws_rx_init(&r);
	memcpy(buf, in, len);
	while (off < len) {
		n = len - off < step ? len - off : step;
		used = ws_rx_feed(&r, buf + off, n, &ev);
		if (ev.type == WS_EV_MORE && used != n)
			break;
		off += used;
		if (ev.type == WS_EV_DATA) {
			memcpy(o->data + o->len, ev.data, ev.len);
			o->len += ev.len;
			o->messages += ev.final;
		}
		o->pings += ev.type == WS_EV_PING;
		o->pongs += ev.type == WS_EV_PONG;
		if (ev.type != WS_EV_MORE)
			o->last = ev.type;
		if (ev.type == WS_EV_CLOSE || ev.type == WS_EV_ERROR) {
			o->code = ev.code;
			o->why = ev.why;
			break;
		}
	}
}

/* The outcome is the same however the input is split. */
static int run_any_split(const unsigned char *in, size_t len, struct outcome *o)
{
	static struct outcome other;
	size_t steps[] = { 1, 2, 3, 7, 64, 4096 }, i;

	run(in, len, len, o);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		run(in, len, steps[i], &other);
		if (other.len != o->len || memcmp(other.data, o->data, o->len) ||
		    other.messages != o->messages || other.code != o->code || other.last != o->last)
			return 0;
	}
	return 1;
}

static unsigned char in[4 * WS_MESSAGE_MAX];
static struct outcome out;

static void test_lengths(void)
{
	static unsigned char big[WS_MESSAGE_MAX + 1];
	size_t n, sizes[] = { 0, 1, 125, 126, 127, 65535, 65536 }, i;

	for (i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		n = frame(in, 0x80 | WS_BINARY, big, sizes[i]);
		ok(run_any_split(in, n, &out) && out.messages == 1 && out.len == sizes[i] &&
		   !memcmp(out.data, big, sizes[i]), "a binary message of %zu bytes, any split", sizes[i]);
	}
	n = frame(in, 0x80 | WS_BINARY, big, WS_MESSAGE_MAX + 1);
	run(in, n, n, &out);
	ok(out.last == WS_EV_ERROR && out.code == WS_CLOSE_TOO_BIG && out.len == 0,
	   "65537 bytes: 1009 before any data is taken");

	memcpy(in, "\x82\xfe\x00\x7d", 4);
	memcpy(in + 4, mask, 4);
	run(in, 8 + 125, 1, &out);
	ok(out.code == WS_CLOSE_PROTOCOL, "126 form for 125 bytes: not the shortest, 1002");
	memcpy(in, "\x82\xff\x00\x00\x00\x00\x00\x00\xff\xff", 10);
	run(in, 14, 1, &out);
	ok(out.code == WS_CLOSE_PROTOCOL, "127 form for 65535 bytes: 1002");
	memcpy(in, "\x82\xff\x80\x00\x00\x00\x00\x00\x00\x00", 10);
	run(in, 14, 1, &out);
	ok(out.code == WS_CLOSE_PROTOCOL && out.why && strstr(out.why, "most significant"),
	   "a length of 2^63: 1002");
	memcpy(in, "\x82\xff\x7f\xff\xff\xff\xff\xff\xff\xff", 10);
	run(in, 14, 1, &out);
	ok(out.code == WS_CLOSE_TOO_BIG, "2^63-1: too big (1009), no overflow");
	memcpy(in, "\x80\xff\x00\x00\x00\x00\x00\x01\x00\x00", 10);
	run(in, 14, 1, &out);
	ok(out.code == WS_CLOSE_PROTOCOL, "continuation without a message: 1002");
}

static void test_frames_refused(void)
{
	static const struct {
		const char *bytes;
		size_t len;
		unsigned code;
		const char *name;
	} cases[] = {
		{ "\x82\x05hello", 7, WS_CLOSE_PROTOCOL, "an unmasked frame" },
		{ "\xc2\x80", 2, WS_CLOSE_PROTOCOL, "RSV1 set" },
		{ "\xa2\x80", 2, WS_CLOSE_PROTOCOL, "RSV2 set" },
		{ "\x92\x80", 2, WS_CLOSE_PROTOCOL, "RSV3 set" },
		{ "\x83\x80", 2, WS_CLOSE_PROTOCOL, "opcode 3" },
		{ "\x8b\x80", 2, WS_CLOSE_PROTOCOL, "opcode 0xb" },
		{ "\x09\x80", 2, WS_CLOSE_PROTOCOL, "a fragmented ping" },
		{ "\x89\xfe", 2, WS_CLOSE_PROTOCOL, "a ping of 126 bytes" },
	};
	unsigned i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memcpy(in, cases[i].bytes, cases[i].len);
		run(in, cases[i].len, 1, &out);
		ok(out.last == WS_EV_ERROR && out.code == cases[i].code, "%s: %u at once", cases[i].name,
		   cases[i].code);
	}
}

static void test_fragments(void)
{
	size_t n = 0;

	n += frame(in + n, WS_TEXT, "hel", 3);
	n += frame(in + n, 0x80 | WS_PING, "p", 1);
	n += frame(in + n, WS_CONT, "lo ", 3);
	n += frame(in + n, 0x80 | WS_PONG, "", 0);
	n += frame(in + n, 0x80 | WS_CONT, "world", 5);
	n += frame(in + n, 0x80 | WS_TEXT, "", 0);
	ok(run_any_split(in, n, &out) && out.messages == 2 && out.len == 11 &&
	   !memcmp(out.data, "hello world", 11) && out.pings == 1 && out.pongs == 1,
	   "a text message in three fragments with a ping and a pong between, then an empty one");

	n = frame(in, WS_TEXT, "a", 1);
	n += frame(in + n, 0x80 | WS_BINARY, "b", 1);
	run(in, n, n, &out);
	ok(out.code == WS_CLOSE_PROTOCOL, "a new message inside a fragmented one: 1002");

	n = frame(in, WS_BINARY, in + 100, 40000);
	n += frame(in + n, 0x80 | WS_CONT, in + 100, 30000);
	run(in, n, n, &out);
	ok(out.code == WS_CLOSE_TOO_BIG && out.len == 40000,
	   "fragments adding up past 65536: 1009 at the fragment that crosses");
}

static void test_utf8(void)
{
	static const unsigned char euro[] = { 0xe2, 0x82, 0xac };	/* U+20AC */
	static const unsigned char emoji[] = { 0xf0, 0x9f, 0x98, 0x80 };	/* U+1F600 */
	static const struct {
		const char *bytes;
		int valid;
		const char *name;
	} cases[] = {
		{ "plain", 1, "ASCII" },
		{ "\xc3\xa9", 1, "U+00E9" },
		{ "\xef\xbf\xbf", 1, "U+FFFF" },
		{ "\xf4\x8f\xbf\xbf", 1, "U+10FFFF" },
		{ "\xc0\xaf", 0, "overlong '/'" },
		{ "\xe0\x80\xaf", 0, "overlong three-byte" },
		{ "\xf0\x80\x80\xaf", 0, "overlong four-byte" },
		{ "\xed\xa0\x80", 0, "a surrogate" },
		{ "\xf4\x90\x80\x80", 0, "past U+10FFFF" },
		{ "\xf5\x80\x80\x80", 0, "lead byte F5" },
		{ "\xff", 0, "byte FF" },
		{ "\x80", 0, "a lone continuation" },
		{ "\xc3", 0, "a truncated character" },
		{ "\xe2\x82", 0, "a truncated euro" },
		{ "a\xc3(", 0, "a lead without continuation" },
	};
	struct utf8_state u;
	size_t n, i, cut;
	unsigned char t[16];

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		utf8_init(&u);
		n = strlen(cases[i].bytes);
		ok((utf8_feed(&u, (const unsigned char *)cases[i].bytes, n) == 0 &&
		    utf8_complete(&u)) == cases[i].valid,
		   "UTF-8 %s: %s", cases[i].name, cases[i].valid ? "valid" : "refused");
	}
	for (cut = 1; cut < 4; cut++) {
		n = frame(in, WS_TEXT, emoji, cut);
		n += frame(in + n, 0x80 | WS_CONT, emoji + cut, 4 - cut);
		ok(run_any_split(in, n, &out) && out.messages == 1 && out.len == 4,
		   "U+1F600 split after byte %zu across two fragments is taken", cut);
	}
	n = frame(in, WS_TEXT, euro, 2);
	n += frame(in + n, 0x80 | WS_CONT, "x", 1);
	run(in, n, 1, &out);
	ok(out.code == WS_CLOSE_INVALID_DATA, "a euro cut short by the next fragment: 1007");
	n = frame(in, 0x80 | WS_TEXT, euro, 2);
	run(in, n, 1, &out);
	ok(out.code == WS_CLOSE_INVALID_DATA, "a message ending inside a character: 1007");
	memcpy(t, "\xed\xa0\x80", 3);
	n = frame(in, 0x80 | WS_BINARY, t, 3);
	ok(run_any_split(in, n, &out) && out.messages == 1, "binary is not checked for UTF-8");
}

static void test_close(void)
{
	size_t n;

	n = frame(in, 0x80 | WS_CLOSE, "\x03\xe8" "bye", 5);
	run(in, n, 1, &out);
	ok(out.last == WS_EV_CLOSE && out.code == 1000, "close 1000 with a reason");
	n = frame(in, 0x80 | WS_CLOSE, "", 0);
	run(in, n, 1, &out);
	ok(out.last == WS_EV_CLOSE && out.code == WS_CLOSE_NO_STATUS, "an empty close");
	n = frame(in, 0x80 | WS_CLOSE, "\x03", 1);
	run(in, n, 1, &out);
	ok(out.last == WS_EV_ERROR && out.code == WS_CLOSE_PROTOCOL, "a one-byte close: 1002");
	n = frame(in, 0x80 | WS_CLOSE, "\x03\xed", 2);
	run(in, n, 1, &out);
	ok(out.code == WS_CLOSE_PROTOCOL, "close code 1005 sent by the peer: 1002");
	n = frame(in, 0x80 | WS_CLOSE, "\x03\xe8\xc0\xaf", 4);
	run(in, n, 1, &out);
	ok(out.code == WS_CLOSE_INVALID_DATA, "a close reason not UTF-8: 1007");
	ok(ws_close_code_valid(4000) && !ws_close_code_valid(1006) && !ws_close_code_valid(2999) &&
	   !ws_close_code_valid(5000), "close code ranges");
}

static void test_frame_head(void)
{
	unsigned char h[WS_HEAD_MAX];

	ok(ws_frame_head(h, WS_BINARY, 1, 125) == 2 && h[0] == 0x82 && h[1] == 125, "125: 2 bytes");
	ok(ws_frame_head(h, WS_TEXT, 1, 126) == 4 && h[1] == 126 && h[2] == 0 && h[3] == 126,
	   "126: 4 bytes");
	ok(ws_frame_head(h, WS_BINARY, 0, 65536) == 10 && h[0] == 0x02 && h[1] == 127 && h[7] == 1,
	   "65536: 10 bytes");
}

static void test_control(void)
{
	static const struct {
		const char *text;
		int ok;
	} cases[] = {
		{ "{\"type\":\"resize\",\"rows\":24,\"cols\":80}", 1 },
		{ " { \"cols\" : 80 , \"type\" : \"resize\" , \"rows\" : 24 } ", 1 },
		{ "{\"type\":\"ack\",\"bytes\":65536}", 1 },
		{ "{\"type\":\"ack\",\"bytes\":0}", 1 },
		{ "{\"type\":\"ack\",\"bytes\":9007199254740992}", 1 },
		{ "{\"type\":\"ack\",\"bytes\":9007199254740993}", 0 },
		{ "{\"type\":\"ack\",\"bytes\":01}", 0 },
		{ "{\"type\":\"ack\",\"bytes\":-1}", 0 },
		{ "{\"type\":\"ack\",\"bytes\":1.5}", 0 },
		{ "{\"type\":\"ack\"}", 0 },
		{ "{\"type\":\"ack\",\"bytes\":1,\"bytes\":2}", 0 },
		{ "{\"type\":\"ack\",\"bytes\":1,\"extra\":2}", 0 },
		{ "{\"type\":\"resize\",\"rows\":0,\"cols\":80}", 0 },
		{ "{\"type\":\"resize\",\"rows\":1001,\"cols\":80}", 0 },
		{ "{\"type\":\"resize\",\"rows\":24}", 0 },
		{ "{\"type\":\"resize\",\"rows\":24,\"cols\":80,\"bytes\":1}", 0 },
		{ "{\"type\":\"res\\u0069ze\",\"rows\":24,\"cols\":80}", 0 },
		{ "{\"type\":\"input\"}", 0 },
		{ "{\"type\":\"ack\",\"bytes\":1} x", 0 },
		{ "[1]", 0 },
		{ "", 0 },
		{ "{", 0 },
		{ "{\"type\":\"ack\",\"bytes\":1", 0 },
	};
	struct ws_control c;
	const char *why;
	unsigned i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok((ws_control_parse(cases[i].text, strlen(cases[i].text), &c, &why) == 0) ==
			   cases[i].ok,
		   "control %s: %s", cases[i].text, cases[i].ok ? "taken" : "refused");
	ws_control_parse("{\"type\":\"resize\",\"rows\":24,\"cols\":80}", 38, &c, &why);
	ok(c.type == WS_CONTROL_RESIZE && c.rows == 24 && c.cols == 80, "resize read");
}

int main(void)
{
	test_lengths();
	test_frames_refused();
	test_fragments();
	test_utf8();
	test_close();
	test_frame_head();
	test_control();
	return done_testing();
}
