/*
 * util.h: durations and paths (util.c); allocators and clocks are
 * staffroom/common.h.
 */
#ifndef STAFFROOM_UTIL_H
#define STAFFROOM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "30m", "12h", "7d" → milliseconds; -1 when malformed. */
int64_t		 parse_duration(const char *text);
/* Joins dir and name into buf; false when it does not fit. */
bool		 path_join(char *buf, size_t size, const char *dir, const char *name);
/* Milliseconds as "2h05m09s", "4m00s" or "12s", for people to read. */
void		 duration_text(int64_t ms, char *buf, size_t size);

#endif
