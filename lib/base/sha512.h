#ifndef VZHOST_SHA512_H
#define VZHOST_SHA512_H

#include <stddef.h>
#include <stdint.h>

/* SHA-512 (FIPS 180-4). */

#define SHA512_DIGEST_LEN 64

struct sha512 {
	uint64_t h[8];
	uint64_t len;
	unsigned char block[128];
	size_t fill;
};

void sha512_init(struct sha512 *c);
void sha512_update(struct sha512 *c, const void *data, size_t len);
/* Writes the digest and wipes the context. */
void sha512_final(struct sha512 *c, unsigned char out[SHA512_DIGEST_LEN]);

#endif
