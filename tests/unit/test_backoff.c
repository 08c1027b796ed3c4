#include "base/backoff.h"
#include "tap.h"

/* The service runs `up` ms, then exits; returns the restart time or -1. */
static int64_t run_exit(struct backoff *b, int64_t *now, int64_t up)
{
	int64_t at;

	backoff_started(b, *now);
	*now += up;
	if (backoff_exited(b, *now, &at) < 0)
		return -1;
	return at;
}

static void test_doubling(void)
{
	struct backoff b;
	int64_t now = 1000000, at;

	backoff_reset(&b);
	at = run_exit(&b, &now, 100);
	is_int(at - now, 1000, "first restart after 1s");
	now = at;
	at = run_exit(&b, &now, 100);
	is_int(at - now, 2000, "then 2s");
	now = at;
	at = run_exit(&b, &now, 100);
	is_int(at - now, 4000, "then 4s");
	now = at;
	at = run_exit(&b, &now, 100);
	is_int(at - now, 8000, "then 8s");
	now = at;
	is_int(run_exit(&b, &now, 100), -1, "fifth exit within 60s: crash loop");
}

static void test_cap_and_reset(void)
{
	struct backoff b;
	int64_t now = 0, at = 0;
	int i;

	backoff_reset(&b);
	for (i = 0; i < 10; i++) {
		at = run_exit(&b, &now, 20000);
		ok(at >= 0, "exit %d spaced out: no crash loop", i);
		now = at;
	}
	backoff_reset(&b);
	for (i = 0; i < 8; i++) {
		at = run_exit(&b, &now, 29000);
		now = at;
	}
	at = run_exit(&b, &now, 29000);
	is_int(at - now, BACKOFF_MAX_MS, "delay capped at 60s");
	now = at;
	at = run_exit(&b, &now, 30000);
	is_int(at - now, BACKOFF_MIN_MS, "30s of uptime resets the delay");
}

static void test_window(void)
{
	struct backoff b;
	int64_t now = 0;
	int i;

	backoff_reset(&b);
	for (i = 0; i < 4; i++)
		run_exit(&b, &now, 20000);
	ok(run_exit(&b, &now, 1000) >= 0, "5 exits over more than 60s: keep going");
	backoff_reset(&b);
	for (i = 0; i < 4; i++)
		run_exit(&b, &now, 10);
	is_int(run_exit(&b, &now, 10), -1, "5 quick exits: give up");
}

int main(void)
{
	test_doubling();
	test_cap_and_reset();
	test_window();
	return done_testing();
}
