/*
 * util.h: durations, paths and socket addresses (util.c); allocators and
 * clocks are staffroom/common.h.
 */
#ifndef STAFFROOM_UTIL_H
#define STAFFROOM_UTIL_H

#include <sys/socket.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "30m", "12h", "7d" → milliseconds; -1 when malformed. */
int64_t		 parse_duration(const char *text);
/* Joins dir and name into buf; false when it does not fit. */
bool		 path_join(char *buf, size_t size, const char *dir, const char *name);
/* Milliseconds as "2h05m09s", "4m00s" or "12s", for people to read. */
void		 duration_text(int64_t ms, char *buf, size_t size);

/* An IPv4 or IPv6 address (no name lookup) and a port; false when not one. */
bool		 sockaddr_parse(const char *addr, int port,
		    struct sockaddr_storage *ss, socklen_t *len);
/* "192.0.2.1", or with_port "192.0.2.1:22" and "[2001:db8::1]:22". */
void		 sockaddr_text(const struct sockaddr *sa, bool with_port,
		    char *buf, size_t size);

#endif
