/*
 * services/web/wire.c: messages built, sent over a SOCK_SEQPACKET pair
 * with and without a descriptor, parsed back; malformed ones refused.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../services/web/wire.h"
#include "tap.h"

static unsigned char in[WIRE_MSG_MAX];

static void test_round_trip(int sv[2])
{
	struct wire_out *o = malloc(sizeof *o);
	struct wire_msg m;
	static unsigned char body[WIRE_REQUEST_BODY_MAX];
	char path[64];
	uint64_t v;
	int fd, pfd[2];
	long n;

	wire_begin(o, WIRE_REQUEST, 0, 7, 42);
	wire_add_str(o, WF_METHOD, "GET");
	wire_add_str(o, WF_PATH, "/api/v1/containers/101");
	wire_add_u64(o, WF_CONTENT_LENGTH, 1ull << 40);
	ok(wire_send(sv[0], o, -1) == 0, "a request is sent");
	n = wire_recv(sv[1], in, &fd);
	ok(n == (long)o->len && fd == -1, "received whole, no descriptor");
	ok(wire_parse(in, (size_t)n, &m) == NULL, "parsed");
	ok(m.type == WIRE_REQUEST && m.conn == 7 && m.id == 42 && m.nfields == 3, "header fields");
	ok(wire_get_str(&m, WF_PATH, path, sizeof path) == NULL, "path read");
	is_str(path, "/api/v1/containers/101", "path as sent");
	ok(!wire_get_u64(&m, WF_CONTENT_LENGTH, &v) && v == 1ull << 40, "a u64 field");
	is_str(wire_get_str(&m, WF_PATH, path, 5), "too long", "a string longer than the buffer");
	is_str(wire_get_str(&m, WF_COOKIE, path, sizeof path), "missing", "a missing field");

	if (pipe(pfd) < 0)
		exit(1);
	wire_begin(o, WIRE_UPLOAD, 0, 7, 43);
	ok(wire_send(sv[1], o, pfd[1]) == 0, "a descriptor rides along");
	n = wire_recv(sv[0], in, &fd);
	ok(n == WIRE_HDR_LEN && fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC), "it arrives close-on-exec");
	ok(write(fd, "x", 1) == 1 && read(pfd[0], path, 1) == 1 && path[0] == 'x', "and works");
	close(fd);
	close(pfd[0]);
	close(pfd[1]);

	wire_begin(o, WIRE_REQUEST, 0, 1, 1);
	wire_add(o, WF_PATH, "/api/v1/containers", 18);
	wire_add(o, WF_BODY, body, WIRE_BODY_CHUNK);
	wire_add(o, WF_BODY, body + WIRE_BODY_CHUNK, WIRE_REQUEST_BODY_MAX - WIRE_BODY_CHUNK);
	ok(!o->failed && wire_send(sv[0], o, -1) == 0, "a request with a 64 KiB body in two fields is sent");
	n = wire_recv(sv[1], in, &fd);
	ok(n == (long)o->len && !wire_parse(in, (size_t)n, &m) && m.nfields == 3 &&
	   m.field[1].len + m.field[2].len == WIRE_REQUEST_BODY_MAX, "and arrives whole");

	wire_begin(o, WIRE_RESPONSE, WIRE_F_MORE, 1, 1);
	wire_add(o, WF_BODY, in, 65535);
	wire_add(o, WF_BODY, in, 16384);
	ok(o->failed, "a message past WIRE_MSG_MAX fails to build");
	ok(wire_send(sv[0], o, -1) < 0, "and is not sent");
	free(o);
}

static void test_refusals(void)
{
	unsigned char b[64];
	struct wire_msg m;
	uint16_t t;
	uint32_t len;

	memset(b, 0, sizeof b);
	is_str(wire_parse(b, 8, &m), "message shorter than its header", "short");
	t = WIRE_TYPE_END;
	memcpy(b, &t, 2);
	is_str(wire_parse(b, WIRE_HDR_LEN, &m), "unknown message type", "unknown type");
	t = WIRE_HELLO;
	memcpy(b, &t, 2);
	len = 4;
	memcpy(b + 12, &len, 4);
	is_str(wire_parse(b, WIRE_HDR_LEN, &m), "length does not match the message", "length");
	t = WF_PATH;
	memcpy(b + 16, &t, 2);
	t = 1;
	memcpy(b + 18, &t, 2);
	is_str(wire_parse(b, WIRE_HDR_LEN + 4, &m), "field runs past the end", "a field past the end");
	t = WF_TAG_END;
	memcpy(b + 16, &t, 2);
	is_str(wire_parse(b, WIRE_HDR_LEN + 4, &m), "unknown field", "unknown field");
	t = 2;
	memcpy(b + 2, &t, 2);
	is_str(wire_parse(b, WIRE_HDR_LEN + 4, &m), "unknown flags", "unknown flags");
}

int main(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return ok(0, "socketpair"), done_testing();
	test_round_trip(sv);
	test_refusals();
	return done_testing();
}
