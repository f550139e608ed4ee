/*
 * op_thread.c: the thread.* ops — starting a thread, reading its posts,
 * read markers, and the moderators' pin, lock and move. A thread the
 * person cannot read is "not_found", exactly like one that does not exist.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "boards.h"

/* thread.create */

static enum proto_error
boards_thread_create(struct op_ctx *ctx)
{
	struct boards_scope	 s = ctx->scope;
	struct store_post	 p;
	const char		*title, *body, *texts[2];
	enum proto_error	 err;
	uint32_t		 tags;
	int64_t			 id;

	if ((err = boards_check_postable(ctx, &s, false)) != PROTO_OK ||
	    (err = boards_title_arg(ctx, &title)) != PROTO_OK ||
	    (err = boards_tags_arg(ctx, "tags", &tags)) != PROTO_OK ||
	    (err = chat_body_arg(ctx, "body", &body)) != PROTO_OK ||
	    (err = op_guard(ctx, GUARD_SCOPE_BOARD, title)) != PROTO_OK ||
	    (err = op_guard(ctx, GUARD_SCOPE_BOARD, body)) != PROTO_OK)
		return (err);
	texts[0] = title;
	texts[1] = body;
	if ((err = words_admit_board(ctx, &s.board, texts, 2, true)) !=
	    PROTO_OK)
		return (err);
	memset(&p, 0, sizeof p);
	boards_post_init(ctx, &s, &p);
	p.body = body;
	/* A hold rule in the title or the first post keeps back the thread. */
	if (ctx->words.id != 0 && ctx->words.action == WORDS_HOLD)
		return (boards_hold(ctx, &p, title, tags));
	if (store_thread_create(server.store, title, tags, &p, &id) !=
	    STORE_OK || store_thread_get(server.store, id, boards_thread_copy,
	    &s.thread) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the thread was not saved"));
	boards_post_announce(ctx, &s, &p, boards_thread_json(&s.thread.t,
	    false));
	return (words_flag(ctx, STORE_ITEM_POST, p.id));
}

static enum proto_error
boards_thread_posts(struct op_ctx *ctx)
{
	struct boards_scope	s = ctx->scope;
	struct boards_page	 pg = { NULL, 0, false };
	enum proto_error	 err;
	int64_t			 after = 0, limit;
	bool			 more = false;

	if ((err = proto_get_int(ctx->req, "after", false, 0, INT64_MAX,
	    &after)) != PROTO_OK ||
	    (err = chat_limit_arg(ctx, PROTO_DEFAULT_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"after\" must be a post id and "
		    "\"limit\" 1 to %d", PROTO_MAX_PAGE));
	pg.posts = json_array();
	if (store_post_page(server.store, s.thread.t.id, after, (int)limit,
	    policy_can_see_hidden(&s.viewer, &s.board), boards_page_add, &pg,
	    &more) != STORE_OK) {
		json_decref(pg.posts);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "posts are unavailable"));
	}
	json_object_set_new(ctx->reply, "thread",
	    boards_thread_json(&s.thread.t, false));
	json_object_set_new(ctx->reply, "posts", pg.posts);
	json_object_set_new(ctx->reply, "more", json_boolean(more || pg.full));
	return (PROTO_OK);
}

/* thread.pin, .unpin, .lock, .unlock, .move */

/* Answers with the thread as it is now and tells who watches it or its board. */
static enum proto_error
boards_thread_changed(struct op_ctx *ctx, struct boards_scope *s)
{
	json_t	*thread;

	if (store_thread_get(server.store, s->thread.t.id, boards_thread_copy,
	    &s->thread) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the thread was not saved"));
	thread = boards_thread_json(&s->thread.t, false);
	json_object_set(ctx->reply, "thread", thread);
	boards_publish(ctx, &s->board, s->thread.t.id, json_pack("{s:s, s:o}",
	    "ev", "thread.update", "thread", thread));
	return (PROTO_OK);
}

static enum proto_error
boards_thread_flag(struct op_ctx *ctx, bool pin, bool value)
{
	struct boards_scope	s = ctx->scope;
	bool			pinned, locked;

	pinned = pin ? value : s.thread.t.pinned;
	locked = pin ? s.thread.t.locked : value;
	if (store_thread_set_flags(server.store, s.thread.t.id, pinned,
	    locked) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the thread was not saved"));
	return (boards_thread_changed(ctx, &s));
}

static enum proto_error
boards_thread_pin(struct op_ctx *ctx)
{
	return (boards_thread_flag(ctx, true, true));
}

static enum proto_error
boards_thread_unpin(struct op_ctx *ctx)
{
	return (boards_thread_flag(ctx, true, false));
}

static enum proto_error
boards_thread_lock(struct op_ctx *ctx)
{
	return (boards_thread_flag(ctx, false, true));
}

static enum proto_error
boards_thread_unlock(struct op_ctx *ctx)
{
	return (boards_thread_flag(ctx, false, false));
}

static enum proto_error
boards_thread_move(struct op_ctx *ctx)
{
	const struct boards_scope	*s = &ctx->scope;
	struct boards_scope		 to = ctx->to;

	if (to.board.id == s->board.id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "the thread is on that board already"));
	if (store_thread_move(server.store, s->thread.t.id, to.board.id) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the thread was not moved"));
	op_audit_detail(ctx, "from board %lld to board %lld",
	    (long long)s->board.id, (long long)to.board.id);
	/* Told as the new board allows: its readers only. */
	to.thread = s->thread;
	return (boards_thread_changed(ctx, &to));
}

/* thread.read */

static enum proto_error
boards_thread_read(struct op_ctx *ctx)
{
	struct boards_scope	s = ctx->scope;
	enum proto_error	err;
	int64_t			upto, after;

	if ((err = proto_get_int(ctx->req, "upto", true, 0, INT64_MAX,
	    &upto)) != PROTO_OK)
		return (op_fail(ctx, err, "\"upto\" must be a post id"));
	if (upto > s.thread.t.last_post_id)
		upto = s.thread.t.last_post_id;
	if (store_thread_read(server.store, ctx->me->id, s.thread.t.id,
	    upto, &after) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the marker was not saved"));
	json_object_set_new(ctx->reply, "read_upto", json_integer(after));
	return (PROTO_OK);
}

static const struct op_entry thread_ops[] = {
	{ "thread.create",	boards_thread_create,	0,
	    OP_TARGET_BOARD,	POLICY_READ_BOARD,	FLOOD_POST },
	{ "thread.posts",	boards_thread_posts,	0,
	    OP_TARGET_THREAD,	POLICY_READ_BOARD,	FLOOD_NONE },
	{ "thread.pin",	boards_thread_pin,	OP_AUDIT,
	    OP_TARGET_THREAD,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	{ "thread.unpin",	boards_thread_unpin,	OP_AUDIT,
	    OP_TARGET_THREAD,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	{ "thread.lock",	boards_thread_lock,	OP_AUDIT,
	    OP_TARGET_THREAD,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	{ "thread.unlock",	boards_thread_unlock,	OP_AUDIT,
	    OP_TARGET_THREAD,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	{ "thread.move",	boards_thread_move,	OP_AUDIT,
	    OP_TARGET_THREAD_MOVE,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	{ "thread.read",	boards_thread_read,	0,
	    OP_TARGET_THREAD,	POLICY_READ_BOARD,	FLOOD_NONE },
	OP_END
};

static const char *const thread_owns[] = { "thread", NULL };

const struct op_file op_thread_file = { thread_owns, thread_ops };
