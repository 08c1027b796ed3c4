/* Chunked request bodies (services/web/http/chunked.c): decoded whole and
   one byte at a time, the two must agree; never more data than the limit. */
#include <stdlib.h>
#include <string.h>

#include "../../services/web/http/chunked.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int decode(const uint8_t *data, size_t size, size_t step, char *body, size_t *len)
{
	struct http_chunked c;
	char buf[64];
	size_t off = 0, n, used, out;
	const char *why;
	int st;

	http_chunked_init(&c, 1000);
	*len = 0;
	while (off < size && !c.done) {
		n = size - off < step ? size - off : step;
		memcpy(buf, data + off, n);
		if ((st = http_chunked_decode(&c, buf, n, &used, &out, &why)))
			return st;
		if (used > n || out > used || *len + out > 1000)
			abort();
		memcpy(body + *len, buf, out);
		*len += out;
		off += used;
	}
	return c.done;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char a[1000], b[1000];
	size_t la, lb;
	int ra = decode(data, size, 64, a, &la), rb = decode(data, size, 1, b, &lb);

	if (ra != rb || (ra == 1 && (la != lb || memcmp(a, b, la))))
		abort();
	return 0;
}
