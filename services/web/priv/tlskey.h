#ifndef VZHOST_WEB_TLSKEY_H
#define VZHOST_WEB_TLSKEY_H

#include <stddef.h>

#include "../wire.h"
#include "base/json.h"

/*
 * The server's certificate and private key, held by priv only: net gets
 * the certificate chain (WIRE_CONFIG) and asks priv to sign each
 * handshake (WIRE_SIGN). On first start priv makes an ECDSA P-256 key and
 * a self-signed certificate (SANs: the host name, "localhost" and the
 * node's IPv4 addresses; serverAuth; valid 825 days); an operator's
 * certificate comes from the seed (WEB_TLS_CERT, WEB_TLS_KEY) or
 * PUT /api/v1/node/certificate. The SHA-256 fingerprint of the
 * certificate goes to the serial console at start and into TLSKEY_FP_FILE
 * for the console menu.
 */

#define TLSKEY_CERT_FILE "/vz/etc/web/cert.pem"
#define TLSKEY_KEY_FILE "/vz/etc/web/key.pem"
#define TLSKEY_SEED_MARK "/vz/etc/web/seed-cert.sha256"
#include "node/nodeconf.h"

#define TLSKEY_FP_FILE WEB_FP_FILE
#define TLSKEY_DAYS 825
#define TLSKEY_PEM_MAX 32768		/* bytes of a certificate chain or key in PEM */
#define TLSKEY_FP_LEN (32 * 3)		/* "AB:CD:...:EF" and a NUL */

/*
 * The certificate and key: the seed's pair if it is new (seed_cert and
 * seed_key, PEM, may be NULL), else the files, else a new self-signed
 * pair. 0, or -1 (logged).
 */
int tlskey_init(const char *seed_cert, const char *seed_key);
/* The PEM chain net serves. */
const char *tlskey_chain(void);
/* "AB:CD:..." */
const char *tlskey_fingerprint(void);
/* Answers a WIRE_SIGN with a WIRE_SIGNED. */
void tlskey_sign(const struct wire_msg *m);
/* The certificate as the node API shows it: one object. */
void tlskey_json(struct json *j);
/* An operator's certificate chain and key (PEM), checked to be a pair,
   installed and taken into use: NULL, or why not (in err). */
const char *tlskey_install(const char *cert, const char *key, char *err, size_t size);

#endif
