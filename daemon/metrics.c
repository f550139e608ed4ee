/*
 * metrics.c: counters with a one-minute window, and the group commit's
 * duration as a histogram (for Prometheus) and as its last commits (for
 * exact percentiles in staffroomctl stats).
 */
#include <stdlib.h>
#include <string.h>

#include "staffroom/common.h"
#include "metrics.h"

#define METRICS_WINDOW_S	60

const uint64_t metrics_commit_bounds_us[METRICS_COMMIT_BUCKETS] = {
	100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000,
	250000, 1000000
};

/* One counter: its total, and one slot per second of the last minute. */
struct metrics_rate {
	uint64_t	total;
	uint64_t	slot[METRICS_WINDOW_S];
	uint64_t	slot_second[METRICS_WINDOW_S];	/* which second a slot counts */
};

static struct {
	struct metrics_rate	rate[METRIC_COUNTERS];
	uint64_t		commits;
	uint64_t		commit_sum_us;
	uint64_t		commit_buckets[METRICS_COMMIT_BUCKETS + 1];
	uint32_t		recent_us[METRICS_RECENT];	/* a ring */
} metrics;

void
metrics_count(enum metric_counter which)
{
	struct metrics_rate	*r = &metrics.rate[which];
	uint64_t		 second = mono_ms() / 1000;
	size_t			 i = second % METRICS_WINDOW_S;

	r->total++;
	if (r->slot_second[i] != second) {
		r->slot_second[i] = second;
		r->slot[i] = 0;
	}
	r->slot[i]++;
}

uint64_t
metrics_total(enum metric_counter which)
{
	return (metrics.rate[which].total);
}

uint64_t
metrics_last_minute(enum metric_counter which)
{
	const struct metrics_rate	*r = &metrics.rate[which];
	uint64_t			 second = mono_ms() / 1000, n = 0;
	size_t				 i;

	for (i = 0; i < METRICS_WINDOW_S; i++) {
		if (r->slot[i] != 0 &&
		    second - r->slot_second[i] < METRICS_WINDOW_S)
			n += r->slot[i];
	}
	return (n);
}

void
metrics_commit(uint64_t us)
{
	size_t	b;

	for (b = 0; b < METRICS_COMMIT_BUCKETS &&
	    us > metrics_commit_bounds_us[b]; b++)
		;
	metrics.commit_buckets[b]++;
	metrics.recent_us[metrics.commits % METRICS_RECENT] =
	    us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	metrics.commits++;
	metrics.commit_sum_us += us;
}

static int
metrics_cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

/* The nearest-rank percentile of n sorted values (n > 0). */
static uint64_t
metrics_rank(const uint32_t *sorted, size_t n, unsigned percent)
{
	size_t	rank = (n * percent + 99) / 100;

	return (sorted[rank > 0 ? rank - 1 : 0]);
}

void
metrics_commits(struct metrics_commits *out)
{
	uint32_t	sorted[METRICS_RECENT];

	memset(out, 0, sizeof *out);
	out->count = metrics.commits;
	out->sum_us = metrics.commit_sum_us;
	memcpy(out->buckets, metrics.commit_buckets, sizeof out->buckets);
	out->recent = metrics.commits < METRICS_RECENT ? metrics.commits :
	    METRICS_RECENT;
	if (out->recent == 0)
		return;
	memcpy(sorted, metrics.recent_us, out->recent * sizeof *sorted);
	qsort(sorted, out->recent, sizeof *sorted, metrics_cmp_u32);
	out->p50_us = metrics_rank(sorted, out->recent, 50);
	out->p99_us = metrics_rank(sorted, out->recent, 99);
}
