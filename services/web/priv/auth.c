#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "auth.h"
#include "base/file.h"
#include "base/json_parse.h"
#include "base/log.h"
#include "clock.h"
#include "conns.h"
#include "cookie.h"
#include "node/pwhash.h"
#include "password.h"
#include "ratelimit.h"
#include "secret.h"
#include "session.h"

static struct {
	struct sessions sessions;
	struct tokens tokens;
	struct ratelimit limit;
	char hash[CRYPTHASH_MAX];
	char dummy[CRYPTHASH_MAX];	/* checked for other users: they cost what admin costs */
	struct json_doc doc;
} au;

static void sessions_save(void)
{
	static char text[SESSION_FILE_MAX];
	int len = session_file_format(&au.sessions, text, sizeof text);

	if (len < 0 || file_write_atomic(SESSION_FILE, text, (size_t)len, 0600) < 0)
		log_warn("%s: %s", SESSION_FILE, strerror(errno));
	secret_wipe(text, sizeof text);
}

static void tokens_load(void)
{
	static char text[TOKEN_FILE_MAX + 1];
	ssize_t len = file_read(TOKEN_FILE, text, sizeof text);
	char err[128];

	au.tokens.n = 0;
	if (len < 0) {
		if (errno != ENOENT)
			log_error("%s: %s; no API token works", TOKEN_FILE, strerror(errno));
		return;
	}
	if (token_file_parse(text, (size_t)len, &au.tokens, err, sizeof err))
		log_error("%s: %s; no API token works until it is fixed", TOKEN_FILE, err);
}

int auth_tokens_save(void)
{
	static char text[TOKEN_FILE_MAX];
	int len = token_file_format(&au.tokens, text, sizeof text);

	if (len < 0 || file_write_atomic(TOKEN_FILE, text, (size_t)len, 0600) < 0) {
		log_error("%s: %s", TOKEN_FILE, strerror(errno));
		return -1;
	}
	return 0;
}

struct tokens *auth_tokens(void)
{
	return &au.tokens;
}

int auth_init(void)
{
	static char text[SESSION_FILE_MAX + 1];
	ssize_t len;

	unsigned char rnd[16];
	char pw[33];

	ratelimit_init(&au.limit, clock_boot_ms());
	if (secret_random(rnd, sizeof rnd) < 0)
		return -1;
	secret_hex(rnd, sizeof rnd, pw);
	if (pwhash_sha512(pw, au.dummy, sizeof au.dummy) < 0)
		return -1;
	len = file_read(SESSION_FILE, text, sizeof text);
	if (len >= 0 && session_file_parse(&au.sessions, text))
		log_warn("%s: lines not understood were dropped", SESSION_FILE);
	secret_wipe(text, sizeof text);
	tokens_load();
	if (admin_hash_read(au.hash) < 0)
		log_error("%s: %s; nobody can log in", PASSWORD_CONF, strerror(errno));
	else if (!au.hash[0])
		log_warn("the admin password is not set: run vzweb passwd on the console");
	return 0;
}

static void session_ended(struct session *s, void *arg)
{
	conns_end_session((int)(s - au.sessions.s), s->serial);
}

void auth_tick(void)
{
	unsigned before = 0, after = 0, i;

	for (i = 0; i < SESSIONS_MAX; i++)
		before += au.sessions.s[i].used != 0;
	session_expire(&au.sessions, clock_boot_ms(), session_ended, NULL);
	for (i = 0; i < SESSIONS_MAX; i++)
		after += au.sessions.s[i].used != 0;
	if (after != before)
		sessions_save();
}

static void sessions_end_all(void)
{
	unsigned i;

	for (i = 0; i < SESSIONS_MAX; i++)
		if (au.sessions.s[i].used)
			session_ended(&au.sessions.s[i], NULL);
	session_end_all(&au.sessions);
	sessions_save();
}

void auth_password_reload(void)
{
	char hash[CRYPTHASH_MAX];

	if (admin_hash_read(hash) < 0 || !strcmp(hash, au.hash))
		return;
	strcpy(au.hash, hash);
	log_info("the admin password changed: every session ends");
	sessions_end_all();
}

/* "https://" + Host, the only Origin a browser on this node sends. */
static int origin_same(const struct req *q)
{
	return !strncasecmp(q->origin, "https://", 8) && q->host[0] &&
	       !strcasecmp(q->origin + 8, q->host);
}

static int auth_token(struct req *q)
{
	const struct token *t;
	const char *why;

	t = token_check(&au.tokens, q->bearer, clock_unix_ms() / 1000, &why);
	if (!t) {
		reply_error(q->conn, q->id, 401, "unauthorized", NULL, "API token refused: %s", why);
		return -1;
	}
	snprintf(q->who.user, sizeof q->who.user, "token:%s", t->name);
	q->who.scopes = t->scopes;
	q->who.session_slot = -1;
	strcpy(q->who.token_id, t->id);
	return 0;
}

