/*
 * flood.c: how fast a person may do the dear or noisy things. The buckets
 * belong to the person, not to a session (hub.c keeps them from their first
 * session to their last), so opening more sessions buys no more.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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

/*
 * Slow mode: when each person last wrote in each slow room, in a hash of
 * chains. An entry goes once its interval is over, so the table holds only
 * people who may not write yet.
 */
#define FLOOD_SLOW_BUCKETS	1024

struct flood_slow {
	int64_t			 room_id;
	int64_t			 user_id;
	int64_t			 until_ms;	/* when they may write again */
	struct flood_slow	*next;
};

static struct flood_slow	*flood_slow_table[FLOOD_SLOW_BUCKETS];

/* The bucket's chain, with the entries whose interval is over removed. */
static struct flood_slow **
flood_slow_bucket(int64_t room_id, int64_t user_id, int64_t now)
{
	struct flood_slow	**head, **p, *e;
	uint64_t		  h;

	h = (uint64_t)room_id * 0x9e3779b97f4a7c15ULL ^ (uint64_t)user_id;
	head = &flood_slow_table[h % FLOOD_SLOW_BUCKETS];
	for (p = head; (e = *p) != NULL;) {
		if (e->until_ms <= now) {
			*p = e->next;
			free(e);
		} else
			p = &e->next;
	}
	return (head);
}

static struct flood_slow *
flood_slow_find(struct flood_slow **head, int64_t room_id, int64_t user_id)
{
	struct flood_slow	*e;

	for (e = *head; e != NULL; e = e->next) {
		if (e->room_id == room_id && e->user_id == user_id)
			return (e);
	}
	return (NULL);
}

enum proto_error
flood_slow_check(struct op_ctx *ctx, const struct store_mod_scope *scope)
{
	const struct store_room	*room = &ctx->room;
	struct flood_slow	*e;
	int64_t			 now = now_ms();

	if (!policy_slow_mode_holds(ctx->me, room, scope))
		return (PROTO_OK);
	ctx->slow_s = room->slow_s;
	e = flood_slow_find(flood_slow_bucket(room->id, ctx->me->id, now),
	    room->id, ctx->me->id);
	if (e == NULL)
		return (PROTO_OK);
	ctx->retry_after_ms = (uint64_t)(e->until_ms - now);
	return (op_fail(ctx, PROTO_ERR_RATE_LIMITED, "%s is in slow mode: one "
	    "message every %d seconds each; you may write again in %lld "
	    "seconds", room->name, room->slow_s,
	    (long long)((ctx->retry_after_ms + 999) / 1000)));
}

void
flood_slow_spend(struct op_ctx *ctx)
{
	struct flood_slow	**head, *e;
	int64_t			  now = now_ms();

	head = flood_slow_bucket(ctx->room.id, ctx->me->id, now);
	if ((e = flood_slow_find(head, ctx->room.id, ctx->me->id)) == NULL) {
		e = xcalloc(1, sizeof *e);
		e->room_id = ctx->room.id;
		e->user_id = ctx->me->id;
		e->next = *head;
		*head = e;
	}
	e->until_ms = now + (int64_t)ctx->slow_s * 1000;
}
