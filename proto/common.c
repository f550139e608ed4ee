/*
 * common.c: the one allocator family and the clocks of the daemon,
 * staffroomctl and the client. Running out of memory is not something we
 * can recover from sensibly, so it is reported and the program aborts.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staffroom/common.h"

static int64_t
common_clock_ms(clockid_t id)
{
	struct timespec	ts;

	if (clock_gettime(id, &ts) != 0)
		abort();	/* only fails for a bad clock id */
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Set once at start, before any thread runs; read by all. */
static int64_t	common_clock_offset_ms;

void
clock_set_offset_ms(int64_t offset_ms)
{
	common_clock_offset_ms = offset_ms;
}

int64_t
now_ms(void)
{
	return (common_clock_ms(CLOCK_REALTIME) + common_clock_offset_ms);
}

uint64_t
mono_ms(void)
{
	return ((uint64_t)common_clock_ms(CLOCK_MONOTONIC));
}

/* For durations shorter than a millisecond (a commit's), never a timer. */
uint64_t
mono_us(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		abort();
	return ((uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000);
}

uint64_t
thread_cpu_ms(void)
{
	return ((uint64_t)common_clock_ms(CLOCK_THREAD_CPUTIME_ID));
}

static void __attribute__((noreturn))
xmalloc_oom(size_t size)
{
	fprintf(stderr, "%s: out of memory allocating %zu bytes\n",
	    program_invocation_short_name, size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		xmalloc_oom(size);
	return (p);
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		xmalloc_oom(n * size);
	return (p);
}

void *
xrealloc(void *old, size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = realloc(old, size)) == NULL)
		xmalloc_oom(size);
	return (p);
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xmalloc_oom(SIZE_MAX);
	return (xrealloc(old, n * size));
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t len)
{
	char	*p;

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

int
xvasprintf(char **out, const char *fmt, va_list ap)
{
	int	n;

	if ((n = vasprintf(out, fmt, ap)) < 0)
		xmalloc_oom(strlen(fmt));
	return (n);
}

int
xasprintf(char **out, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = xvasprintf(out, fmt, ap);
	va_end(ap);
	return (n);
}
