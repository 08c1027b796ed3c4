#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "base/file.h"
#include "base/log.h"
#include "base/sha256.h"
#include "netproc.h"
#include "priv.h"
#include "secret.h"
#include "tlskey.h"

#define SAN_MAX 1024		/* bytes of the subjectAltName extension */

static struct {
	mbedtls_pk_context key;
	mbedtls_x509_crt crt;
	char chain[TLSKEY_PEM_MAX];
	char fp[TLSKEY_FP_LEN];
	int loaded;
} tk;

static int tls_random(void *arg, unsigned char *buf, size_t len)
{
	return secret_random(buf, len) < 0 ? MBEDTLS_ERR_PK_ALLOC_FAILED : 0;
}

static const char *mbed_why(int rc)
{
	static char buf[128];

	mbedtls_strerror(rc, buf, sizeof buf);
	return buf;
}

/* ---- a new self-signed pair ---- */

/* One DER element: tag, length, value, forward into buf at *off. */
static int der_put(unsigned char *buf, size_t size, size_t *off, unsigned tag,
		   const void *val, size_t len)
{
	size_t need = 2 + (len >= 128) + (len >= 256) + len;

	if (len > 0xffff || *off + need > size)
		return -1;
	buf[(*off)++] = (unsigned char)tag;
	if (len >= 256) {
		buf[(*off)++] = 0x82;
		buf[(*off)++] = (unsigned char)(len >> 8);
	} else if (len >= 128) {
		buf[(*off)++] = 0x81;
	}
	buf[(*off)++] = (unsigned char)len;
	memcpy(buf + *off, val, len);
	*off += len;
	return 0;
}

/* SEQUENCE OF GeneralName: dNSName host name and localhost, iPAddress each IPv4 address. */
static int san_der(const char *host, unsigned char *out, size_t *len)
{
	unsigned char names[SAN_MAX - 4];
	struct ifaddrs *ifa = NULL, *i;
	struct in_addr lo = { htonl(INADDR_LOOPBACK) };
	size_t n = 0;
	int rc = 0;

	if (host[0] && strcmp(host, "localhost"))
		rc |= der_put(names, sizeof names, &n, 0x82, host, strlen(host));
	rc |= der_put(names, sizeof names, &n, 0x82, "localhost", 9);
	rc |= der_put(names, sizeof names, &n, 0x87, &lo, 4);
	if (getifaddrs(&ifa) == 0)
		for (i = ifa; i; i = i->ifa_next) {
			const struct sockaddr_in *a = (const struct sockaddr_in *)i->ifa_addr;

			if (a && a->sin_family == AF_INET && !(i->ifa_flags & IFF_LOOPBACK))
				rc |= der_put(names, sizeof names, &n, 0x87, &a->sin_addr, 4);
		}
	freeifaddrs(ifa);
	*len = 0;
	return rc | der_put(out, SAN_MAX, len, 0x30, names, n);
}

static void validity(char from[16], char to[16])
{
	time_t now = time(NULL) - 3600, end = now + (time_t)TLSKEY_DAYS * 86400;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(from, 16, "%Y%m%d%H%M%S", &tm);
	gmtime_r(&end, &tm);
	strftime(to, 16, "%Y%m%d%H%M%S", &tm);
}

