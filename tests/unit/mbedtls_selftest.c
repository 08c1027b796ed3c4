/*
 * Link test for the static mbedtls libraries built against musl: run the
 * library's own self tests of the primitives the web service's TLS uses and
 * report each as TAP.
 */
#include <stdio.h>

#include <mbedtls/aes.h>
#include <mbedtls/chachapoly.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/gcm.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509.h>

struct selftest {
	const char *name;
	int (*run)(int verbose);
};

static const struct selftest selftests[] = {
	{ "sha256", mbedtls_sha256_self_test },
	{ "sha512", mbedtls_sha512_self_test },
	{ "aes", mbedtls_aes_self_test },
	{ "gcm", mbedtls_gcm_self_test },
	{ "chachapoly", mbedtls_chachapoly_self_test },
	{ "ctr_drbg", mbedtls_ctr_drbg_self_test },
	{ "rsa", mbedtls_rsa_self_test },
	{ "ecp", mbedtls_ecp_self_test },
	{ "x509", mbedtls_x509_self_test },
};

int main(void)
{
	const size_t n = sizeof(selftests) / sizeof(selftests[0]);
	char version[32];
	mbedtls_ssl_config conf;
	int failed = 0;

	printf("1..%zu\n", n + 1);
	mbedtls_version_get_string(version);
	printf("# mbedtls %s, static, musl\n", version);
	for (size_t i = 0; i < n; i++) {
		int ok = selftests[i].run(0) == 0;
		printf("%sok %zu - mbedtls %s self test\n", ok ? "" : "not ", i + 1,
		       selftests[i].name);
		failed += !ok;
	}
	mbedtls_ssl_config_init(&conf);
	int ok = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_SERVER,
					     MBEDTLS_SSL_TRANSPORT_STREAM,
					     MBEDTLS_SSL_PRESET_DEFAULT) == 0;
	mbedtls_ssl_config_free(&conf);
	printf("%sok %zu - TLS server configuration defaults\n", ok ? "" : "not ", n + 1);
	failed += !ok;
	return failed != 0;
}
