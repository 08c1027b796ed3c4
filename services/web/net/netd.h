#ifndef VZHOST_WEB_NETD_H
#define VZHOST_WEB_NETD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "../http/chunked.h"
#include "../http/head.h"
#include "../http/peer.h"
#include "../http/ws.h"
#include "../wire.h"

/*
 * The net process's state (docs/web-design.md): one epoll loop over the
 * listeners, priv's socket, every client connection and the descriptors
 * priv handed over (console holders, upload pipes). Single-threaded, every
 * descriptor non-blocking, every buffer bounded.
 */

/* Limits (issue 13) */
#define NET_CONNS_MAX 256
#define NET_CONNS_PER_SOURCE 16
#define NET_HANDSHAKES_MAX 64		/* TLS handshakes in flight */
#define NET_HANDSHAKE_MS 10000
#define NET_HEAD_MS 10000		/* a request head, from its first byte */
#define NET_BODY_MS 10000		/* a JSON body, from the end of its head */
#define NET_IDLE_MS 60000		/* keep-alive between requests */
#define NET_TRIM_MS 1000		/* idle this long: its buffers are freed */
#define NET_REQUESTS_MAX 100		/* per connection */
#define NET_BODY_MAX 65536		/* a request body net reads (JSON) */
#define NET_PRIV_MS 65000		/* priv's answer (?wait= is up to 30 s) */
#define NET_STALL_MS 60000		/* a client not taking our output */
#define NET_UPLOAD_WINDOW_MS 10000	/* uploads: at least this many bytes per window */
#define NET_UPLOAD_WINDOW_MIN 16384
#define NET_OUT_MAX (1u << 20)		/* queued output of one connection */
#define NET_STREAM_OUT_MAX (256u << 10)	/* an event stream's backlog before it is cut */
#define NET_WS_PING_MS 20000
#define NET_WS_DEAD_MS 60000
#define NET_SSE_KEEPALIVE_MS 20000
#define NET_CONSOLE_UNACKED_MAX (256u << 10)
#define NET_HOLDER_OUT_MAX (64u << 10)	/* keys waiting for the console holder */
#define NET_IN_CAP 16384		/* a connection's input buffer (one TLS record) */
#define NET_TLS_RECORD 16384		/* plaintext bytes of one TLS record we write */
#define NET_PIPELINE_OUT_MAX (64u << 10)	/* read no further request while more is queued */
#define NET_PRIV_OUT_MAX (4u << 20)	/* messages waiting for priv */

#define NET_COOKIE_NAME "__Host-vzsession"
#define NET_UI_DIR "/usr/share/vzhost/web"
#define NET_USER "vzweb"

enum conn_state {
	CS_HANDSHAKE,	/* TLS handshake */
	CS_HEAD,	/* reading a request head; idle between requests */
	CS_BODY,	/* reading a request body */
	CS_PRIV,	/* waiting for priv's answer */
	CS_RESPONSE,	/* sending a response */
	CS_UPLOAD,	/* streaming the body into priv's pipe */
	CS_WS,		/* a console WebSocket */
	CS_SSE,		/* an event stream */
	CS_CLOSING,	/* sending what is queued, then closing */
};

/* Output waiting for the client, in order. */
struct obuf {
	struct obuf *next;
	size_t len, off, cap;
	unsigned char data[];
};

#define NET_AGAIN (-2)		/* conn_read: nothing now; wait for the socket */

struct console;
struct conn;

/* What an epoll event is about (its data.ptr). */
enum ev_kind { EV_LISTEN443 = 1, EV_LISTEN80, EV_PRIV, EV_CONN, EV_HOLDER, EV_PIPE };

struct watch {
	enum ev_kind kind;
	struct conn *c;
};

struct conn {
	uint32_t id;
	int fd;
	int dead;			/* closed; freed after this round of events */
	struct conn *next_dead;
	struct watch w_sock, w_aux;	/* the client socket; a holder or upload pipe */
	int tls_port;			/* 443 (TLS) or 80 (redirects) */
	struct tls_conn *tls;
	enum conn_state state;
	int64_t since;			/* when the current state or its last progress began */
	int64_t head_start;		/* first byte of the head under way, 0 if none */
	unsigned char source[16];	/* peer_key */
	char peer[PEER_TEXT_MAX];
	unsigned requests;
	int closing;			/* close once the output is sent */
	int priv_knows;			/* priv saw a request of it: tell it when it ends */
	uint32_t events;		/* epoll interest */

	unsigned char *in;		/* NET_IN_CAP bytes while in use */
	size_t in_len;
	int in_eof;
	struct http_scan scan;

	/* the request under way */
	struct http_req *req;
	size_t head_len;
	uint32_t req_id;
	int keep_alive, head_only, http10;
	char *body;			/* a request body (at most NET_BODY_MAX) */
	size_t body_len, body_want, body_cap;	/* body_want: Content-Length, or NET_BODY_MAX if chunked */
	struct http_chunked chunked;
	int body_chunked;
	int body_unread;		/* an upload's body, not read unless priv takes it */

	/* the response under way */
	int resp_chunked;		/* from priv, more chunks to come, chunked coding */
	int resp_more;			/* priv has more chunks for it */
	int file_fd;
	uint64_t file_left;

