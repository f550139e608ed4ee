/*
 * log.c: one line per event on stderr, in UTC with milliseconds, so lines
 * from the daemon and staffroomctl sort and compare without a timezone:
 *	2026-11-23T10:00:00.123Z staffroomd[4242] info: message
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "staffroom/common.h"
#include "log.h"

static enum log_level	log_level = LOG_LEVEL_INFO;

static const char *log_level_names[] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

void
log_set_level(enum log_level level)
{
	log_level = level;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char		 stamp[32];
	int64_t		 ms;
	time_t		 t;
	struct tm	 tm;
	va_list		 ap;
	int		 saved = errno;

	if (level > log_level)
		return;
	ms = now_ms();
	t = (time_t)(ms / 1000);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

	/*
	 * Build the whole line before writing so concurrent writers (the
	 * daemon's worker threads) never interleave within a line.
	 */
	flockfile(stderr);
	fprintf(stderr, "%s.%03dZ %s[%ld] %s: ", stamp, (int)(ms % 1000),
	    program_invocation_short_name, (long)getpid(),
	    log_level_names[level]);
	va_start(ap, fmt);
	errno = saved;	/* so %m in fmt still names the caller's error */
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	errno = saved;
}
