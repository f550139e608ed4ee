/*
 * clock.c: time. Timers use mono_ms (proto/common.c; never the wall clock,
 * which can jump); this is the local-time formatting for message timestamps and day
 * lines. The server sends UTC milliseconds; localtime_r applies TZ, so a
 * client spawned with TZ=Europe/London shows British time.
 */
#include <time.h>

#include "staffroom.h"

static void
clock_local(int64_t ms, struct tm *tm)
{
	time_t	t = (time_t)(ms / 1000);

	localtime_r(&t, tm);
}

/* "14:05" */
void
clock_hm(int64_t ms, char *buf, size_t size)
{
	struct tm	tm;

	clock_local(ms, &tm);
	strftime(buf, size, "%H:%M", &tm);
}

/* A number that changes exactly when the local date does. */
int
clock_day(int64_t ms)
{
	struct tm	tm;

	clock_local(ms, &tm);
	return ((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

/* "Tuesday 25 November 2025" */
void
clock_day_text(int64_t ms, char *buf, size_t size)
{
	struct tm	tm;

	clock_local(ms, &tm);
	strftime(buf, size, "%A %-d %B %Y", &tm);
}

/* "14:05 Tue 25 Nov 2025": a moment in one short line. */
void
clock_short_text(int64_t ms, char *buf, size_t size)
{
	struct tm	tm;

	clock_local(ms, &tm);
	strftime(buf, size, "%H:%M %a %-d %b %Y", &tm);
}
