#include <string.h>

#include "base/backoff.h"

void backoff_reset(struct backoff *b)
{
	memset(b, 0, sizeof *b);
	b->delay = BACKOFF_MIN_MS;
}

void backoff_started(struct backoff *b, int64_t now)
{
	b->started = now;
}

int backoff_exited(struct backoff *b, int64_t now, int64_t *restart_at)
{
	unsigned slot = b->nexits % BACKOFF_LOOP_EXITS;
	int64_t oldest;

	if (now - b->started >= BACKOFF_STABLE_MS)
		b->delay = BACKOFF_MIN_MS;
	b->exits[slot] = now;
	b->nexits++;
	if (b->nexits == 2 * BACKOFF_LOOP_EXITS)
		b->nexits = BACKOFF_LOOP_EXITS;
	if (b->nexits >= BACKOFF_LOOP_EXITS) {
		oldest = b->exits[b->nexits % BACKOFF_LOOP_EXITS];
		if (now - oldest <= BACKOFF_LOOP_WINDOW_MS)
			return -1;
	}
	*restart_at = now + b->delay;
	b->delay = b->delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : b->delay * 2;
	return 0;
}
