/*
 * util.c: durations and paths (allocators and clocks are proto/common.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

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

void
duration_text(int64_t ms, char *buf, size_t size)
{
	int64_t	s = ms < 0 ? 0 : ms / 1000;

	if (s >= 3600)
		snprintf(buf, size, "%" PRId64 "h%02dm%02ds", s / 3600,
		    (int)(s / 60 % 60), (int)(s % 60));
	else if (s >= 60)
		snprintf(buf, size, "%dm%02ds", (int)(s / 60), (int)(s % 60));
	else
		snprintf(buf, size, "%ds", (int)s);
}
