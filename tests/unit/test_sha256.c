/*
 * lib/base/sha256.c against the FIPS 180-2 examples and the NIST long message,
 * fed whole and in pieces of every size from 1 to 130 bytes (partial
 * blocks, whole blocks straight from the input, and both in one update).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "tap.h"

static void digest_hex(const void *data, size_t len, size_t step, char hex[SHA256_HEX_LEN + 1])
{
	const unsigned char *p = data;
	unsigned char d[SHA256_DIGEST_LEN];
	struct sha256 s;
	size_t off = 0;

	sha256_init(&s);
	while (off < len) {
		size_t n = len - off < step ? len - off : step;

		sha256_update(&s, p + off, n);
		off += n;
	}
	sha256_final(&s, d);
	sha256_hex(d, hex);
}

int main(void)
{
	static const struct {
		const char *msg, *want;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
		  "klmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char hex[SHA256_HEX_LEN + 1];
	char *million = malloc(1000000);
	int pieces_ok = 1;

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		digest_hex(v[i].msg, strlen(v[i].msg), 1 << 20, hex);
		is_str(hex, v[i].want, "FIPS 180-2 example, whole");
		for (size_t step = 1; step <= 130; step++) {
			digest_hex(v[i].msg, strlen(v[i].msg), step, hex);
			pieces_ok &= !strcmp(hex, v[i].want);
		}
	}
	ok(pieces_ok, "the same in pieces of 1 to 130 bytes");
	if (!million)
		return ok(0, "malloc"), done_testing();
	memset(million, 'a', 1000000);
	digest_hex(million, 1000000, 1000000, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "a million 'a', whole");
	digest_hex(million, 1000000, 4097, hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "a million 'a', in pieces of 4097 bytes");
	free(million);
	return done_testing();
}