static void reply_unauthorized(struct req *q, const char *why)
{
	struct resp r;
	char clear[COOKIE_HEADER_MAX];

	if (resp_begin(&r, 401) < 0)
		return;
	if (q->cookie[0]) {
		cookie_clear_header(clear);
		resp_header(&r, "%s", clear);
	}
	json_object_begin(&r.j);
	json_key(&r.j, "error");
	json_object_begin(&r.j);
	json_kv_uint(&r.j, "status", 401);
	json_kv_string(&r.j, "code", au.hash[0] ? "unauthorized" : "no_password");
	json_kv_string(&r.j, "message", au.hash[0] ? why :
		       "The admin password is not set. On the node's console run: vzweb passwd");
	json_key(&r.j, "field");
	json_null(&r.j);
	json_object_end(&r.j);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

static int auth_cookie(struct req *q)
{
	unsigned char id[COOKIE_ID_LEN];
	struct session *s;

	if (cookie_parse(q->cookie, id) || !(s = session_find(&au.sessions, id, clock_boot_ms()))) {
		reply_unauthorized(q, "the session has ended; log in again");
		return -1;
	}
	snprintf(q->who.user, sizeof q->who.user, "%s", s->user);
	q->who.scopes = SCOPE_ALL;
	q->who.cookie = 1;
	q->who.session_slot = (int)(s - au.sessions.s);
	q->who.session_serial = s->serial;
	return 0;
}

/* A change made with the cookie: the page's CSRF token and Origin. */
static int auth_csrf(struct req *q)
{
	const struct session *s = &au.sessions.s[q->who.session_slot];

	if (strlen(q->csrf) != 2 * SESSION_CSRF_LEN ||
	    !secret_equal(q->csrf, s->csrf, 2 * SESSION_CSRF_LEN)) {
		reply_error(q->conn, q->id, 403, "csrf", NULL,
			    "a change needs the session's X-CSRF-Token header");
		return -1;
	}
	if (!origin_same(q)) {
		reply_error(q->conn, q->id, 403, "origin", NULL,
			    "a change must come from this node's own pages (Origin %s)",
			    q->origin[0] ? q->origin : "missing");
		return -1;
	}
	return 0;
}

static int auth_scope(struct req *q)
{
	char have[TOKEN_SCOPES_MAX];

	if ((q->route->flags & ROUTE_ANY_SCOPE) || route_scope_ok(q->who.scopes, q->route->scope))
		return 0;
	token_scopes_format(q->who.scopes, have);
	reply_error(q->conn, q->id, 403, "forbidden", NULL,
		    "%s %s needs a token with scope %s (this one has %s)", q->method,
		    q->route->pattern, q->route->scope == SCOPE_ADMIN ? "admin" :
		    q->route->scope == SCOPE_OPERATE ? "operate" :
		    q->route->scope == SCOPE_READ ? "read" : "metrics", have);
	return -1;
}

int auth_request(struct req *q)
{
	int change = strcmp(q->method, "GET") && strcmp(q->method, "HEAD");

	memset(&q->who, 0, sizeof q->who);
	q->who.session_slot = -1;
	if (q->route->flags & ROUTE_PUBLIC)
		return 0;
	if (q->bearer[0]) {
		if (auth_token(q) < 0)
			return -1;
	} else if (q->cookie[0]) {
		if (auth_cookie(q) < 0)
			return -1;
	} else {
		reply_unauthorized(q, "log in, or send an API token (Authorization: Bearer)");
		return -1;
	}
	if (auth_scope(q) < 0)
		return -1;
	if (q->who.cookie && change && auth_csrf(q) < 0)
		return -1;
	if ((q->route->flags & ROUTE_WEBSOCKET) && (q->who.cookie || q->origin[0]) &&
	    !origin_same(q)) {
		reply_error(q->conn, q->id, 403, "origin", NULL,
			    "a console must be opened from this node's own pages (Origin %s)",
			    q->origin[0] ? q->origin : "missing");
		return -1;
	}
	return 0;
}

static void audit_login(const struct req *q, const char *user, const char *action,
			const char *result)
{
	struct audit_entry e = { .who = user, .source = q->peer, .action = action,
				 .result = result };

	audit_log(&e);
}

static int known_login_key(const char *key, void *arg)
{
	return !strcmp(key, "user") || !strcmp(key, "password");
}

/* The body's "user" and "password" strings: 0, or -1 after answering 400. */
static int login_fields(struct req *q, const char **user, const char **password)
{
	struct json_doc *d = &au.doc;
	const char *bad;
	int u, p;

	if (json_doc_parse(d, (const char *)q->body, q->body_len) < 0) {
		reply_error(q->conn, q->id, 400, "bad_json", d->err_key[0] ? d->err_key : NULL,
			    "the body is not JSON the API takes: %s", d->err);
		return -1;
	}
	if (d->node[0].type != JSON_T_OBJECT) {
		reply_error(q->conn, q->id, 400, "bad_json", NULL, "expected a JSON object");
		return -1;
	}
	if ((bad = json_doc_unknown_key(d, 0, known_login_key, NULL))) {
		reply_error(q->conn, q->id, 400, "unknown_key", bad, "unknown key \"%.64s\"", bad);
		return -1;
	}
	u = json_doc_member(d, 0, "user");
	p = json_doc_member(d, 0, "password");
	if (u < 0 || d->node[u].type != JSON_T_STRING) {
		reply_error(q->conn, q->id, 400, "bad_value", "user", "user: expected a string");
		return -1;
	}
	if (p < 0 || d->node[p].type != JSON_T_STRING) {
		reply_error(q->conn, q->id, 400, "bad_value", "password", "password: expected a string");
		return -1;
	}
	*user = d->node[u].text;
	*password = d->node[p].text;
	return 0;
}

static int login_check(const char *user, const char *password)
{
	int admin = !strcmp(user, AUTH_USER) && au.hash[0];
	int good = pwhash_verify(password, admin ? au.hash : au.dummy) == 1;

	return admin && good;
}

static void login_reply(struct req *q, const struct session *s, const unsigned char *id)
{
	char cookie[COOKIE_HEADER_MAX];
	struct resp r;

	if (resp_begin(&r, 200) < 0)
		return;
	cookie_set_header(id, cookie);
	resp_header(&r, "%s", cookie);
	resp_header(&r, "Cache-Control: no-store");
	json_object_begin(&r.j);
	json_kv_string(&r.j, "csrf", s->csrf);
	json_kv_string(&r.j, "user", s->user);
	json_kv_uint(&r.j, "expires_in", (uint64_t)session_left_ms(s, clock_boot_ms()) / 1000);
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
	secret_wipe(cookie, sizeof cookie);
}

void api_session_login(struct req *q)
{
	unsigned char rnd[SESSION_RANDOM_LEN], id[COOKIE_ID_LEN];
	const char *user, *password;
	int64_t now = clock_boot_ms();
	struct session *s;
	unsigned retry;

	if (ratelimit_locked(&au.limit, q->peer, now, &retry)) {
		reply_busy(q->conn, q->id, 429, retry,
			   "too many failed logins from %s; try again in %u s", q->peer, retry);
		return;
	}
	if (login_fields(q, &user, &password) < 0)
		return;
	if (!au.hash[0]) {
		reply_unauthorized(q, "");
		return;
	}
	if (ratelimit_hash_take(&au.limit, now, &retry) < 0) {
		reply_busy(q->conn, q->id, 429, retry, "too many logins at once; try again in a second");
		return;
	}
	if (!login_check(user, password)) {
		ratelimit_failure(&au.limit, q->peer, now);
		audit_login(q, user[0] && strlen(user) < 64 ? user : "?", "login", "failed");
		reply_error(q->conn, q->id, 401, "unauthorized", NULL, "invalid user name or password");
		return;
	}
	ratelimit_success(&au.limit, q->peer);
	if (secret_random(rnd, sizeof rnd) < 0 ||
	    !(s = session_new(&au.sessions, user, q->peer, rnd, now, id))) {
		reply_busy(q->conn, q->id, 503, 60, "the node has %d sessions open; try again later",
			   SESSIONS_MAX);
		return;
	}
	secret_wipe(rnd, sizeof rnd);
	sessions_save();
	audit_login(q, user, "login", "ok");
	login_reply(q, s, id);
	secret_wipe(id, sizeof id);
}

void api_session_get(struct req *q)
{
	char scopes[TOKEN_SCOPES_MAX];
	struct resp r;

	if (resp_begin(&r, 200) < 0)
		return;
	resp_header(&r, "Cache-Control: no-store");
	token_scopes_format(q->who.scopes, scopes);
	json_object_begin(&r.j);
	json_kv_string(&r.j, "user", q->who.user);
	json_kv_string(&r.j, "scopes", scopes);
	json_kv_string(&r.j, "via", q->who.cookie ? "session" : "token");
	if (q->who.cookie) {
		const struct session *s = &au.sessions.s[q->who.session_slot];

		json_kv_string(&r.j, "csrf", s->csrf);
		json_kv_uint(&r.j, "expires_in",
			     (uint64_t)session_left_ms(s, clock_boot_ms()) / 1000);
	}
	json_object_end(&r.j);
	resp_send(q->conn, q->id, &r);
}

void api_session_logout(struct req *q)
{
	char clear[COOKIE_HEADER_MAX];
	struct resp r = { .status = 204 };

	if (!q->who.cookie) {
		reply_error(q->conn, q->id, 400, "bad_request", NULL,
			    "an API token has no session to end; delete the token instead");
		return;
	}
	session_ended(&au.sessions.s[q->who.session_slot], NULL);
	session_end(&au.sessions.s[q->who.session_slot]);
	sessions_save();
	audit_login(q, q->who.user, "logout", "ok");
	cookie_clear_header(clear);
	resp_header(&r, "%s", clear);
	resp_send(q->conn, q->id, &r);
}
