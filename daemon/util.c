/*
 * util.c: clocks, allocators that never return NULL, durations and paths.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "staffroomd.h"

static int64_t
util_clock_ms(clockid_t id)
{
	struct timespec	ts;

	if (clock_gettime(id, &ts) != 0)
		abort();	/* only fails for a bad clock id */
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int64_t
now_ms(void)
{
	return (util_clock_ms(CLOCK_REALTIME));
}

uint64_t
mono_ms(void)
{
	return ((uint64_t)util_clock_ms(CLOCK_MONOTONIC));
}

/* Running out of memory is not something we can recover from sensibly. */
static void __attribute__((noreturn))
util_oom(size_t size)
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
		util_oom(size);
	return (p);
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		util_oom(n * size);
	return (p);
}

void *
xrealloc(void *old, size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = realloc(old, size)) == NULL)
		util_oom(size);
	return (p);
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		util_oom(strlen(s) + 1);
	return (p);
}

int
xasprintf(char **out, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	if (n < 0)
		util_oom(strlen(fmt));
	return (n);
}

static const struct {
	char	unit;
	int64_t	ms;
} util_duration_units[] = {
	{ 's', 1000 },
	{ 'm', 60 * 1000 },
	{ 'h', 60 * 60 * 1000 },
	{ 'd', 24 * 60 * 60 * 1000 },
	{ 'w', 7 * 24 * 60 * 60 * 1000 },
};

int64_t
parse_duration(const char *text)
{
	const char	*p = text;
	int64_t		 n = 0;
	size_t		 i;

	/* Digits only: strtoll would let signs and spaces through. */
	if (*p < '0' || *p > '9')
		return (-1);
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > (INT64_MAX - (*p - '0')) / 10)
			return (-1);
		n = n * 10 + (*p - '0');
	}
	if (n == 0 || p[0] == '\0' || p[1] != '\0')
		return (-1);
	for (i = 0; i < sizeof util_duration_units / sizeof util_duration_units[0]; i++) {
		if (util_duration_units[i].unit != *p)
			continue;
		if (n > INT64_MAX / util_duration_units[i].ms)
			return (-1);
		return (n * util_duration_units[i].ms);
	}
	return (-1);
}

bool
path_join(char *buf, size_t size, const char *dir, const char *name)
{
	size_t	len = strlen(dir);
	int	n;

	/* Avoid "dir//name" when dir already ends with a slash. */
	if (len > 0 && dir[len - 1] == '/')
		n = snprintf(buf, size, "%s%s", dir, name);
	else
		n = snprintf(buf, size, "%s/%s", dir, name);
	return (n >= 0 && (size_t)n < size);
}
