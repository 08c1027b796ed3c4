#ifndef VZHOST_WEB_SESSION_H
#define VZHOST_WEB_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "cookie.h"

/*
 * Browser sessions of priv: a pool of SESSIONS_MAX, each known by the
 * SHA-256 of its cookie's id (the id itself is never stored), with its
 * CSRF token, user, source and times. A session ends at logout, after
 * SESSION_IDLE_MS without a request, SESSION_LIFE_MS after its login, and
 * when the admin password changes. Times are CLOCK_BOOTTIME milliseconds
 * (they survive a restart of priv, which reloads the pool from
 * SESSION_FILE). Pure: the caller gives the time and the random bytes.
 */

#define SESSIONS_MAX 64
#define SESSION_IDLE_MS (30 * 60 * 1000LL)
#define SESSION_LIFE_MS (12 * 3600 * 1000LL)
#define SESSION_CSRF_LEN 32		/* bytes; sent as 64 hex digits */
#define SESSION_RANDOM_LEN (COOKIE_ID_LEN + SESSION_CSRF_LEN)
#define SESSION_USER_MAX 16
#define SESSION_PEER_MAX 64
#define SESSION_FILE "/run/vzhost/web/sessions"
#define SESSION_FILE_MAX (SESSIONS_MAX * 320)

struct session {
	int used;
	uint32_t serial;		/* tells the sessions of one slot apart */
	unsigned char key[32];		/* SHA-256 of the cookie's id */
	char csrf[2 * SESSION_CSRF_LEN + 1];
	char user[SESSION_USER_MAX];
	char peer[SESSION_PEER_MAX];	/* where it logged in from */
	int64_t created, seen;
};

struct sessions {
	uint32_t serial;
	struct session s[SESSIONS_MAX];
};

/*
 * A new session from SESSION_RANDOM_LEN random bytes (the cookie's id
 * into id, then the CSRF token), after the expired ones are dropped; NULL
 * when the pool is full (the caller answers 503 with Retry-After).
 */
struct session *session_new(struct sessions *ss, const char *user, const char *peer,
			    const unsigned char rnd[SESSION_RANDOM_LEN], int64_t now,
			    unsigned char id[COOKIE_ID_LEN]);
/* The live session of a cookie's id, its idle time restarted; NULL if
   none (an expired one is ended). */
struct session *session_find(struct sessions *ss, const unsigned char id[COOKIE_ID_LEN],
			     int64_t now);
void session_end(struct session *s);
/* Ends every session (a password change): how many were live. */
unsigned session_end_all(struct sessions *ss);
/* Ends the expired sessions, calling fn for each before it goes. */
void session_expire(struct sessions *ss, int64_t now, void (*fn)(struct session *s, void *arg),
		    void *arg);
/* Milliseconds until s expires (0 if it has). */
int64_t session_left_ms(const struct session *s, int64_t now);

/* The pool as text (SESSION_FILE): its length, or -1 (ENOSPC). */
int session_file_format(const struct sessions *ss, char *buf, size_t size);
/* The text back into ss; lines it does not understand are skipped: how many were. */
unsigned session_file_parse(struct sessions *ss, const char *text);

#endif
