/*
 * tokenbucket.c: flood control. The caller passes the time in, so the
 * arithmetic is pure and the tests need no clock.
 */
#include "staffroom/proto.h"

/*
 * Refills are computed in floating point; waiting exactly wait_ms must make
 * take succeed even if the sum lands a hair below the cost.
 */
#define TOKEN_EPSILON	1e-9

void
token_bucket_init(struct token_bucket *tb, double capacity, double rate,
    uint64_t now_ms)
{
	tb->capacity = capacity;
	tb->rate = rate;
	tb->tokens = capacity;
	tb->last_ms = now_ms;
}

/*
 * Tokens held at now_ms. A clock reading older than the last one counts as
 * no time passed: refilling from it would grant the same interval twice.
 */
static double
token_bucket_level(const struct token_bucket *tb, uint64_t now_ms)
{
	double	tokens;

	if (now_ms <= tb->last_ms)
		return tb->tokens;
	tokens = tb->tokens + (double)(now_ms - tb->last_ms) * tb->rate / 1000.0;
	return tokens < tb->capacity ? tokens : tb->capacity;
}

bool
token_bucket_take(struct token_bucket *tb, double cost, uint64_t now_ms)
{
	if (!(cost >= 0))
		return false;
	tb->tokens = token_bucket_level(tb, now_ms);
	if (now_ms > tb->last_ms)
		tb->last_ms = now_ms;
	if (tb->tokens + TOKEN_EPSILON < cost)
		return false;
	tb->tokens = tb->tokens > cost ? tb->tokens - cost : 0;
	return true;
}

/* UINT64_MAX when cost can never be met (over capacity, or no refill). */
uint64_t
token_bucket_wait_ms(const struct token_bucket *tb, double cost,
    uint64_t now_ms)
{
	double		tokens = token_bucket_level(tb, now_ms), wait;
	uint64_t	ms, behind = 0;

	if (tokens + TOKEN_EPSILON >= cost)
		return 0;
	if (cost > tb->capacity + TOKEN_EPSILON || !(tb->rate > 0))
		return UINT64_MAX;
	/* Refill resumes only once the clock is back past last_ms. */
	if (now_ms < tb->last_ms)
		behind = tb->last_ms - now_ms;
	wait = (cost - tokens) * 1000.0 / tb->rate;
	if (wait >= (double)(UINT64_MAX / 2) || behind > UINT64_MAX / 2)
		return UINT64_MAX;
	ms = (uint64_t)wait;
	if ((double)ms < wait)
		ms++;	/* round up: one ms early is still too early */
	return behind + ms;
}
