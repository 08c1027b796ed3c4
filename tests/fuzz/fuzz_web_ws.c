/* WebSocket frames from a client (services/web/http/ws_rx.c): fed whole
   and in pieces of a size the input picks, the outcomes must agree; a
   message never passes 65536 bytes. Also the console control messages. */
#include <stdlib.h>
#include <string.h>

#include "../../services/web/http/ws.h"
#include "../../services/web/http/ws_control.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct trace {
	uint64_t bytes, messages, msg;
	unsigned code;
	int end;
};

static void run(const uint8_t *data, size_t size, size_t step, struct trace *t)
{
	static unsigned char buf[65536 * 2];
	struct ws_rx r;
	struct ws_event ev;
	size_t off = 0, n, used;

	memset(t, 0, sizeof *t);
	ws_rx_init(&r);
	memcpy(buf, data, size);
	while (off < size && !t->end) {
		n = size - off < step ? size - off : step;
		used = ws_rx_feed(&r, buf + off, n, &ev);
		if (used > n)
			abort();
		off += used;
		if (ev.type == WS_EV_DATA) {
			t->bytes += ev.len;
			t->msg += ev.len;
			if (t->msg > WS_MESSAGE_MAX)
				abort();
			if (ev.final) {
				t->messages++;
				t->msg = 0;
			}
		} else if (ev.type == WS_EV_CLOSE || ev.type == WS_EV_ERROR) {
			t->code = ev.code;
			t->end = 1;
		} else if (ev.type == WS_EV_MORE && used != n) {
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace a, b;
	struct ws_control c;
	const char *why;

	if (size > 65536 * 2)
		return 0;
	run(data, size, size, &a);
	run(data, size, size ? 1 + data[0] % 13 : 1, &b);
	/* Text is handed on as it is checked: the bytes before an invalid
	   sequence count when they came in an earlier piece. */
	if (a.code != b.code || a.end != b.end || a.messages != b.messages ||
	    (!a.end && a.bytes != b.bytes))
		abort();
	ws_control_parse((const char *)data, size, &c, &why);
	return 0;
}
