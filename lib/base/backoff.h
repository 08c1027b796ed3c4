#ifndef VZHOST_BACKOFF_H
#define VZHOST_BACKOFF_H

#include <stdint.h>

/*
 * Respawn policy of a supervised service, as a pure state machine over
 * monotonic milliseconds: the restart delay starts at 1 s and doubles up
 * to 60 s; it resets when the service stayed up 30 s. BACKOFF_LOOP_EXITS
 * exits within BACKOFF_LOOP_WINDOW_MS are a crash loop: give up.
 */

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000
#define BACKOFF_STABLE_MS 30000
#define BACKOFF_LOOP_EXITS 5
#define BACKOFF_LOOP_WINDOW_MS 60000

struct backoff {
	int64_t started;
	int64_t delay;
	int64_t exits[BACKOFF_LOOP_EXITS];
	unsigned nexits;
};

void backoff_reset(struct backoff *b);
void backoff_started(struct backoff *b, int64_t now);
/* 0 and when to restart, or -1: crash loop, do not restart. */
int backoff_exited(struct backoff *b, int64_t now, int64_t *restart_at);

#endif
