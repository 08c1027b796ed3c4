#include <string.h>

#include "ratelimit.h"

void ratelimit_init(struct ratelimit *rl, int64_t now)
{
	memset(rl, 0, sizeof *rl);
	rl->tokens = RATELIMIT_HASH_BURST;
	rl->tokens_at = now;
}

static struct ratelimit_source *source_find(struct ratelimit *rl, const char *peer)
{
	unsigned i;

	for (i = 0; i < RATELIMIT_SOURCES; i++)
		if (rl->src[i].peer[0] && !strcmp(rl->src[i].peer, peer))
			return &rl->src[i];
	return NULL;
}

/* peer's entry, made from a free one or the one seen longest ago. */
static struct ratelimit_source *source_take(struct ratelimit *rl, const char *peer, int64_t now)
{
	struct ratelimit_source *s = source_find(rl, peer), *old = &rl->src[0];
	unsigned i;

	if (s)
		return s;
	for (i = 0; i < RATELIMIT_SOURCES; i++) {
		if (!rl->src[i].peer[0]) {
			old = &rl->src[i];
			break;
		}
		if (rl->src[i].seen < old->seen)
			old = &rl->src[i];
	}
	memset(old, 0, sizeof *old);
	strncpy(old->peer, peer, sizeof old->peer - 1);
	old->seen = now;
	return old;
}

int ratelimit_locked(struct ratelimit *rl, const char *peer, int64_t now, unsigned *retry_s)
{
	struct ratelimit_source *s = source_find(rl, peer);

	if (!s || now >= s->locked_until)
		return 0;
	*retry_s = (unsigned)((s->locked_until - now + 999) / 1000);
	return 1;
}

int ratelimit_failure(struct ratelimit *rl, const char *peer, int64_t now)
{
	struct ratelimit_source *s = source_take(rl, peer, now);

	s->seen = now;
	if (s->nfail == RATELIMIT_FAILS) {
		memmove(s->fail, s->fail + 1, (RATELIMIT_FAILS - 1) * sizeof s->fail[0]);
		s->nfail--;
	}
	s->fail[s->nfail++] = now;
	if (s->nfail < RATELIMIT_FAILS || now - s->fail[0] > RATELIMIT_WINDOW_MS)
		return 0;
	s->locked_until = now + RATELIMIT_LOCK_MS;
	s->nfail = 0;
	return 1;
}

void ratelimit_success(struct ratelimit *rl, const char *peer)
{
	struct ratelimit_source *s = source_find(rl, peer);

	if (s)
		memset(s, 0, sizeof *s);
}

int ratelimit_hash_take(struct ratelimit *rl, int64_t now, unsigned *retry_s)
{
	int64_t step = 1000 / RATELIMIT_HASH_PER_S, n;

	if (now > rl->tokens_at) {
		n = (now - rl->tokens_at) / step;
		if (n > 0) {
			rl->tokens = rl->tokens + (unsigned)(n > RATELIMIT_HASH_BURST ? RATELIMIT_HASH_BURST : n);
			if (rl->tokens > RATELIMIT_HASH_BURST)
				rl->tokens = RATELIMIT_HASH_BURST;
			rl->tokens_at += n * step;
		}
	}
	if (rl->tokens == 0) {
		*retry_s = 1;
		return -1;
	}
	rl->tokens--;
	return 0;
}