static int cert_fields(mbedtls_x509write_cert *w, mbedtls_pk_context *key, const char *host)
{
	static const unsigned char eku[] = { 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05,
					     0x05, 0x07, 0x03, 0x01 };
	unsigned char serial_raw[16], san[SAN_MAX];
	char from[16], to[16], dn[128];
	mbedtls_mpi serial;
	size_t san_len;
	int rc;

	mbedtls_mpi_init(&serial);
	snprintf(dn, sizeof dn, "CN=%.63s,O=vzhost", host[0] ? host : "vzhost");
	validity(from, to);
	if (secret_random(serial_raw, sizeof serial_raw) < 0 || san_der(host, san, &san_len) < 0) {
		mbedtls_mpi_free(&serial);
		return MBEDTLS_ERR_X509_BAD_INPUT_DATA;
	}
	serial_raw[0] &= 0x7f;
	serial_raw[0] |= 0x40;
	mbedtls_x509write_crt_set_version(w, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(w, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(w, key);
	mbedtls_x509write_crt_set_issuer_key(w, key);
	(void)((rc = mbedtls_mpi_read_binary(&serial, serial_raw, sizeof serial_raw)) ||
	       (rc = mbedtls_x509write_crt_set_serial(w, &serial)) ||
	       (rc = mbedtls_x509write_crt_set_validity(w, from, to)) ||
	       (rc = mbedtls_x509write_crt_set_subject_name(w, dn)) ||
	       (rc = mbedtls_x509write_crt_set_issuer_name(w, dn)) ||
	       (rc = mbedtls_x509write_crt_set_basic_constraints(w, 0, -1)) ||
	       (rc = mbedtls_x509write_crt_set_key_usage(w, MBEDTLS_X509_KU_DIGITAL_SIGNATURE)) ||
	       (rc = mbedtls_x509write_crt_set_subject_key_identifier(w)) ||
	       (rc = mbedtls_x509write_crt_set_extension(w, MBEDTLS_OID_SUBJECT_ALT_NAME,
							  MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME),
							  0, san, san_len)) ||
	       (rc = mbedtls_x509write_crt_set_extension(w, MBEDTLS_OID_EXTENDED_KEY_USAGE,
							  MBEDTLS_OID_SIZE(MBEDTLS_OID_EXTENDED_KEY_USAGE),
							  0, eku, sizeof eku)));
	mbedtls_mpi_free(&serial);
	return rc;
}

/* A new key and self-signed certificate, written to the files. */
static int tlskey_make(void)
{
	static unsigned char key_pem[4096], crt_pem[8192];
	mbedtls_x509write_cert w;
	mbedtls_pk_context key;
	char host[256] = "";
	int rc;

	gethostname(host, sizeof host - 1);
	mbedtls_pk_init(&key);
	mbedtls_x509write_crt_init(&w);
	if ((rc = mbedtls_pk_setup(&key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY))) ||
	    (rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(key), tls_random,
				      NULL)) ||
	    (rc = mbedtls_pk_write_key_pem(&key, key_pem, sizeof key_pem)) ||
	    (rc = cert_fields(&w, &key, host)) ||
	    (rc = mbedtls_x509write_crt_pem(&w, crt_pem, sizeof crt_pem, tls_random, NULL)))
		log_error("web certificate: %s", mbed_why(rc));
	mbedtls_x509write_crt_free(&w);
	mbedtls_pk_free(&key);
	if (rc == 0 && (file_write_atomic(TLSKEY_KEY_FILE, key_pem, strlen((char *)key_pem), 0600) < 0 ||
			file_write_atomic(TLSKEY_CERT_FILE, crt_pem, strlen((char *)crt_pem), 0644) < 0)) {
		log_error("web certificate: %s: %s", WEB_DIR, strerror(errno));
		rc = -1;
	}
	secret_wipe(key_pem, sizeof key_pem);
	if (rc == 0)
		log_info("made a new ECDSA P-256 key and a self-signed certificate for %s (%d days)",
			 host, TLSKEY_DAYS);
	return rc ? -1 : 0;
}

/* ---- loading ---- */

static void fingerprint(const mbedtls_x509_crt *c, char out[TLSKEY_FP_LEN])
{
	unsigned char d[SHA256_DIGEST_LEN];
	struct sha256 h;
	unsigned i;

	sha256_init(&h);
	sha256_update(&h, c->raw.p, c->raw.len);
	sha256_final(&h, d);
	for (i = 0; i < SHA256_DIGEST_LEN; i++)
		snprintf(out + 3 * i, 4, "%02X%s", d[i], i + 1 < SHA256_DIGEST_LEN ? ":" : "");
}

