/*
 * tls_sign (server.h): the key holder's half of a TLS handshake. The
 * request comes from the unprivileged net process, so it is checked: a
 * hash of the size its algorithm gives, and only the algorithms TLS 1.2
 * signs with here. The random generator (blinding for RSA and ECDSA) is
 * seeded on first use.
 */
#include <errno.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>

#include "tls/server.h"

static mbedtls_entropy_context sign_entropy;
static mbedtls_ctr_drbg_context sign_drbg;
static int sign_seeded;

static int sign_seed(void)
{
	if (sign_seeded)
		return 0;
	mbedtls_entropy_init(&sign_entropy);
	mbedtls_ctr_drbg_init(&sign_drbg);
	if (mbedtls_ctr_drbg_seed(&sign_drbg, mbedtls_entropy_func, &sign_entropy,
				  (const unsigned char *)"vzwebd sign", 11)) {
		mbedtls_ctr_drbg_free(&sign_drbg);
		mbedtls_entropy_free(&sign_entropy);
		return (errno = EIO, -1);
	}
	sign_seeded = 1;
	return 0;
}

int tls_sign(struct mbedtls_pk_context *key, unsigned md, const unsigned char *hash,
	     size_t hash_len, unsigned char *sig, size_t sig_size, size_t *sig_len)
{
	const mbedtls_md_info_t *info;

	if (md != MBEDTLS_MD_SHA256 && md != MBEDTLS_MD_SHA384 && md != MBEDTLS_MD_SHA512)
		return (errno = EINVAL, -1);
	info = mbedtls_md_info_from_type((mbedtls_md_type_t)md);
	if (!info || mbedtls_md_get_size(info) != hash_len ||
	    sig_size < MBEDTLS_PK_SIGNATURE_MAX_SIZE)
		return (errno = EINVAL, -1);
	if (sign_seed() < 0)
		return -1;
	if (mbedtls_pk_sign(key, (mbedtls_md_type_t)md, hash, hash_len, sig, sig_len,
			    mbedtls_ctr_drbg_random, &sign_drbg))
		return (errno = EIO, -1);
	return 0;
}
