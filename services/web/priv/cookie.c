#include <stdio.h>
#include <string.h>

#include "cookie.h"
#include "secret.h"

#define COOKIE_ATTRS "; Path=/; Secure; HttpOnly; SameSite=Strict"

const char *cookie_parse(const char *value, unsigned char id[COOKIE_ID_LEN])
{
	if (strlen(value) != 2 * COOKIE_ID_LEN)
		return "not 64 hex digits";
	if (secret_unhex(value, id, COOKIE_ID_LEN) < 0)
		return "not 64 lowercase hex digits";
	return NULL;
}

void cookie_set_header(const unsigned char id[COOKIE_ID_LEN], char out[COOKIE_HEADER_MAX])
{
	char hex[2 * COOKIE_ID_LEN + 1];

	secret_hex(id, COOKIE_ID_LEN, hex);
	snprintf(out, COOKIE_HEADER_MAX, "Set-Cookie: " COOKIE_NAME "=%s" COOKIE_ATTRS, hex);
	secret_wipe(hex, sizeof hex);
}

void cookie_clear_header(char out[COOKIE_HEADER_MAX])
{
	snprintf(out, COOKIE_HEADER_MAX, "Set-Cookie: " COOKIE_NAME "=" COOKIE_ATTRS "; Max-Age=0");
}
