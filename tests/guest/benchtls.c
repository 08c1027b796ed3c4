#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

#include "benchtls.h"

static const int bench_suites[] = { MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 0 };
static const mbedtls_ecp_group_id bench_curves[] = { MBEDTLS_ECP_DP_SECP256R1,
						     MBEDTLS_ECP_DP_NONE };

static mbedtls_ctr_drbg_context drbg;

const mbedtls_ssl_config *benchtls_conf(void)
{
	static mbedtls_ssl_config conf;
	static mbedtls_entropy_context entropy;
	static int ready;

	if (ready)
		return &conf;
	mbedtls_ssl_config_init(&conf);
	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) ||
	    mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
					MBEDTLS_SSL_PRESET_DEFAULT))
		return NULL;
	mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
	mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_NONE);
	mbedtls_ssl_conf_ciphersuites(&conf, bench_suites);
	mbedtls_ssl_conf_curves(&conf, bench_curves);
	mbedtls_ssl_conf_session_tickets(&conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
	ready = 1;
	return &conf;
}

int benchtls_random(unsigned char *buf, size_t n)
{
	if (!benchtls_conf() || mbedtls_ctr_drbg_random(&drbg, buf, n))
		return -1;
	return 0;
}
