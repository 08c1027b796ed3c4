#include <time.h>

#include "clock.h"

static int64_t clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_boot_ms(void)
{
	return clock_ms(CLOCK_BOOTTIME);
}

int64_t clock_unix_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

void clock_iso(int64_t unix_s, char out[21])
{
	time_t t = (time_t)unix_s;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
