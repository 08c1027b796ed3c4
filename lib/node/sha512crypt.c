#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/sha512.h"
#include "node/sha512crypt.h"

struct crypt_state {
	unsigned char a[SHA512_DIGEST_LEN];
	unsigned char p[256];
	unsigned char s[SHA512CRYPT_SALT_MAX];
	struct sha512 ctx;
};

/* Steps 1-8: the initial digest A from key and salt (digest B mixed in). */
static void crypt_initial(struct crypt_state *st, const char *key, size_t klen,
			  const char *salt, size_t slen)
{
	unsigned char b[SHA512_DIGEST_LEN];
	size_t n;

	sha512_init(&st->ctx);
	sha512_update(&st->ctx, key, klen);
	sha512_update(&st->ctx, salt, slen);
	sha512_update(&st->ctx, key, klen);
	sha512_final(&st->ctx, b);
	sha512_init(&st->ctx);
	sha512_update(&st->ctx, key, klen);
	sha512_update(&st->ctx, salt, slen);
	for (n = klen; n > 64; n -= 64)
		sha512_update(&st->ctx, b, 64);
	sha512_update(&st->ctx, b, n);
	for (n = klen; n > 0; n >>= 1) {
		if (n & 1)
			sha512_update(&st->ctx, b, 64);
		else
			sha512_update(&st->ctx, key, klen);
	}
	sha512_final(&st->ctx, st->a);
	explicit_bzero(b, sizeof b);
}

/* Fills dst (len bytes) by repeating the digest of times x src. */
static void crypt_sequence(struct crypt_state *st, unsigned char *dst, size_t len,
			   const void *src, size_t slen, size_t times)
{
	unsigned char d[SHA512_DIGEST_LEN];
	size_t i;

	sha512_init(&st->ctx);
	for (i = 0; i < times; i++)
		sha512_update(&st->ctx, src, slen);
	sha512_final(&st->ctx, d);
	for (i = 0; i < len; i++)
		dst[i] = d[i % SHA512_DIGEST_LEN];
	explicit_bzero(d, sizeof d);
}

static void crypt_rounds(struct crypt_state *st, size_t klen, size_t slen, unsigned rounds)
{
	unsigned i;

	for (i = 0; i < rounds; i++) {
		sha512_init(&st->ctx);
		if (i & 1)
			sha512_update(&st->ctx, st->p, klen);
		else
			sha512_update(&st->ctx, st->a, 64);
		if (i % 3)
			sha512_update(&st->ctx, st->s, slen);
		if (i % 7)
			sha512_update(&st->ctx, st->p, klen);
		if (i & 1)
			sha512_update(&st->ctx, st->a, 64);
		else
			sha512_update(&st->ctx, st->p, klen);
		sha512_final(&st->ctx, st->a);
	}
}

static char *b64_put(char *out, unsigned b2, unsigned b1, unsigned b0, int n)
{
	static const char b64[] =
		"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned w = b2 << 16 | b1 << 8 | b0;

	while (n-- > 0) {
		*out++ = b64[w & 0x3f];
		w >>= 6;
	}
	return out;
}

static void crypt_encode(const unsigned char *a, char *out)
{
	unsigned x, y, z, k;

	for (k = 0; k < 21; k++) {
		x = a[k];
		y = a[k + 21];
		z = a[k + 42];
		if (k % 3 == 0)
			out = b64_put(out, x, y, z, 4);
		else if (k % 3 == 1)
			out = b64_put(out, y, z, x, 4);
		else
			out = b64_put(out, z, x, y, 4);
	}
	out = b64_put(out, 0, 0, a[63], 2);
	*out = 0;
}

int sha512crypt(const char *key, const char *salt, unsigned rounds, char *out, size_t size)
{
	size_t klen = strlen(key), slen = strcspn(salt, "$");
	struct crypt_state st;
	int n;

	if (slen > SHA512CRYPT_SALT_MAX)
		slen = SHA512CRYPT_SALT_MAX;
	if (klen > sizeof st.p || rounds > 999999999 || (rounds && rounds < 1000)) {
		errno = EINVAL;
		return -1;
	}
	if (rounds)
		n = snprintf(out, size, "$6$rounds=%u$%.*s$", rounds, (int)slen, salt);
	else
		n = snprintf(out, size, "$6$%.*s$", (int)slen, salt);
	if (n < 0 || (size_t)n + 87 > size) {
		errno = ERANGE;
		return -1;
	}
	crypt_initial(&st, key, klen, salt, slen);
	crypt_sequence(&st, st.p, klen, key, klen, klen);
	crypt_sequence(&st, st.s, slen, salt, slen, 16u + st.a[0]);
	crypt_rounds(&st, klen, slen, rounds ? rounds : SHA512CRYPT_ROUNDS_DEFAULT);
	crypt_encode(st.a, out + n);
	explicit_bzero(&st, sizeof st);
	return 0;
}
