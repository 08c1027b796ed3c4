#ifndef VZHOST_WEB_RATELIMIT_H
#define VZHOST_WEB_RATELIMIT_H

#include <stdint.h>

/*
 * Login throttling: RATELIMIT_FAILS failed logins from one source within
 * RATELIMIT_WINDOW_MS lock that source out for RATELIMIT_LOCK_MS (its
 * logins are refused unchecked meanwhile), and password hash checks, the
 * costly part, are limited for the whole node to a bucket of
 * RATELIMIT_HASH_BURST refilled at RATELIMIT_HASH_PER_S a second. Sources
 * are tracked in a table of RATELIMIT_SOURCES; when it is full the entry
 * seen longest ago goes. Pure: the caller gives the time (milliseconds of
 * any monotonic clock).
 */

#define RATELIMIT_FAILS 5
#define RATELIMIT_WINDOW_MS (5 * 60 * 1000LL)
#define RATELIMIT_LOCK_MS (5 * 60 * 1000LL)
#define RATELIMIT_SOURCES 256
#define RATELIMIT_HASH_BURST 8
#define RATELIMIT_HASH_PER_S 4
#define RATELIMIT_PEER_MAX 64

struct ratelimit_source {
	char peer[RATELIMIT_PEER_MAX];	/* "" for a free entry */
	int64_t fail[RATELIMIT_FAILS];	/* times of the last failures, oldest first */
	unsigned nfail;
	int64_t locked_until, seen;
};

struct ratelimit {
	struct ratelimit_source src[RATELIMIT_SOURCES];
	int64_t tokens_at;		/* when the bucket was last refilled */
	unsigned tokens;
};

void ratelimit_init(struct ratelimit *rl, int64_t now);
/* 1 if peer is locked out at now, *retry_s the seconds left; else 0. */
int ratelimit_locked(struct ratelimit *rl, const char *peer, int64_t now, unsigned *retry_s);
/* A failed login from peer; 1 if it locked the source out. */
int ratelimit_failure(struct ratelimit *rl, const char *peer, int64_t now);
/* A good login from peer: its failures are forgotten. */
void ratelimit_success(struct ratelimit *rl, const char *peer);
/* Takes one hash check from the node's bucket: 0, or -1 with *retry_s. */
int ratelimit_hash_take(struct ratelimit *rl, int64_t now, unsigned *retry_s);

#endif
