#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "pwhash.h"
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
