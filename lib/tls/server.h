#ifndef VZHOST_TLS_SERVER_H
#define VZHOST_TLS_SERVER_H

#include <stddef.h>

/*
 * A TLS 1.2 server over non-blocking sockets for vzwebd's net process
 * (mbedtls with board/common/mbedtls_config.h: ECDHE with AES-GCM or
 * ChaCha20-Poly1305 only, no renegotiation). It holds the certificate
 * chain but never the private key: a handshake's one private key
 * operation, the ServerKeyExchange signature, is started through the
 * caller's sign_start (which hands it to the process holding the key) and
 * the handshake waits (TLS_WANT_SIGN) until tls_conn_signed brings the
 * answer. Resumption uses session tickets (RFC 5077) under a key the
 * server makes itself and rotates hourly: a resumed handshake needs no
 * signature.
 */

struct tls_server;
struct tls_conn;

/* Starts a signature of hash (md an mbedtls_md_type_t) for c: 0, or -1 if
   it cannot be started (the handshake then fails). */
typedef int tls_sign_start_fn(void *ctx, struct tls_conn *c, unsigned md,
			      const unsigned char *hash, size_t hash_len);

#define TLS_ERROR (-1)		/* the connection is over (a TLS error or the peer's alert) */
#define TLS_WANT_READ (-2)	/* call again when the socket is readable */
#define TLS_WANT_WRITE (-3)	/* call again when the socket is writable */
#define TLS_WANT_SIGN (-4)	/* call again after tls_conn_signed */

/* A server for the PEM chain cert[0..len) (len counts a final NUL, as
   mbedtls wants): NULL with why (a static text) and errno. */
struct tls_server *tls_server_new(const char *cert, size_t len, tls_sign_start_fn *sign_start,
				  void *ctx, const char **why);
void tls_server_free(struct tls_server *s);

/* A connection on socket fd (non-blocking); NULL with errno ENOMEM. */
struct tls_conn *tls_conn_new(struct tls_server *s, int fd);
/* Frees c (an answer to a signature it started is then to be dropped). */
void tls_conn_free(struct tls_conn *c);

/* Runs the handshake on: 0 when done, TLS_WANT_*, or TLS_ERROR. */
int tls_conn_handshake(struct tls_conn *c);
/* The signature c's handshake waited for (len 0: it failed). */
void tls_conn_signed(struct tls_conn *c, const void *sig, size_t len);
/* Decrypted bytes into buf: their number, 0 at the peer's close (alert or
   end of stream), TLS_WANT_*, or TLS_ERROR. */
long tls_conn_read(struct tls_conn *c, void *buf, size_t n);
/*
 * Encrypts and sends buf[0..n): the bytes taken (at most one record,
 * 16 KiB), TLS_WANT_WRITE, or TLS_ERROR. After TLS_WANT_WRITE the record
 * is already made; call again with the same n (the bytes themselves are
 * not read again) once the socket is writable.
 */
long tls_conn_write(struct tls_conn *c, const void *buf, size_t n);
/* Decrypted bytes waiting in c, which epoll cannot see. */
size_t tls_conn_pending(struct tls_conn *c);
/* Sends close_notify, best effort. */
void tls_conn_close_notify(struct tls_conn *c);
/* What the last TLS_ERROR was, for the log. */
void tls_conn_error(const struct tls_conn *c, char *out, size_t size);

/*
 * The private key side, for the process holding the key: the signature of
 * a WIRE_SIGN's hash with key (a mbedtls_pk_context: ECDSA, or RSA with
 * PKCS#1 v1.5 as TLS 1.2 wants), into sig (sig_size bytes). md must be
 * SHA-256, SHA-384 or SHA-512 and hash_len its size. 0, or -1 with errno
 * (EINVAL for a bad request, EIO if signing failed).
 */
struct mbedtls_pk_context;
int tls_sign(struct mbedtls_pk_context *key, unsigned md, const unsigned char *hash,
	     size_t hash_len, unsigned char *sig, size_t sig_size, size_t *sig_len);

#endif
