/*
 * common.h: what the daemon, staffroomctl and the client share that is not
 * protocol (proto/common.c): allocation that cannot fail (running out of
 * memory is not something any of them can recover from sensibly, so these
 * say so and abort) and the clocks.
 */
#ifndef STAFFROOM_COMMON_H
#define STAFFROOM_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The clocks: every module asks these for "now", never time(),
 * gettimeofday() or clock_gettime() itself.
 */
int64_t	 now_ms(void);		/* UTC wall clock, milliseconds */
uint64_t mono_ms(void);		/* monotonic, milliseconds: timers */
uint64_t mono_us(void);		/* monotonic, microseconds: short durations */
uint64_t thread_cpu_ms(void);	/* the calling thread's CPU time: work budgets */
/*
 * The test hook: from now on now_ms() reads offset_ms ahead of the real
 * clock, so what is decided against a stored wall time (an invite's
 * expiry; later sanctions and reminders) can be tested without sleeping.
 * staffroomd sets it from its hidden option --test-clock-offset DURATION
 * ("8d"), which it logs as a warning; nothing else calls it. mono_ms() only
 * measures intervals, which a fixed offset would not change, so it stays.
 */
void	 clock_set_offset_ms(int64_t offset_ms);

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* realloc of n * size bytes, refusing a product that overflows */
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Like asprintf into *out; returns the length. */
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

#endif
