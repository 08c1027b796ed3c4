#ifndef VZHOST_WEB_HTTP_TOKEN_H
#define VZHOST_WEB_HTTP_TOKEN_H

#include <stddef.h>

#include "head.h"

/* Whether the n bytes at p are an RFC 9110 token (at least one tchar). */
int http_is_token(const char *p, size_t n);
/* The checks of the fields vzwebd acts on (http_head_parse's last step). */
int http_fields_check(struct http_req *r, const char **why);

#endif
