/*
 * op_board.c: boards.list, board.threads, and watching a thread or a whole
 * board (watch, unwatch). A board the person cannot read is "not_found",
 * exactly like one that does not exist.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "boards.h"

/* boards.list */

struct boards_list {
	struct store_viewer	 viewer;	/* member is set per board */
	json_t			*boards;
	bool			 failed;
};

static void
boards_list_cb(const struct store_board *b, void *arg)
{
	struct boards_list		*l = arg;
	struct store_board_counts	 n;
	json_t				*obj;

	l->viewer.member = b->member;
	if (!policy_can_read_board(&l->viewer, b))
		return;
	obj = json_pack("{s:I, s:s, s:s, s:b, s:b}", "id", (json_int_t)b->id,
	    "name", b->name, "scope", b->scope_ref, "archived", b->archived,
	    "moderator", policy_can_moderate_board(&l->viewer, b));
	json_array_append_new(l->boards, obj);
	if (store_board_counts(server.store, b->id, l->viewer.user_id,
	    BOARDS_COUNT_CAP, &n) != STORE_OK) {
		l->failed = true;
		return;
	}
	json_object_set_new(obj, "unread", json_integer(n.unread));
	json_object_set_new(obj, "mentions", json_integer(n.mentions));
	json_object_set_new(obj, "threads", json_integer(n.threads));
}

static enum proto_error
boards_list(struct op_ctx *ctx)
{
	struct boards_list	l = { .failed = false };
	int64_t			uid = ctx->me->id;

	if (store_viewer_by_id(server.store, uid, 0, &l.viewer) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "boards are unavailable"));
	l.boards = json_array();
	if (store_board_list(server.store, uid, boards_list_cb, &l) !=
	    STORE_OK || l.failed) {
		json_decref(l.boards);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "boards are unavailable"));
	}
	json_object_set_new(ctx->reply, "boards", l.boards);
	return (PROTO_OK);
}

/* board.threads */

static void
boards_threads_add(const struct store_thread *t, void *arg)
{
	json_array_append_new(arg, boards_thread_json(t, true));
}

static enum proto_error
boards_threads(struct op_ctx *ctx)
{
	struct boards_scope	 s = ctx->scope, cursor;
	struct store_thread_page page;
	enum proto_error	 err;
	int64_t			 before, limit;
	json_t			*threads;
	bool			 more = false;

	if ((err = boards_id_arg(ctx, "before", false, &before)) != PROTO_OK ||
	    (err = boards_tag_arg(ctx, &page.tags)) != PROTO_OK)
		return (err);
	if ((err = chat_limit_arg(ctx, PROTO_DEFAULT_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_PAGE));
	page.board_id = s.board.id;
	page.user_id = ctx->me->id;
	page.after_pinned = 1;
	page.after_last = INT64_MAX;
	page.with_empty = policy_can_see_hidden(&s.viewer, &s.board);
	page.limit = (int)limit;
	page.cap = BOARDS_COUNT_CAP;
	if (before != 0) {
		if ((err = boards_resolve_thread(ctx, before, &cursor)) !=
		    PROTO_OK)
			return (err);
		if (cursor.thread.t.board_id != s.board.id)
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "\"before\" is not a thread of board %lld",
			    (long long)s.board.id));
		page.after_pinned = cursor.thread.t.pinned;
		page.after_last = cursor.thread.t.last_post_id;
	}
	threads = json_array();
	if (store_thread_page(server.store, &page, boards_threads_add, threads,
	    &more) != STORE_OK) {
		json_decref(threads);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "threads are unavailable"));
	}
	json_object_set_new(ctx->reply, "threads", threads);
	json_object_set_new(ctx->reply, "more", json_boolean(more));
	return (PROTO_OK);
}

/* watch, unwatch */

static enum proto_error
boards_watch_set(struct op_ctx *ctx, bool on)
{
	struct boards_scope	s;
	enum proto_error	err;
	enum watch_kind		kind;
	int64_t			board, thread, target;

	if ((err = boards_id_arg(ctx, "board", false, &board)) != PROTO_OK ||
	    (err = boards_id_arg(ctx, "thread", false, &thread)) != PROTO_OK)
		return (err);
	if ((board == 0) == (thread == 0))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "name a \"board\" or a \"thread\", not both"));
	kind = thread != 0 ? WATCH_THREAD : WATCH_BOARD;
	target = thread != 0 ? thread : board;
	if ((err = thread != 0 ? boards_resolve_thread(ctx, thread, &s) :
	    boards_resolve_board(ctx, board, &s)) != PROTO_OK)
		return (err);
	if (store_watch_set(server.store, kind, target, ctx->me->id,
	    on) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the watch was not saved"));
	return (PROTO_OK);
}

static enum proto_error
boards_watch(struct op_ctx *ctx)
{
	return (boards_watch_set(ctx, true));
}

static enum proto_error
boards_unwatch(struct op_ctx *ctx)
{
	return (boards_watch_set(ctx, false));
}

static const struct op_entry board_ops[] = {
	{ "boards.list",	boards_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "board.threads",	boards_threads,	0,
	    OP_TARGET_BOARD,	POLICY_READ_BOARD,	FLOOD_NONE },
	{ "watch",	boards_watch,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "unwatch",	boards_unwatch,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const board_owns[] = { "boards", "board", "watch", "unwatch", NULL };

const struct op_file op_board_file = { board_owns, board_ops };
