#include <string.h>

#include "base/sha512.h"
#include "node/pwhash.h"
#include "node/sha512crypt.h"
#include "tap.h"

static void test_sha512(void)
{
	static const unsigned char abc[SHA512_DIGEST_LEN] = {
		0xdd, 0xaf, 0x35, 0xa1, 0x93, 0x61, 0x7a, 0xba, 0xcc, 0x41, 0x73, 0x49, 0xae,
		0x20, 0x41, 0x31, 0x12, 0xe6, 0xfa, 0x4e, 0x89, 0xa9, 0x7e, 0xa2, 0x0a, 0x9e,
		0xee, 0xe6, 0x4b, 0x55, 0xd3, 0x9a, 0x21, 0x92, 0x99, 0x2a, 0x27, 0x4f, 0xc1,
		0xa8, 0x36, 0xba, 0x3c, 0x23, 0xa3, 0xfe, 0xeb, 0xbd, 0x45, 0x4d, 0x44, 0x23,
		0x64, 0x3c, 0xe8, 0x0e, 0x2a, 0x9a, 0xc9, 0x4f, 0xa5, 0x4c, 0xa4, 0x9f,
	};
	unsigned char out[SHA512_DIGEST_LEN];
	struct sha512 c;

	sha512_init(&c);
	sha512_update(&c, "a", 1);
	sha512_update(&c, "bc", 2);
	sha512_final(&c, out);
	ok(!memcmp(out, abc, sizeof out), "SHA-512(\"abc\") (FIPS 180 example)");
}

static void test_vectors(void)
{
	char out[SHA512CRYPT_MAX];

	ok(sha512crypt("Hello world!", "saltstring", 0, out, sizeof out) == 0, "crypt default");
	is_str(out, "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBF"
		    "dcbYEdFCoEOfaS35inz1",
	       "Drepper vector 1");
	ok(sha512crypt("Hello world!", "saltstringsaltstring", 10000, out, sizeof out) == 0,
	   "crypt rounds=10000");
	is_str(out, "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/U"
		    "rjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
	       "Drepper vector 2 (salt cut at 16)");
	ok(sha512crypt("we have a short salt string but not a short password", "short", 77777, out,
		       sizeof out) == 0,
	   "crypt rounds=77777");
	is_str(out, "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CC"
		    "aUeOxFmtlcGZelFl5CxtgfiAc0",
	       "Drepper vector 3");
	is_int(sha512crypt("x", "salt", 10, out, sizeof out), -1, "rounds below 1000 refused");
	is_int(sha512crypt("x", "salt", 0, out, 40), -1, "short buffer refused");
}

static void test_verify(void)
{
	const char *v1 = "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBF"
			 "dcbYEdFCoEOfaS35inz1";
	const char *v3 = "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CC"
			 "aUeOxFmtlcGZelFl5CxtgfiAc0";
	char made[SHA512CRYPT_MAX];

	is_int(pwhash_verify("Hello world!", v1), 1, "verify: the right password");
	is_int(pwhash_verify("Hello world?", v1), 0, "verify: a wrong password");
	is_int(pwhash_verify("we have a short salt string but not a short password", v3), 1,
	       "verify: a hash with rounds=");
	is_int(pwhash_verify("x", "$6$salt$short"), -1, "verify: a malformed hash");
	is_int(pwhash_verify("x", "plain"), -1, "verify: a plain text");
	ok(pwhash_sha512("correct horse", made, sizeof made) == 0 && strlen(made) == 3 + 16 + 1 + 86,
	   "a new hash has a 16-character salt");
	is_int(pwhash_verify("correct horse", made), 1, "a new hash verifies");
}

int main(void)
{
	test_sha512();
	test_vectors();
	test_verify();
	return done_testing();
}
