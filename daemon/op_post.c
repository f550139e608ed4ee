/*
 * op_post.c: the post.* and posts.* ops — replies (with a quote), edits
 * (every earlier body kept), hiding and showing again, and the moderators'
 * list of hidden posts. A post the person cannot read is "not_found".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"
#include "boards.h"

/* post.reply */

/*
 * A quote names a visible post of the same thread and carries text found,
 * exactly, in that post's current body.
 */
static enum proto_error
boards_quote_arg(struct op_ctx *ctx, const struct boards_scope *s,
    struct store_post *p, struct boards_post *quoted)
{
	json_t			*q;
	const char		*text = NULL;
	enum proto_error	 err;
	int64_t			 id = 0;

	if ((q = json_object_get(ctx->req, "quote")) == NULL || json_is_null(q))
		return (PROTO_OK);
	if (!json_is_object(q))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"quote\" must be {\"post\": id, \"text\": \"...\"}"));
	if ((err = proto_get_int(q, "post", true, 1, INT64_MAX, &id)) !=
	    PROTO_OK ||
	    (err = proto_get_text(q, "text", true, PROTO_MAX_QUOTE, &text)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "a quote is a post id and 1 to %d "
		    "characters of its text", PROTO_MAX_QUOTE));
	if (*text == '\0' || store_post_get(server.store, id, boards_post_copy,
	    quoted) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "the quote must name a post of this thread and some of its text"));
	if (quoted->p.thread_id != s->thread.t.id || quoted->p.hidden ||
	    strstr(quoted->p.body, text) == NULL)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "the quote must name a post of this thread and some of its text"));
	p->quote_post = id;
	p->quote_text = text;
	return (PROTO_OK);
}

static enum proto_error
boards_reply(struct op_ctx *ctx)
{
	struct boards_scope	 s = ctx->scope;
	struct boards_post	 quoted;
	struct store_post	 p;
	enum proto_error	 err;

	memset(&p, 0, sizeof p);
	memset(&quoted, 0, sizeof quoted);
	if ((err = boards_check_postable(ctx, &s, true)) == PROTO_OK &&
	    (err = chat_body_arg(ctx, "body", &p.body)) == PROTO_OK &&
	    (err = boards_quote_arg(ctx, &s, &p, &quoted)) == PROTO_OK &&
	    (err = op_guard(ctx, GUARD_SCOPE_BOARD, p.body)) == PROTO_OK &&
	    (err = words_admit_board(ctx, &s.board, &p.body, 1, true)) ==
	    PROTO_OK) {
		boards_post_init(ctx, &s, &p);
		p.thread_id = s.thread.t.id;
		if (ctx->words.id != 0 && ctx->words.action == WORDS_HOLD)
			err = boards_hold(ctx, &p, NULL, 0);
		else if (store_post_add(server.store, &p, &p.id) != STORE_OK)
			err = op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the post was not saved");
		else {
			boards_post_announce(ctx, &s, &p, NULL);
			err = words_flag(ctx, STORE_ITEM_POST, p.id);
		}
	}
	boards_post_free(&quoted);
	return (err);
}

/* post.edit, post.history, post.delete, post.restore */

/* Reads the post again and tells the thread's watchers. */
static enum proto_error
boards_post_changed(struct op_ctx *ctx, const struct boards_scope *s,
    int64_t id, bool reply)
{
	struct boards_post	 bp;
	json_t			*post;

	memset(&bp, 0, sizeof bp);
	if (store_post_get(server.store, id, boards_post_copy, &bp) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the post was not saved"));
	post = boards_post_json(&bp.p);
	boards_post_free(&bp);
	if (reply)
		json_object_set(ctx->reply, "post", post);
	boards_publish(ctx, &s->board, s->thread.t.id, json_pack("{s:s, s:o}",
	    "ev", "post.edit", "post", post));
	return (PROTO_OK);
}

static enum proto_error
boards_post_edit(struct op_ctx *ctx)
{
	const struct boards_scope	*s = &ctx->scope;
	const struct boards_post	*bp = &ctx->post;
	const char			*body;
	enum proto_error		 err = PROTO_OK;

	if (bp->p.hidden)
		err = op_fail(ctx, PROTO_ERR_NOT_FOUND, "the post is hidden");
	else if (!policy_can_edit_post(&s->viewer, &s->board, bp->p.user_id))
		err = op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the author may edit a post");
	else if ((err = boards_check_postable(ctx, s, true)) == PROTO_OK &&
	    (err = chat_body_arg(ctx, "body", &body)) == PROTO_OK &&
	    (err = op_guard(ctx, GUARD_SCOPE_BOARD, body)) == PROTO_OK &&
	    (err = words_admit_board(ctx, &s->board, &body, 1, false)) ==
	    PROTO_OK) {
		if (store_post_edit(server.store, bp->p.id, body, now_ms(),
		    ctx->guard_confirmed) != STORE_OK)
			err = op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the post was not saved");
		else if ((err = boards_post_changed(ctx, s, bp->p.id, true)) ==
		    PROTO_OK)
			err = words_flag(ctx, STORE_ITEM_POST, bp->p.id);
	}
	return (err);
}

static void
boards_version_add(int64_t ts, const char *body, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s}", "ts", (json_int_t)ts,
	    "body", body));
}

