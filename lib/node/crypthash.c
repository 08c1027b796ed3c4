#include <stdlib.h>
#include <string.h>

#include "node/crypthash.h"

static size_t crypt_chars_span(const char *s)
{
	return strspn(s, "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}

static const char *crypthash_other_kind(const char *s)
{
	if (!strncmp(s, "$1$", 3))
		return "MD5 crypt hashes are refused; use SHA-512 ($6$, e.g. mkpasswd -m sha-512)";
	if (!strncmp(s, "$5$", 3))
		return "SHA-256 crypt hashes are refused; use SHA-512 ($6$, e.g. mkpasswd -m sha-512)";
	if (!strncmp(s, "$2", 2) || !strncmp(s, "$y$", 3) || !strncmp(s, "$gy$", 4))
		return "bcrypt/yescrypt hashes are refused; use SHA-512 ($6$, e.g. mkpasswd -m sha-512)";
	return "not a SHA-512 crypt hash ($6$SALT$HASH); plain passwords are never accepted";
}

/* Skips an optional "rounds=N$"; NULL if it is malformed. */
static const char *crypthash_skip_rounds(const char *p)
{
	unsigned long rounds;
	char *end;

	if (strncmp(p, "rounds=", 7))
		return p;
	if (p[7] < '1' || p[7] > '9')
		return NULL;
	rounds = strtoul(p + 7, &end, 10);
	if (*end != '$' || end - (p + 7) > 9 || rounds < 1000)
		return NULL;
	return end + 1;
}

const char *crypthash_check(const char *s)
{
	const char *p;
	size_t salt;

	if (strncmp(s, "$6$", 3))
		return crypthash_other_kind(s);
	p = crypthash_skip_rounds(s + 3);
	if (!p)
		return "bad rounds= field (expected rounds=1000 ... 999999999)";
	salt = crypt_chars_span(p);
	if (salt < 1 || salt > 16 || p[salt] != '$')
		return "bad salt (1-16 characters of [./0-9A-Za-z])";
	p += salt + 1;
	if (crypt_chars_span(p) != 86 || p[86])
		return "bad hash part (expected 86 characters of [./0-9A-Za-z])";
	return NULL;
}
