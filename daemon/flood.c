/*
 * flood.c: how fast a person may do the dear or noisy things. The buckets
 * belong to the person, not to a session (hub.c keeps them from their first
 * session to their last), so opening more sessions buys no more.
 */
#include "config.h"

#include <stdlib.h>

#include "op.h"

/*
 * Lifting the posting limits (tests, benchmarks) lifts the others too: a
 * kind's bucket is its own default or the posting one, whichever is larger.
 */
static void
flood_bucket_init(struct token_bucket *tb, double burst, double rate,
    uint64_t now)
{
	token_bucket_init(tb, server.cfg.post_burst > burst ?
	    server.cfg.post_burst : burst, server.cfg.post_rate > rate ?
	    server.cfg.post_rate : rate, now);
}

struct person *
person_new(int64_t user_id)
{
	struct person	*p = xcalloc(1, sizeof *p);
	uint64_t	 now = mono_ms();

	p->user_id = user_id;
	token_bucket_init(&p->flood[FLOOD_POST], server.cfg.post_burst,
	    server.cfg.post_rate, now);
	flood_bucket_init(&p->flood[FLOOD_SEARCH], SEARCH_BURST, SEARCH_RATE,
	    now);
	flood_bucket_init(&p->flood[FLOOD_NOTIFY], NOTIFY_BURST, NOTIFY_RATE,
	    now);
	return (p);
}

void
person_free(struct person *p)
{
	free(p);
}

enum proto_error
flood_check(struct op_ctx *ctx, enum flood_kind kind)
{
	static const char *const message[FLOOD_NKINDS] = {
		[FLOOD_POST] = "you are sending too fast; wait a moment",
		[FLOOD_SEARCH] = "you are searching too fast; wait a moment",
		[FLOOD_NOTIFY] = "too many invitations and changes others are "
		    "told of; wait a moment",
	};
	struct token_bucket	*tb = &session_person(ctx->conn)->flood[kind];
	uint64_t		 now = mono_ms();

	if ((ctx->retry_after_ms = token_bucket_wait_ms(tb, 1, now)) == 0)
		return (PROTO_OK);
	return (op_fail(ctx, PROTO_ERR_RATE_LIMITED, "%s", message[kind]));
}

void
flood_spend(struct op_ctx *ctx, enum flood_kind kind)
{
	/* Nothing ran between flood_check and here: the token is there. */
	(void)token_bucket_take(&session_person(ctx->conn)->flood[kind], 1,
	    mono_ms());
}
