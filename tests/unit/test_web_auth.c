/*
 * vzwebd's credentials (services/web/priv): the session cookie, the
 * session pool with its expiry, API tokens and their file, and the login
 * rate limiter, all driven by an injected clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../services/web/priv/cookie.h"
#include "../../services/web/priv/ratelimit.h"
#include "../../services/web/priv/route.h"
#include "../../services/web/priv/session.h"
#include "../../services/web/priv/token.h"
#include "tap.h"

static void test_cookie(void)
{
	unsigned char id[COOKIE_ID_LEN], back[COOKIE_ID_LEN];
	char h[COOKIE_HEADER_MAX], hex[65];
	unsigned i;

	for (i = 0; i < sizeof id; i++)
		id[i] = (unsigned char)(i * 7 + 1);
	cookie_set_header(id, h);
	ok(!strncmp(h, "Set-Cookie: __Host-vzsession=", 29), "the cookie is __Host- prefixed");
	ok(strstr(h, "; Path=/; Secure; HttpOnly; SameSite=Strict") != NULL,
	   "Path=/, Secure, HttpOnly, SameSite=Strict");
	ok(!strstr(h, "Domain") && !strstr(h, "Max-Age"), "no Domain, no Max-Age");
	memcpy(hex, h + 29, 64);
	hex[64] = 0;
	ok(!cookie_parse(hex, back) && !memcmp(id, back, sizeof id), "its value parses back");
	hex[3] = 'A';
	ok(cookie_parse(hex, back) != NULL, "upper-case hex is refused");
	ok(cookie_parse("abc", back) != NULL, "a short value is refused");
	ok(cookie_parse("", back) != NULL, "an empty value is refused");
	cookie_clear_header(h);
	ok(strstr(h, "__Host-vzsession=;") && strstr(h, "Max-Age=0"), "logout clears it");
}

static void rnd_fill(unsigned char *r, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = (unsigned char)(seed * 31 + i * 13);
}

static void test_sessions(void)
{
	static struct sessions ss, back;
	unsigned char rnd[SESSION_RANDOM_LEN], id[COOKIE_ID_LEN], id2[COOKIE_ID_LEN];
	static char text[SESSION_FILE_MAX];
	struct session *s;
	unsigned i;
	int64_t t = 1000;

	memset(&ss, 0, sizeof ss);
	rnd_fill(rnd, sizeof rnd, 1);
	s = session_new(&ss, "admin", "192.0.2.7", rnd, t, id);
	ok(s && !memcmp(id, rnd, sizeof id), "a session's id is the first 32 random bytes");
	ok(s && strlen(s->csrf) == 64, "its CSRF token is 64 hex digits");
	ok(s && memcmp(s->key, id, sizeof id), "the id itself is not stored");
	ok(session_find(&ss, id, t + 1000) == s, "found by its cookie");
	memcpy(id2, id, sizeof id2);
	id2[0] ^= 1;
	ok(session_find(&ss, id2, t + 1000) == NULL, "another id finds nothing");
	ok(session_find(&ss, id, t + 1000 + SESSION_IDLE_MS - 1) == s, "alive just before idle expiry");
	t += 1000 + SESSION_IDLE_MS - 1;
	ok(session_find(&ss, id, t + SESSION_IDLE_MS) == NULL, "ended after being idle");
	ok(!ss.s[0].used, "an expired session leaves the pool");

	t = 0;
	s = session_new(&ss, "admin", "192.0.2.7", rnd, t, id);
	for (i = 1; i * (SESSION_IDLE_MS / 2) < SESSION_LIFE_MS; i++)
		ok(session_find(&ss, id, (int64_t)i * (SESSION_IDLE_MS / 2)) == s || 0,
		   "kept alive by use at %u min", (unsigned)(i * (SESSION_IDLE_MS / 2) / 60000));
	ok(session_find(&ss, id, SESSION_LIFE_MS) == NULL, "ended at its absolute expiry despite use");

	for (i = 0; i < SESSIONS_MAX; i++) {
		rnd_fill(rnd, sizeof rnd, i + 10);
		if (!session_new(&ss, "admin", "192.0.2.7", rnd, 0, id))
			break;
	}
	is_int(i, SESSIONS_MAX, "the pool holds 64 sessions");
	rnd_fill(rnd, sizeof rnd, 99);
	ok(session_new(&ss, "admin", "192.0.2.7", rnd, 1, id) == NULL, "a 65th is refused");
	ok(session_new(&ss, "admin", "192.0.2.7", rnd, SESSION_IDLE_MS, id) != NULL,
	   "once they expire there is room");

	is_int(session_end_all(&ss), 1, "a password change ends every session");
	s = session_new(&ss, "admin", "192.0.2.7", rnd, 5, id);
	ok(session_file_format(&ss, text, sizeof text) > 0, "the pool is written out");
	is_int(session_file_parse(&back, text), 0, "and read back whole");
	ok(session_find(&back, id, 6) && !strcmp(back.s[0].csrf, s->csrf) &&
	   !strcmp(back.s[0].peer, "192.0.2.7"), "a reloaded session keeps its cookie and CSRF");
	is_int(session_file_parse(&back, "junk\nmore junk\n"), 2, "lines it does not understand are skipped");
	is_int(session_file_parse(&back, "abc"), 1, "a line without its newline is skipped");
}

static void test_tokens(void)
{
	static struct tokens ts, back;
	unsigned char rnd[TOKEN_ID_LEN + TOKEN_SECRET_LEN], secret[TOKEN_SECRET_LEN];
	char text[TOKEN_TEXT_LEN + 1], file[TOKEN_FILE_MAX], err[128], id[TOKEN_ID_HEX],
		scopes[TOKEN_SCOPES_MAX];
	const struct token *t;
	const char *why;
	unsigned bits;
	int len;

	memset(&ts, 0, sizeof ts);
	rnd_fill(rnd, sizeof rnd, 3);
	t = token_new(&ts, "ci-bot", SCOPE_READ | SCOPE_OPERATE, 1000, 0, rnd, text, &why);
	ok(t && !strncmp(text, "vzh_", 4) && strlen(text) == TOKEN_TEXT_LEN, "a token's text");
	ok(token_check(&ts, text, 5000, &why) == t, "it authenticates");
	text[TOKEN_TEXT_LEN - 1] ^= 1;
	ok(!token_check(&ts, text, 5000, &why) && !strcmp(why, "unknown token"), "a wrong secret does not");
	text[TOKEN_TEXT_LEN - 1] ^= 1;
	ok(!token_check(&ts, "Bearer x", 0, &why), "junk is refused");
	ok(token_bearer_parse(text, id, secret) == NULL && !strcmp(id, t->id), "its id is in its text");
	ok(token_bearer_parse("vzh_0123456789abcdef-0000", id, secret) != NULL, "a bad separator");
	rnd_fill(rnd, sizeof rnd, 4);
	t = token_new(&ts, "metrics", SCOPE_METRICS, 1000, 2000, rnd, text, &why);
	ok(token_check(&ts, text, 1999, &why) == t, "alive before its expiry");
	ok(!token_check(&ts, text, 2000, &why) && !strcmp(why, "expired"), "refused at its expiry");
	ok(!token_new(&ts, "bad name", SCOPE_READ, 0, 0, rnd, text, &why) && why, "a bad name is refused");

	len = token_file_format(&ts, file, sizeof file);
	ok(len > 0 && !strstr(file, text + 22), "the file holds no secret");
	ok(!token_file_parse(file, (size_t)len, &back, err, sizeof err) && back.n == 2 &&
	   back.t[0].scopes == (SCOPE_READ | SCOPE_OPERATE) && back.t[1].expires == 2000,
	   "the file reads back");
	ok(token_check(&back, text, 1500, &why) != NULL, "a token works after a reload");
	ok(token_file_parse("0011223344556677 read 0 0 00 x\n", 31, &back, err, sizeof err) &&
	   strstr(err, "line 1: a bad SHA-256"), "a bad line refuses the file, naming the line");
	ok(token_file_parse("x", 1, &back, err, sizeof err) && back.n == 0, "a cut file is refused");
	ok(!token_delete(&ts, ts.t[0].id) && ts.n == 1, "a token is deleted");
	ok(token_delete(&ts, "nope") < 0, "an unknown id is not");

	ok(!token_scopes_parse("read,operate", &bits) && bits == (SCOPE_READ | SCOPE_OPERATE), "scopes parse");
	ok(token_scopes_parse("read,,admin", &bits) != NULL, "an empty scope is refused");
	ok(token_scopes_parse("root", &bits) != NULL, "an unknown scope is refused");
	token_scopes_format(SCOPE_ALL, scopes);
	is_str(scopes, "metrics,read,operate,admin", "scopes format in order");
	ok(route_scope_ok(SCOPE_ADMIN, SCOPE_READ) && route_scope_ok(SCOPE_OPERATE, SCOPE_METRICS),
	   "a higher scope includes the lower ones");
	ok(!route_scope_ok(SCOPE_READ, SCOPE_OPERATE) && !route_scope_ok(SCOPE_METRICS, SCOPE_READ),
	   "a lower scope does not include a higher one");
}

static void test_ratelimit(void)
{
	static struct ratelimit rl;
	unsigned retry, i, took = 0;
	int64_t t = 10000;
	char peer[32];

	ratelimit_init(&rl, t);
	for (i = 0; i < 4; i++)
		ok(!ratelimit_failure(&rl, "192.0.2.1", t + i * 1000), "failure %u does not lock", i + 1);
	ok(!ratelimit_locked(&rl, "192.0.2.1", t + 4000, &retry), "not locked after 4");
	ok(ratelimit_failure(&rl, "192.0.2.1", t + 4000), "the 5th within 5 min locks");
	ok(ratelimit_locked(&rl, "192.0.2.1", t + 5000, &retry) && retry == 299, "locked, 299 s left");
	ok(!ratelimit_locked(&rl, "192.0.2.2", t + 5000, &retry), "another source is not");
	ok(!ratelimit_locked(&rl, "192.0.2.1", t + 4000 + RATELIMIT_LOCK_MS, &retry), "unlocked after 5 min");

	t = 1000000;
	for (i = 0; i < 4; i++)
		ratelimit_failure(&rl, "192.0.2.3", t + i * 1000);
	ok(!ratelimit_failure(&rl, "192.0.2.3", t + RATELIMIT_WINDOW_MS + 1),
	   "5 failures spread over more than 5 min do not lock");
	ratelimit_failure(&rl, "192.0.2.4", t);
	ratelimit_success(&rl, "192.0.2.4");
	for (i = 0; i < 4; i++)
		ratelimit_failure(&rl, "192.0.2.4", t + i);
	ok(!ratelimit_locked(&rl, "192.0.2.4", t + 10, &retry), "a good login forgets earlier failures");

	for (i = 0; i < RATELIMIT_SOURCES + 10; i++) {
		snprintf(peer, sizeof peer, "10.0.%u.%u", i / 256, i % 256);
		ratelimit_failure(&rl, peer, t + 10 + i);
	}
	ok(1, "more sources than the table holds are taken without harm");

	ratelimit_init(&rl, 0);
	for (i = 0; i < 100; i++)
		took += ratelimit_hash_take(&rl, 0, &retry) == 0;
	is_int(took, RATELIMIT_HASH_BURST, "a burst of hash checks is capped");
	ok(ratelimit_hash_take(&rl, 0, &retry) < 0 && retry == 1, "the next waits a second");
	for (i = 0, took = 0; i < 1000; i++)
		took += ratelimit_hash_take(&rl, 10000 + i * 10, &retry) == 0;
	ok(took >= 40 && took <= 40 + RATELIMIT_HASH_BURST, "then 4 a second (%u in 10 s)", took);
}

int main(void)
{
	test_cookie();
	test_sessions();
	test_tokens();
	test_ratelimit();
	return done_testing();
}
