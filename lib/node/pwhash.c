#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "node/crypthash.h"
#include "node/pwhash.h"
#include "node/sha512crypt.h"

#define SALT_LEN 16

static int salt_make(char *salt)
{
	static const char alphabet[] =
		"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned char raw[SALT_LEN];
	size_t got = 0, i;
	ssize_t n;

	while (got < sizeof raw) {
		n = getrandom(raw + got, sizeof raw - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		got += (size_t)n;
	}
	for (i = 0; i < SALT_LEN; i++)
		salt[i] = alphabet[raw[i] % 64];
	explicit_bzero(raw, sizeof raw);
	return 0;
}

int pwhash_sha512(const char *password, char *out, size_t size)
{
	char salt[SALT_LEN + 1];

	if (salt_make(salt) < 0)
		return -1;
	salt[SALT_LEN] = 0;
	return sha512crypt(password, salt, 0, out, size);
}

int pwhash_verify(const char *password, const char *hash)
{
	char again[SHA512CRYPT_MAX];
	unsigned long rounds = 0;
	const char *salt;
	unsigned char d = 0;
	size_t i, len;

	if (crypthash_check(hash)) {
		errno = EINVAL;
		return -1;
	}
	salt = hash + 3;
	if (!strncmp(salt, "rounds=", 7)) {
		rounds = strtoul(salt + 7, NULL, 10);
		salt = strchr(salt, '$') + 1;
	}
	if (sha512crypt(password, salt, (unsigned)rounds, again, sizeof again) < 0)
		return -1;
	len = strlen(hash);
	if (strlen(again) != len)
		return 0;
	for (i = 0; i < len; i++)
		d |= (unsigned char)(again[i] ^ hash[i]);
	explicit_bzero(again, sizeof again);
	return d == 0;
}
