/*
 * metrics.h: the daemon's running figures, for staffroomctl stats (the
 * control socket, control.c) and the Prometheus endpoint (metrics_http.c).
 * Counting is a few arithmetic operations on the loop: nothing here does
 * I/O, allocates or locks (every caller is on the loop thread).
 */
#ifndef STAFFROOM_METRICS_H
#define STAFFROOM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum metric_counter {
	METRIC_MESSAGES,	/* chat messages stored (room.send) */
	METRIC_LOGINS,		/* successful logins, join sessions too */
	METRIC_COUNTERS
};

/* Commit-time histogram buckets, upper bounds in microseconds (+Inf last). */
#define METRICS_COMMIT_BUCKETS	12
extern const uint64_t metrics_commit_bounds_us[METRICS_COMMIT_BUCKETS];

void		 metrics_count(enum metric_counter);
/* Since the daemon started. */
uint64_t	 metrics_total(enum metric_counter);
/* In the last 60 seconds. */
uint64_t	 metrics_last_minute(enum metric_counter);

/* One group commit took us microseconds. */
void		 metrics_commit(uint64_t us);
struct metrics_commits {
	uint64_t	 count;		/* commits since the start */
	uint64_t	 sum_us;
	uint64_t	 buckets[METRICS_COMMIT_BUCKETS + 1];	/* not cumulative; last: +Inf */
	/* Of the last METRICS_RECENT commits (0 when there were none). */
	uint64_t	 p50_us;
	uint64_t	 p99_us;
	size_t		 recent;
};
#define METRICS_RECENT		1024
void		 metrics_commits(struct metrics_commits *);

#endif
