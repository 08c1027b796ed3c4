/*
 * mbedtls 2.28 configuration of the node image (scripts/userland.sh puts it
 * in place of include/mbedtls/config.h before building, so the library and
 * every program including its headers agree). Only what the node uses:
 *
 * - the web service (services/web, lib/tls/server.c): a TLS 1.2 server,
 *   ECDHE with ECDSA (or an operator's RSA certificate), AES-GCM and
 *   ChaCha20-Poly1305, session tickets, the signature done by the
 *   privileged process (MBEDTLS_SSL_ASYNC_PRIVATE); making its P-256 key
 *   and self-signed certificate (pk and x509 write, PEM);
 * - the template client (lib/tls/tmpl_client.c): TLS 1.2 to real https
 *   servers, ECDHE-RSA and ECDHE-ECDSA, certificate chains with RSA or
 *   ECDSA (P-256, P-384) signatures, SNI.
 *
 * Compiled out: SSL 3, TLS 1.0/1.1, DTLS, renegotiation, static RSA and
 * (EC)DH and PSK key exchanges, CBC, RC4, 3DES, Camellia, ARIA, MD5, SHA-1
 * in handshake signatures, PSA, the debug module. The list of cipher suites is
 * fixed at compile time (MBEDTLS_SSL_CIPHERSUITES), so no configuration of
 * a program can turn a weak one back on.
 */
#ifndef MBEDTLS_CONFIG_H
#define MBEDTLS_CONFIG_H

/* System support */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_FS_IO

/* Curves: P-256 (our key, most sites), P-384 (CA certificates), X25519
   (the key exchange browsers and servers prefer) */
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_DETERMINISTIC

/* Key exchanges: forward secret ones only */
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED

/* RSA: verifying certificate and handshake signatures of servers (and
   signing with an operator's RSA key) */
#define MBEDTLS_PKCS1_V15

/* TLS */
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_ASYNC_PRIVATE
#define MBEDTLS_X509_CHECK_KEY_USAGE
#define MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE

/* The library's own self tests (tests/unit/mbedtls_selftest.c; linked
   only where called) */
#define MBEDTLS_SELF_TEST

/* Modules */
#define MBEDTLS_AESNI_C
#define MBEDTLS_AES_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_CHACHAPOLY_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_ERROR_C
#define MBEDTLS_GCM_C
#define MBEDTLS_HMAC_DRBG_C
#define MBEDTLS_MD_C
#define MBEDTLS_NET_C
#define MBEDTLS_OID_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PEM_WRITE_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_RSA_C
#define MBEDTLS_SHA1_C		/* parsing CA certificates signed with it (not trusted
				   for signatures: neither profile allows SHA-1),
				   and the WebSocket handshake */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_TICKET_C
#define MBEDTLS_VERSION_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CRT_WRITE_C

/* Sizes: RSA up to 4096 bits, curves up to P-384 */
#define MBEDTLS_MPI_MAX_SIZE 512
#define MBEDTLS_ECP_MAX_BITS 384

/* Records: 16 KiB in (every peer may send full records), 16 KiB out. */
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 16384

/* The only cipher suites, in order of preference: ECDHE with AEAD. */
#define MBEDTLS_SSL_CIPHERSUITES \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, \
	MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, \
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, \
	MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, \
	MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256

#include "mbedtls/check_config.h"

#endif
