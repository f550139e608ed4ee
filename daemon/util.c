/*
 * util.c: durations, paths and socket addresses (allocators and clocks are
 * proto/common.c).
 */
#include <netinet/in.h>
#include <arpa/inet.h>

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

bool
sockaddr_parse(const char *addr, int port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof *sin;
		return (true);
	}
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*len = sizeof *sin6;
		return (true);
	}
	return (false);
}

void
sockaddr_text(const struct sockaddr *sa, bool with_port, char *buf,
    size_t size)
{
	const struct sockaddr_in	*sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6	*sin6 = (const struct sockaddr_in6 *)sa;
	const void			*where = &sin->sin_addr;
	char				 host[INET6_ADDRSTRLEN];
	int				 port = ntohs(sin->sin_port);

	if (sa->sa_family == AF_INET6) {
		where = &sin6->sin6_addr;
		port = ntohs(sin6->sin6_port);
	}
	if (inet_ntop(sa->sa_family, where, host, sizeof host) == NULL)
		snprintf(host, sizeof host, "?");
	if (!with_port)
		snprintf(buf, size, "%s", host);
	else
		snprintf(buf, size, sa->sa_family == AF_INET6 ? "[%s]:%d" :
		    "%s:%d", host, port);
}
