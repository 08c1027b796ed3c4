#include <string.h>

#include "console/proto.h"
#include "tap.h"

/* 1 a frame, 0 more bytes needed, -1 malformed (why in *err). */
static int decode(const void *buf, size_t len, struct console_msg *m, const char **err)
{
	size_t used;

	*err = console_msg_decode(buf, len, m, &used);
	return *err ? -1 : used != 0;
}

static void test_roundtrip(void)
{
	unsigned char buf[CONSOLE_FRAME_MAX];
	struct console_hello h = { .ctid = 101, .mode = CONSOLE_MODE_READONLY }, h2;
	struct console_msg m;
	const char *err;
	size_t used;
	unsigned rows, cols;
	uint64_t drop;
	int n;

	strcpy(h.who, "vzmenu on ttyS0");
	n = console_hello_encode(buf, sizeof buf, &h);
	ok(n > 0, "hello encodes");
	ok(!console_msg_decode(buf, (size_t)n, &m, &used), "hello decodes");
	is_int((long long)used, n, "the whole frame is used");
	ok(!console_hello_parse(&m, &h2) && h2.ctid == 101 &&
	   h2.mode == CONSOLE_MODE_READONLY && !strcmp(h2.who, "vzmenu on ttyS0"), "hello fields");
	is_int(decode(buf, (size_t)n - 1, &m, &err), 0, "a short frame needs more");
	is_int(decode(buf, 1, &m, &err), 0, "one byte needs more");
	n = console_winsz_encode(buf, sizeof buf, 24, 80);
	ok(decode(buf, (size_t)n, &m, &err) == 1 &&
	   !console_winsz_parse(&m, &rows, &cols) && rows == 24 && cols == 80,
	   "window size round trip");
	n = console_dropped_encode(buf, sizeof buf, 123456789012ull);
	ok(decode(buf, (size_t)n, &m, &err) == 1 &&
	   !console_dropped_parse(&m, &drop) && drop == 123456789012ull,
	   "dropped round trip");
	n = console_msg_encode(buf, sizeof buf, CONSOLE_MSG_DATA, "two", 3);
	memcpy(buf + n, buf, (size_t)n);
	ok(!console_msg_decode(buf, 2 * (size_t)n, &m, &used) && used == (size_t)n &&
	   m.len == 3 && !memcmp(m.payload, "two", 3), "two frames in one buffer: the first");
	ok(console_msg_encode(buf, sizeof buf, CONSOLE_MSG_DATA, buf, CONSOLE_PAYLOAD_MAX + 1) < 0,
	   "encoding more than the payload limit fails");
}

static void test_malformed(void)
{
	struct console_msg m;
	struct console_hello h;
	const char *err;
	unsigned rows, cols;

	is_int(decode("\x09\0\0\0", 4, &m, &err), -1, "unknown type");
	is_str(err, "unknown message type", "unknown type: error text");
	is_int(decode("\x00", 1, &m, &err), -1, "type 0 is unknown");
	is_int(decode("\x02\x01\0\0", 4, &m, &err), -1, "reserved byte set");
	is_str(err, "reserved header byte is not zero", "reserved byte: error text");
	is_int(decode("\x02\0\x10\x01", 4, &m, &err), -1, "payload over 4096");
	is_str(err, "payload longer than 4096 bytes", "oversize: error text");
	is_int(decode("\x03\0\0\x05", 4, &m, &err), -1, "window size of 5 bytes");
	is_int(decode("\x01\0\0\x02", 4, &m, &err), -1, "hello too short");
	is_int(decode("\x01\0\0\xff", 4, &m, &err), -1, "hello too long");
	is_str(err, "payload length wrong for the message type", "bad length: error text");
	ok(decode("\x01\0\0\x05\0\0\0\0\0", 9, &m, &err) == 1 && (err = console_hello_parse(&m, &h)) != NULL,
	   "hello for container 0 refused");
	is_str(err, "container id out of range (1-2147483647)", "ctid 0: error text");
	ok(decode("\x01\0\0\x05\x80\0\0\x01\0", 9, &m, &err) == 1 && (err = console_hello_parse(&m, &h)) != NULL,
	   "hello for a container id over 2^31-1 refused");
	ok(decode("\x01\0\0\x05\0\0\0\x65\x07", 9, &m, &err) == 1 && (err = console_hello_parse(&m, &h)) != NULL,
	   "hello with an unknown mode refused");
	ok(decode("\x01\0\0\x06\0\0\0\x65\0\x01", 10, &m, &err) == 1 &&
	   (err = console_hello_parse(&m, &h)) != NULL, "hello with a control byte in who refused");
	ok(decode("\x03\0\0\x04\0\0\0\x50", 8, &m, &err) == 1 &&
	   (err = console_winsz_parse(&m, &rows, &cols)) != NULL, "zero rows refused");
	ok(decode("\x02\0\0\x04" "abcd", 8, &m, &err) == 1 && (err = console_hello_parse(&m, &h)) != NULL,
	   "data where hello is expected refused");
	is_str(err, "expected a hello message", "not hello: error text");
}

int main(void)
{
	test_roundtrip();
	test_malformed();
	return done_testing();
}