/* Parses a PEM pair into key and crt, checked to match: NULL, or why not. */
static const char *pair_parse(const char *cert, const char *key, mbedtls_x509_crt *crt,
			      mbedtls_pk_context *pk)
{
	int rc;

	if (strlen(cert) >= TLSKEY_PEM_MAX || strlen(key) >= TLSKEY_PEM_MAX)
		return "longer than 32 KiB";
	if ((rc = mbedtls_x509_crt_parse(crt, (const unsigned char *)cert, strlen(cert) + 1)))
		return rc > 0 ? "some certificates of the chain were not understood" : mbed_why(rc);
	if ((rc = mbedtls_pk_parse_key(pk, (const unsigned char *)key, strlen(key) + 1, NULL, 0)))
		return mbed_why(rc);
	if (mbedtls_pk_check_pair(&crt->pk, pk))
		return "the key does not belong to the (first) certificate";
	if (!mbedtls_pk_can_do(pk, MBEDTLS_PK_ECDSA) && !mbedtls_pk_can_do(pk, MBEDTLS_PK_RSA))
		return "the key is neither ECDSA nor RSA";
	return NULL;
}

/* Takes a checked pair into use (net is given the new chain when it restarts). */
static void pair_use(mbedtls_x509_crt *crt, mbedtls_pk_context *pk, const char *chain)
{
	if (tk.loaded) {
		mbedtls_x509_crt_free(&tk.crt);
		mbedtls_pk_free(&tk.key);
	}
	tk.crt = *crt;
	tk.key = *pk;
	tk.loaded = 1;
	snprintf(tk.chain, sizeof tk.chain, "%s", chain);
	fingerprint(&tk.crt, tk.fp);
	if (file_write_atomic(TLSKEY_FP_FILE, tk.fp, strlen(tk.fp), 0644) < 0)
		log_warn("%s: %s", TLSKEY_FP_FILE, strerror(errno));
}

static int pair_load(void)
{
	static char cert[TLSKEY_PEM_MAX], key[TLSKEY_PEM_MAX];
	mbedtls_x509_crt crt;
	mbedtls_pk_context pk;
	const char *why = NULL;

	if (file_read(TLSKEY_CERT_FILE, cert, sizeof cert) < 0 ||
	    file_read(TLSKEY_KEY_FILE, key, sizeof key) < 0) {
		if (errno != ENOENT)
			log_error("web certificate: %s", strerror(errno));
		return -1;
	}
	mbedtls_x509_crt_init(&crt);
	mbedtls_pk_init(&pk);
	why = pair_parse(cert, key, &crt, &pk);
	secret_wipe(key, sizeof key);
	if (why) {
		log_error("web certificate: %s, %s: %s", TLSKEY_CERT_FILE, TLSKEY_KEY_FILE, why);
		mbedtls_x509_crt_free(&crt);
		mbedtls_pk_free(&pk);
		return -1;
	}
	pair_use(&crt, &pk, cert);
	return 0;
}

static int files_write(const char *cert, const char *key)
{
	if (mkdir(WEB_DIR, 0700) < 0 && errno != EEXIST)
		return -1;
	if (file_write_atomic(TLSKEY_KEY_FILE, key, strlen(key), 0600) < 0 ||
	    file_write_atomic(TLSKEY_CERT_FILE, cert, strlen(cert), 0644) < 0)
		return -1;
	return 0;
}

const char *tlskey_install(const char *cert, const char *key, char *err, size_t size)
{
	mbedtls_x509_crt crt;
	mbedtls_pk_context pk;
	const char *why;

	mbedtls_x509_crt_init(&crt);
	mbedtls_pk_init(&pk);
	why = pair_parse(cert, key, &crt, &pk);
	if (!why && files_write(cert, key) < 0) {
		snprintf(err, size, "%s: %s", WEB_DIR, strerror(errno));
		why = err;
	}
	if (why) {
		mbedtls_x509_crt_free(&crt);
		mbedtls_pk_free(&pk);
		return why;
	}
	pair_use(&crt, &pk, cert);
	return NULL;
}