static enum proto_error
boards_post_history(struct op_ctx *ctx)
{
	json_t	*versions = json_array();

	if (store_post_versions(server.store, ctx->post.p.id, boards_version_add,
	    versions) != STORE_OK) {
		json_decref(versions);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "history is unavailable"));
	}
	json_object_set_new(ctx->reply, "versions", versions);
	return (PROTO_OK);
}

static enum proto_error
boards_post_delete(struct op_ctx *ctx)
{
	const struct boards_scope	*s = &ctx->scope;
	const struct store_post		*p = &ctx->post.p;

	if (p->hidden)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND,
		    "the post is hidden already"));
	if (!policy_can_hide_post(&s->viewer, &s->board, p->user_id))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the author or a moderator may delete a post"));
	if (store_post_set_hidden(server.store, p->id, true, ctx->me->id) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the post was not hidden"));
	/* An author deleting their own post is no moderator's act. */
	ctx->audit.skip = p->user_id == ctx->me->id;
	op_audit_target(ctx, "post", p->id);
	op_audit_detail(ctx, "thread %lld by user %lld",
	    (long long)p->thread_id, (long long)p->user_id);
	boards_publish_hidden(ctx, &s->board, p);
	return (PROTO_OK);
}

static enum proto_error
boards_post_restore(struct op_ctx *ctx)
{
	const struct store_post	*p = &ctx->post.p;

	if (!p->hidden)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "the post is not hidden"));
	op_audit_detail(ctx, "thread %lld by user %lld",
	    (long long)p->thread_id, (long long)p->user_id);
	if (store_post_set_hidden(server.store, p->id, false, 0) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL,
		    "the post was not restored"));
	return (boards_post_changed(ctx, &ctx->scope, p->id, true));
}

/* post.report: to the queue of the board's scope. */
static enum proto_error
boards_post_report(struct op_ctx *ctx)
{
	const struct store_board	*b = &ctx->scope.board;
	const struct store_post		*p = &ctx->post.p;
	struct store_mod_scope		 scope;

	/* A series' board is moderated as a private one: by admins. */
	scope.scope = b->scope == BOARD_SERIES ? BOARD_PRIVATE : b->scope;
	scope.region_id = b->region_id;
	scope.trust_id = b->trust_id;
	/* Hidden posts are the moderators' already: like missing ones. */
	if (p->hidden)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no post %lld",
		    (long long)p->id));
	return (mod_report(ctx, STORE_ITEM_POST, p->id, p->user_id, &scope));
}

/* posts.hidden */

static enum proto_error
boards_posts_hidden(struct op_ctx *ctx)
{
	const struct boards_scope	*s = &ctx->scope;
	struct boards_page	 pg = { NULL, 0, false };
	enum proto_error	 err;
	int64_t			 before = 0, limit;
	bool			 more = false;

	if ((err = boards_id_arg(ctx, "before", false, &before)) != PROTO_OK)
		return (err);
	if ((err = chat_limit_arg(ctx, PROTO_DEFAULT_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_PAGE));
	pg.posts = json_array();
	if (store_post_hidden_page(server.store, s->board.id, before, (int)limit,
	    boards_page_add, &pg, &more) != STORE_OK) {
		json_decref(pg.posts);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "posts are unavailable"));
	}
	json_object_set_new(ctx->reply, "posts", pg.posts);
	json_object_set_new(ctx->reply, "more", json_boolean(more || pg.full));
	return (PROTO_OK);
}

static const struct op_entry post_ops[] = {
	{ "post.reply",	boards_reply,	0,
	    OP_TARGET_THREAD,	POLICY_READ_BOARD,	FLOOD_POST },
	{ "post.edit",	boards_post_edit,	0,
	    OP_TARGET_POST,	POLICY_NONE,	FLOOD_POST },
	{ "post.history",	boards_post_history,	0,
	    OP_TARGET_POST,	POLICY_NONE,	FLOOD_NONE },
	{ "post.delete",	boards_post_delete,	OP_AUDIT,
	    OP_TARGET_POST,	POLICY_NONE,	FLOOD_NONE },
	{ "post.restore",	boards_post_restore,	OP_AUDIT,
	    OP_TARGET_POST,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	{ "post.report",	boards_post_report,	OP_GUARD_REASON,
	    OP_TARGET_POST,	POLICY_NONE,	FLOOD_NONE },
	{ "posts.hidden",	boards_posts_hidden,	0,
	    OP_TARGET_BOARD,	POLICY_MODERATE_BOARD,	FLOOD_NONE },
	OP_END
};

static const char *const post_owns[] = { "post", "posts", NULL };

const struct op_file op_post_file = { post_owns, post_ops };
