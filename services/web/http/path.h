#ifndef VZHOST_WEB_HTTP_PATH_H
#define VZHOST_WEB_HTTP_PATH_H

#include <stddef.h>

/*
 * The path of an origin-form target (raw[0] == '/', up to any '?')
 * percent-decoded and normalised into out (size bytes, NUL-terminated), in
 * one pass: "//" collapsed, "." segments dropped, ".." taking the segment
 * before it away, a trailing '/' kept. Printable ASCII only. 0, or an HTTP
 * status with *why: 400 (a bad or NUL escape, an escaped '/', a control or
 * non-ASCII byte, a ".." above the root), 414 (longer than size - 1).
 */
int http_path_decode(const char *raw, size_t len, char *out, size_t size, const char **why);

#endif