/* The seed's pair, once: its hash is kept so a later upload is not undone. */
static void seed_pair(const char *cert, const char *key)
{
	unsigned char d[SHA256_DIGEST_LEN];
	char hex[SHA256_HEX_LEN + 2], old[SHA256_HEX_LEN + 2] = "", err[256];
	const char *why;
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, cert, strlen(cert));
	sha256_update(&h, key, strlen(key));
	sha256_final(&h, d);
	sha256_hex(d, hex);
	strcat(hex, "\n");
	if (file_read(TLSKEY_SEED_MARK, old, sizeof old) >= 0 && !strcmp(old, hex))
		return;
	why = tlskey_install(cert, key, err, sizeof err);
	if (why) {
		log_error("WEB_TLS_CERT, WEB_TLS_KEY: %s; not used", why);
		return;
	}
	if (file_write_atomic(TLSKEY_SEED_MARK, hex, strlen(hex), 0600) < 0)
		log_warn("%s: %s", TLSKEY_SEED_MARK, strerror(errno));
	log_info("the certificate of the node configuration (WEB_TLS_CERT) is in use");
}

int tlskey_init(const char *seed_cert, const char *seed_key)
{
	if (mkdir(WEB_DIR, 0700) < 0 && errno != EEXIST)
		log_error("%s: %s", WEB_DIR, strerror(errno));
	if (seed_cert && seed_key && seed_cert[0] && seed_key[0])
		seed_pair(seed_cert, seed_key);
	if (tk.loaded || pair_load() == 0)
		return 0;
	if (tlskey_make() < 0 || pair_load() < 0)
		return -1;
	return 0;
}

const char *tlskey_chain(void)
{
	return tk.chain;
}

const char *tlskey_fingerprint(void)
{
	return tk.fp;
}

/* ---- signing for net ---- */

void tlskey_sign(const struct wire_msg *m)
{
	static unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
	static struct wire_out o;
	const struct wire_field *hash = wire_get(m, WF_HASH);
	const char *why = NULL;
	size_t len = 0;
	uint64_t md;
	int rc;

	if (wire_get_u64(m, WF_MD, &md) || !hash || hash->len > 64)
		why = "a sign request needs WF_MD and WF_HASH (at most 64 bytes)";
	else if ((rc = mbedtls_pk_sign(&tk.key, (mbedtls_md_type_t)md, hash->val, hash->len, sig,
				       &len, tls_random, NULL)))
		why = mbed_why(rc);
	wire_begin(&o, WIRE_SIGNED, 0, m->conn, m->id);
	if (why)
		wire_add_str(&o, WF_ERROR, why);
	else
		wire_add(&o, WF_SIG, sig, len);
	netproc_send(&o, -1);
}

/* ---- what the node API shows ---- */

static void x509_time(struct json *j, const char *key, const mbedtls_x509_time *t)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->year, t->mon, t->day,
		 t->hour, t->min, t->sec);
	json_kv_string(j, key, buf);
}

static void sans_json(struct json *j, const mbedtls_x509_crt *c)
{
	const mbedtls_x509_sequence *s;
	char ip[INET_ADDRSTRLEN];

	json_key(j, "names");
	json_array_begin(j, JSON_INLINE);
	for (s = &c->subject_alt_names; s && s->buf.p; s = s->next) {
		if (s->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | 2))
			json_string_n(j, (const char *)s->buf.p, s->buf.len);
		else if (s->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | 7) && s->buf.len == 4 &&
			 inet_ntop(AF_INET, s->buf.p, ip, sizeof ip))
			json_string(j, ip);
	}
	json_array_end(j);
}

void tlskey_json(struct json *j)
{
	char dn[256];

	json_object_begin(j);
	json_kv_string(j, "fingerprint_sha256", tk.fp);
	if (mbedtls_x509_dn_gets(dn, sizeof dn, &tk.crt.subject) > 0)
		json_kv_string(j, "subject", dn);
	if (mbedtls_x509_dn_gets(dn, sizeof dn, &tk.crt.issuer) > 0)
		json_kv_string(j, "issuer", dn);
	x509_time(j, "not_before", &tk.crt.valid_from);
	x509_time(j, "not_after", &tk.crt.valid_to);
	sans_json(j, &tk.crt);
	json_kv_bool(j, "self_signed", tk.crt.subject_raw.len == tk.crt.issuer_raw.len &&
				       !memcmp(tk.crt.subject_raw.p, tk.crt.issuer_raw.p,
					       tk.crt.issuer_raw.len));
	json_key(j, "key");
	json_string(j, mbedtls_pk_get_name(&tk.key));
	json_object_end(j);
}
