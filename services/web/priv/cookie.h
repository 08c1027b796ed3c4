#ifndef VZHOST_WEB_COOKIE_H
#define VZHOST_WEB_COOKIE_H

#include <stddef.h>

/*
 * The session cookie: __Host-vzsession, 256 random bits as 64 lowercase
 * hex digits, sent only over https to this host (the __Host- prefix: Secure,
 * Path=/, no Domain), never to scripts (HttpOnly) nor with requests other
 * sites start (SameSite=Strict). No Max-Age: the browser drops it when it
 * closes, and the server ends it sooner (docs/web.md, "Sessions").
 */

#define COOKIE_NAME "__Host-vzsession"
#define COOKIE_ID_LEN 32		/* bytes of a session id */
#define COOKIE_HEADER_MAX 160		/* a Set-Cookie line, with its NUL */

/* The cookie's value (net sends only this cookie's) into id: NULL, or why not. */
const char *cookie_parse(const char *value, unsigned char id[COOKIE_ID_LEN]);
/* "Set-Cookie: __Host-vzsession=HEX; Path=/; Secure; HttpOnly; SameSite=Strict" */
void cookie_set_header(const unsigned char id[COOKIE_ID_LEN], char out[COOKIE_HEADER_MAX]);
/* The same with an empty value and Max-Age=0: the browser forgets it. */
void cookie_clear_header(char out[COOKIE_HEADER_MAX]);

#endif
