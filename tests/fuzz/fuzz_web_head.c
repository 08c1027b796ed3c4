/* Request heads (services/web/http): the scanner fed in two pieces must
   agree with one whole scan; a head it finds goes through the parser, the
   credentials and Accept-Encoding readers; the bytes also as a path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/web/http/head.h"
#include "../../services/web/http/path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_req r;
	struct http_scan whole = { 0 }, split = { 0 };
	const char *buf = (const char *)data, *why;
	char path[HTTP_PATH_MAX];
	struct http_str v;
	size_t cut = size ? data[0] % (size + 1) : 0;
	long a, b;

	a = http_scan(&whole, buf, size, &why);
	b = http_scan(&split, buf, cut, &why);
	if (b == HTTP_SCAN_MORE)
		b = http_scan(&split, buf, size, &why);
	if (a != b)
		abort();
	if (a > 0 && http_head_parse(buf, (size_t)a, &r, &why) == 0) {
		http_cookie_get(&r, "__Host-vzweb", &v);
		http_bearer_get(&r, &v);
		http_accepts_gzip(&r);
		if (strlen(r.path) >= HTTP_PATH_MAX || r.path[0] != '/' || strstr(r.path, "//") ||
		    strstr(r.path, "/../") || strstr(r.path, "/./"))
			abort();
	}
	if (size && data[0] == '/' && http_path_decode(buf, size, path, sizeof path, &why) == 0 &&
	    (strstr(path, "//") || strstr(path, "/../") || strstr(path, "/./")))
		abort();
	return 0;
}
