/*
 * log.c: one line per event on stderr, in UTC with milliseconds, so lines
 * from the daemon and staffroomctl sort and compare without a timezone:
 *	2026-11-23T10:00:00.123Z staffroomd[4242] info: message
 * or, after log_use_syslog, to syslog (facility daemon), which adds its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "staffroom/common.h"
#include "log.h"

/* Longer lines are built on the heap. */
#define LOG_LINE_MAX	1024

static enum log_level	log_level = LOG_LEVEL_INFO;
static bool		log_syslog;

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
log_use_syslog(void)
{
	openlog(program_invocation_short_name, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	log_syslog = true;
}

static void
log_to_syslog(enum log_level level, const char *fmt, va_list ap)
{
	static const int	priorities[] = {
		[LOG_LEVEL_ERROR] = LOG_ERR,
		[LOG_LEVEL_WARN] = LOG_WARNING,
		[LOG_LEVEL_INFO] = LOG_INFO,
		[LOG_LEVEL_DEBUG] = LOG_DEBUG,
	};

	vsyslog(priorities[level], fmt, ap);
}

/* All of it, whatever a signal or a short write does. */
static void
log_write(const char *p, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(STDERR_FILENO, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char		 stamp[32], line[LOG_LINE_MAX], *text = line;
	int64_t		 ms;
	time_t		 t;
	struct tm	 tm;
	va_list		 ap;
	int		 saved = errno, head, len;

	if (level > log_level)
		return;
	if (log_syslog) {
		va_start(ap, fmt);
		errno = saved;	/* vsyslog's %m */
		log_to_syslog(level, fmt, ap);
		va_end(ap);
		errno = saved;
		return;
	}
	ms = now_ms();
	t = (time_t)(ms / 1000);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

	/*
	 * The whole line is built first and written with one write(2): the
	 * daemon's threads never interleave within a line, and a line costs
	 * one system call, not one for each part.
	 */
	head = snprintf(line, sizeof line, "%s.%03dZ %s[%ld] %s: ", stamp,
	    (int)(ms % 1000), program_invocation_short_name, (long)getpid(),
	    log_level_names[level]);
	va_start(ap, fmt);
	errno = saved;	/* so %m in fmt still names the caller's error */
	len = vsnprintf(line + head, sizeof line - head, fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	/* Longer than the stack's line: on the heap, or cut to fit. */
	if ((size_t)head + len + 1 > sizeof line &&
	    (text = malloc((size_t)head + len + 2)) != NULL) {
		memcpy(text, line, head);
		va_start(ap, fmt);
		errno = saved;
		vsnprintf(text + head, (size_t)len + 1, fmt, ap);
		va_end(ap);
	} else if (text == NULL) {
		text = line;
		len = (int)sizeof line - head - 1;
	}
	text[head + len] = '\n';
	log_write(text, (size_t)head + len + 1);
	if (text != line)
		free(text);
	errno = saved;
}