	/* output */
	struct obuf *out, **out_tail;
	size_t out_bytes;
	size_t tls_retry;		/* a TLS write of this many bytes to repeat */
	int tls_retry_direct;		/* that write was conn_send_now's, not the queue's */
	int want_write;			/* the last TLS or socket operation waits for EPOLLOUT */
	int want_sign;			/* the handshake waits for priv's signature */
	uint32_t sign_id;		/* the WIRE_SIGN it waits for */
	int64_t out_progress;		/* when output last moved */

	/* upload into priv's pipe */
	int pipe_fd;
	int pipe_full;			/* the pipe took no more: wait for it */
	uint64_t upload_left, upload_done, window_bytes;
	int64_t window_start;

	/* WebSocket and event stream */
	struct ws_rx *rx;
	struct console *console;
	int64_t last_rx, last_ping;
	uint32_t scope;			/* event stream: the classes it may see */
};

struct net {
	int epfd;
	int priv;
	int listen443, listen80;
	int configured;			/* WIRE_CONFIG came */
	struct tls_server *tls;
	struct peer_net *allow;		/* WEB_ALLOW_FROM; none: everyone */
	unsigned nallow;
	struct conn *conn[NET_CONNS_MAX];
	unsigned nconns, handshakes;
	uint32_t next_id;
	int64_t now;
	int64_t last_sweep;
	/* messages to priv while its socket is full */
	struct obuf *priv_out, **priv_out_tail;
	size_t priv_out_bytes;
	int priv_gone;
	struct conn *dead;		/* closed this round, to be freed */
	unsigned char scratch[65536];	/* one operation's bytes, never kept across calls */
};

extern struct net net;

/* loop.c */
int netloop_add(int fd, uint32_t events, struct watch *w);
int netloop_mod(int fd, uint32_t events, struct watch *w);
void netloop_del(int fd);
int netloop_listen(void);
int net_run(void);

/* conn.c */
void conn_accept(int lfd, int tls_port);
void conn_io(struct conn *c, uint32_t events);
void conn_free_dead(void);
struct conn *conn_find(uint32_t id);
void conn_close(struct conn *c, const char *why);
void conn_update_events(struct conn *c);
void conn_run(struct conn *c);
void conn_sweep(void);
void conn_set_state(struct conn *c, enum conn_state s);

/* io.c */
int conn_send(struct conn *c, const void *data, size_t len);
int conn_send_now(struct conn *c, const void *data, size_t len);
int conn_flush(struct conn *c);
int conn_out_empty(const struct conn *c);
void conn_out_free(struct conn *c);
long conn_read(struct conn *c, void *buf, size_t n);
int conn_in_alloc(struct conn *c);
void conn_in_cut(struct conn *c, size_t off, size_t n);
void conn_in_consume(struct conn *c, size_t n);
void conn_in_free_if_empty(struct conn *c);
int conn_pending_input(struct conn *c);

/* http.c */
int http_fill(struct conn *c);
void http_run(struct conn *c);
void http_request_done(struct conn *c);
void http_fail(struct conn *c, int status, const char *why);
void http_timeout(struct conn *c, const char *why);

/* resp.c: a response head (length: Content-Length, or RESP_CHUNKED when it
   is not known yet, or RESP_UNFRAMED for 101 and 304) and net's own errors */
#define RESP_API 1u		/* Cache-Control: no-store unless the headers say otherwise */
#define RESP_CLOSE 2u		/* Connection: close, and close after it */
#define RESP_CHUNKED (-1LL)
#define RESP_UNFRAMED (-2LL)
void resp_head(struct conn *c, int status, const char *const *headers, unsigned nheaders,
	       long long length, unsigned flags);
void resp_error(struct conn *c, int status, const char *why, unsigned flags, const char *header);
const char *resp_reason(int status);

/* static.c */
void static_serve(struct conn *c);
void static_more(struct conn *c);

/* api.c */
void api_forward(struct conn *c);
void api_message(const struct wire_msg *m, int fd);
void api_upload_run(struct conn *c);
void api_upload_sweep(struct conn *c);
void api_timeout(struct conn *c);

/* ws.c */
int ws_accept_key(const struct http_str *key, char out[29]);
void ws_start(struct conn *c, int holder_fd, int readonly);
void ws_run(struct conn *c);
void ws_holder_ready(struct conn *c, uint32_t events);
int ws_wants_input(const struct conn *c);
void ws_sweep(struct conn *c);
void ws_free(struct conn *c);

/* sse.c */
void sse_start(struct conn *c, uint32_t scope);
void sse_event(const struct wire_msg *m);
void sse_run(struct conn *c);
void sse_sweep(struct conn *c);

/* redirect.c */
void redirect_serve(struct conn *c);

/* priv.c */
int priv_send(const struct wire_out *o, int fd);
void priv_ready(uint32_t events);
void priv_closed_conn(struct conn *c);

/* main.c: web_net_main with the chroot and user given (tests) */
int net_main(int priv_sock, int fd443, int fd80, const char *root, const char *user);

/* sandbox.c, seccomp.c */
int sandbox_enter(const char *root, const char *user, char *err, size_t size);
int seccomp_install(char *err, size_t size);

#endif
