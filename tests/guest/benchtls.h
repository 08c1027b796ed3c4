#ifndef VZHOST_TEST_BENCHTLS_H
#define VZHOST_TEST_BENCHTLS_H

#include <stddef.h>

#include <mbedtls/ssl.h>

/*
 * The TLS client configuration of the web benchmarks (webbench,
 * webconsolebench): TLS 1.2, ECDHE-ECDSA-AES128-GCM-SHA256 on P-256 only
 * (the suite both servers are compared on), no certificate check, no
 * session tickets (every handshake a full one). Made on first use: the
 * configuration, or NULL if mbedtls could not be set up.
 */
const mbedtls_ssl_config *benchtls_conf(void);
/* n random bytes from the configuration's generator: 0, or -1. */
int benchtls_random(unsigned char *buf, size_t n);

#endif
