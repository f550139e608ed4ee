/*
 * boards.c: discussion boards — boards, threads, posts, quotes, edits,
 * hiding, moderation, read state, mentions and watching. Every op resolves
 * what it names as the person sees it (policy.c decides): a board, thread
 * or post they cannot read is "not_found", exactly like one that does not
 * exist. Writes reach the group commit before any reply or event leaves.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "boards.h"

#define BOARDS_MAX_MENTIONS	20
#define BOARDS_MAX_WATCHERS	10000	/* people told of one post */

void
boards_thread_copy(const struct store_thread *t, void *arg)
{
	struct boards_thread	*bt = arg;

	bt->t = *t;
	snprintf(bt->author, sizeof bt->author, "%s", t->author);
	snprintf(bt->title, sizeof bt->title, "%s", t->title);
	bt->t.author = bt->author;
	bt->t.title = bt->title;
}

void
boards_post_copy(const struct store_post *p, void *arg)
{
	struct boards_post	*bp = arg;

	bp->p = *p;
	snprintf(bp->author, sizeof bp->author, "%s", p->author);
	bp->body = xstrdup(p->body);
	bp->quote_text = xstrdup(p->quote_text);
	bp->p.author = bp->author;
	bp->p.body = bp->body;
	bp->p.quote_text = bp->quote_text;
}

void
boards_post_free(struct boards_post *bp)
{
	free(bp->body);
	free(bp->quote_text);
	bp->body = bp->quote_text = NULL;
}

static json_t *
boards_tags_json(uint32_t tags)
{
	json_t		*a = json_array();
	unsigned	 i;

	for (i = 0; i < PROTO_TAG_COUNT; i++) {
		if (tags & (1U << i))
			json_array_append_new(a, json_string(proto_tag_name(i)));
	}
	return (a);
}

/* personal: the asking person's unread and read_upto (pages, not events). */
json_t *
boards_thread_json(const struct store_thread *t, bool personal)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:I, s:s, s:o, s:s, s:I, s:I, s:I, s:b, s:b}",
	    "id", (json_int_t)t->id, "board", (json_int_t)t->board_id,
	    "title", t->title, "tags", boards_tags_json(t->tags),
	    "author", t->author, "posts", (json_int_t)t->posts,
	    "created", (json_int_t)t->created_ms,
	    "last_post_ts", (json_int_t)t->last_post_ts,
	    "pinned", t->pinned, "locked", t->locked);
	if (personal) {
		json_object_set_new(obj, "unread", json_integer(t->unread));
		json_object_set_new(obj, "read_upto", json_integer(t->read_upto));
	}
	return (obj);
}

json_t *
boards_post_json(const struct store_post *p)
{
	json_t	*obj;

	obj = json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:b}",
	    "id", (json_int_t)p->id, "thread", (json_int_t)p->thread_id,
	    "board", (json_int_t)p->board_id, "author", p->author,
	    "body", p->body, "ts", (json_int_t)p->ts,
	    "edited", p->edited_ms != 0);
	if (p->edited_ms != 0)
		json_object_set_new(obj, "edited_ts", json_integer(p->edited_ms));
	if (p->quote_post != 0)
		json_object_set_new(obj, "quote", json_pack("{s:I, s:s}",
		    "post", (json_int_t)p->quote_post, "text", p->quote_text));
	else if (p->quote_text != NULL && *p->quote_text != '\0')
		/* The quoted post was purged (retention): its place only. */
		json_object_set_new(obj, "quote", json_pack("{s:s}", "text",
		    p->quote_text));
	if (p->hidden)
		json_object_set_new(obj, "hidden", json_true());
	if (p->personal_data)
		json_object_set_new(obj, "personal_data", json_true());
	return (obj);
}

/* An id field: a positive integer. */
enum proto_error
boards_id_arg(struct op_ctx *ctx, const char *key, bool required, int64_t *id)
{
	enum proto_error	err;

	*id = 0;
	if ((err = proto_get_int(ctx->req, key, required, 1, INT64_MAX,
	    id)) != PROTO_OK)
		return (op_fail(ctx, err, "\"%s\" must be a positive id", key));
	return (PROTO_OK);
}

/* The board with this id as the person sees it; not_found if they cannot. */
enum proto_error
boards_resolve_board(struct op_ctx *ctx, int64_t id, struct boards_scope *s)
{
	const struct store_user	*u = ctx->me;
	enum store_result	 res;

	res = store_board_get(server.store, id, u->id, &s->board);
	if (res == STORE_OK)
		res = store_viewer_by_id(server.store, u->id, id, &s->viewer);
	if (res != STORE_OK && res != STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "boards are unavailable"));
	if (res == STORE_NOT_FOUND || !policy_can_read_board(&s->viewer,
	    &s->board))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no board %lld",
		    (long long)id));
	return (PROTO_OK);
}

enum proto_error
boards_board_arg(struct op_ctx *ctx, const char *key, struct boards_scope *s)
{
	enum proto_error	err;
	int64_t			id;

	if ((err = boards_id_arg(ctx, key, true, &id)) != PROTO_OK)
		return (err);
	return (boards_resolve_board(ctx, id, s));
}

enum proto_error
boards_resolve_thread(struct op_ctx *ctx, int64_t id, struct boards_scope *s)
{
	enum store_result	res;
	enum proto_error	err;

	memset(&s->thread, 0, sizeof s->thread);
	res = store_thread_get(server.store, id, boards_thread_copy, &s->thread);
	if (res == STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no thread %lld",
		    (long long)id));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "boards are unavailable"));
	if ((err = boards_resolve_board(ctx, s->thread.t.board_id, s)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "no thread %lld", (long long)id));
	/* A thread whose every post is hidden is gone for all but moderators. */
	if (s->thread.t.posts == 0 && !policy_can_see_hidden(&s->viewer,
	    &s->board))
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no thread %lld",
		    (long long)id));
	return (PROTO_OK);
}

enum proto_error
boards_thread_arg(struct op_ctx *ctx, struct boards_scope *s)
{
	enum proto_error	err;
	int64_t			id;

	if ((err = boards_id_arg(ctx, "thread", true, &id)) != PROTO_OK)
		return (err);
	return (boards_resolve_thread(ctx, id, s));
}

/* The post as the person sees it: hidden posts exist only for moderators. */
enum proto_error
boards_post_arg(struct op_ctx *ctx, struct boards_scope *s,
    struct boards_post *bp)
{
	enum store_result	res;
	enum proto_error	err;
	int64_t			id;

	memset(bp, 0, sizeof *bp);
	if ((err = boards_id_arg(ctx, "post", true, &id)) != PROTO_OK)
		return (err);
	res = store_post_get(server.store, id, boards_post_copy, bp);
	if (res != STORE_OK && res != STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "posts are unavailable"));
	if (res == STORE_OK &&
	    boards_resolve_thread(ctx, bp->p.thread_id, s) == PROTO_OK &&
	    (!bp->p.hidden || policy_can_see_hidden(&s->viewer, &s->board)))
		return (PROTO_OK);
	boards_post_free(bp);
	return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "no post %lld", (long long)id));
}

/* New posts need a board open for posting and a thread that is not locked. */
enum proto_error
boards_check_postable(struct op_ctx *ctx, const struct boards_scope *s,
    bool in_thread)
{
	switch (policy_can_post_board(&s->viewer, &s->board,
	    in_thread ? &s->thread.t : NULL)) {
	case POLICY_YES:
		return (PROTO_OK);
	case POLICY_LOCKED:
		return (op_fail(ctx, PROTO_ERR_LOCKED, "the %s is %s",
		    s->board.archived ? "board" : "thread",
		    s->board.archived ? "archived" : "locked"));
	case POLICY_NO:
		break;
	}
	return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
	    "you may not post on this board"));
}

enum proto_error
boards_check_moderator(struct op_ctx *ctx, const struct boards_scope *s)
{
	if (!policy_can_moderate_board(&s->viewer, &s->board))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the board's moderators may do that"));
	return (PROTO_OK);
}

/*
 * Events: one encoding, sent to every session of every watcher who can
 * still read the board, except the session that made the change (its reply
 * says the same).
 */
struct boards_fanout {
	const struct store_board	*board;
	struct blob			*blob;
	struct conn			*except;
};

static void
boards_fanout_one(const struct store_viewer *v, void *arg)
{
	struct boards_fanout	*f = arg;

	if (policy_can_read_board(v, f->board))
		hub_publish_user_except(v->user_id, f->blob, f->except);
}

void
boards_publish(struct op_ctx *ctx, const struct store_board *board,
    int64_t thread_id, json_t *ev)
{
	struct boards_fanout	f = { board, blob_encode(ev), ctx->conn };

	if (f.blob == NULL)
		return;
	if (store_watchers(server.store, board->id, thread_id,
	    BOARDS_MAX_WATCHERS, boards_fanout_one, &f) != STORE_OK)
		log_warn("boards: watchers of thread %lld unavailable",
		    (long long)thread_id);
	blob_unref(f.blob);
}

/* Everyone watching learns only that the post went. */
void
boards_publish_hidden(struct op_ctx *ctx, const struct store_board *board,
    const struct store_post *p)
{
	boards_publish(ctx, board, p->thread_id, json_pack(
	    "{s:s, s:{s:I, s:I, s:I, s:b}}", "ev", "post.edit", "post",
	    "id", (json_int_t)p->id, "thread", (json_int_t)p->thread_id,
	    "board", (json_int_t)p->board_id, "hidden", 1));
}

/* Tells each person named in the post whom policy_can_mention allows. */
static void
boards_mentions(const struct boards_scope *s, const struct store_post *p,
    json_t *post)
{
	struct blob		*event = NULL;
	struct store_viewer	 v;
	const char		*cursor = p->body;
	char			 handle[PROTO_HANDLE_MAX + 1];
	char			 seen[BOARDS_MAX_MENTIONS][PROTO_HANDLE_MAX + 1];
	size_t			 nseen = 0, i;
	bool			 blocked;

	while (nseen < BOARDS_MAX_MENTIONS &&
	    proto_mention_next(p->body, &cursor, handle)) {
		for (i = 0; i < nseen; i++) {
			if (strcmp(seen[i], handle) == 0)
				break;
		}
		if (i < nseen)
			continue;
		memcpy(seen[nseen++], handle, sizeof handle);
		if (store_viewer_by_handle(server.store, handle, s->board.id,
		    &v) != STORE_OK ||
		    store_blocked_between(server.store, v.user_id, p->user_id,
		    &blocked) != STORE_OK ||
		    !policy_can_mention(&v, &s->board, p->user_id, blocked) ||
		    store_post_mention_add(server.store, v.user_id, s->board.id,
		    p->id) != STORE_OK)
			continue;
		if (event == NULL)
			event = blob_encode(json_pack("{s:s, s:O}", "ev",
			    "mention", "post", post));
		hub_publish_user(v.user_id, event);
	}
	blob_unref(event);
}

/* Fills in who posts where and when. */
void
boards_post_init(struct op_ctx *ctx, const struct boards_scope *s,
    struct store_post *p)
{
	p->board_id = s->board.id;
	p->user_id = ctx->me->id;
	p->author = ctx->me->handle;
	p->ts = now_ms();
	/* The op's guard let a flagged title or body through on confirmation. */
	p->personal_data = ctx->guard_confirmed;
}

/*
 * Answers with the stored post and tells watchers and the mentioned. A new
 * thread comes along in the event too, so a watcher's board list counts it.
 */
void
boards_post_announce(struct op_ctx *ctx, const struct boards_scope *s,
    const struct store_post *p, json_t *thread)
{
	json_t	*post = boards_post_json(p), *ev;

	json_object_set(ctx->reply, "post", post);
	ev = json_pack("{s:s, s:O}", "ev", "post", "post", post);
	if (thread != NULL) {
		json_object_set(ctx->reply, "thread", thread);
		json_object_set_new(ev, "thread", thread);
	}
	boards_publish(ctx, &s->board, p->thread_id, ev);
	boards_mentions(s, p, post);
	json_decref(post);
}

enum proto_error
boards_tags_arg(struct op_ctx *ctx, const char *key, uint32_t *tags)
{
	json_t		*a, *v;
	const char	*name;
	size_t		 i;
	unsigned	 bit;

	*tags = 0;
	if ((a = json_object_get(ctx->req, key)) == NULL || json_is_null(a))
		return (PROTO_OK);
	if (!json_is_array(a) || json_array_size(a) > PROTO_MAX_TAGS)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%s\" must be a list of at most %d tags", key,
		    PROTO_MAX_TAGS));
	json_array_foreach(a, i, v) {
		name = json_is_string(v) ? json_string_value(v) : "?";
		if (!json_is_string(v) || !proto_tag_parse(name, &bit))
			return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
			    "\"%.*s\" is not a tag (see PROTOCOL.md)",
			    proto_text_cut(name, 40), name));
		*tags |= 1U << bit;
	}
	return (PROTO_OK);
}

/* One tag id in the "tag" field (filters). */
enum proto_error
boards_tag_arg(struct op_ctx *ctx, uint32_t *tags)
{
	const char		*name = NULL;
	enum proto_error	 err;
	unsigned		 bit;

	*tags = 0;
	if ((err = proto_get_string(ctx->req, "tag", false, &name)) != PROTO_OK)
		return (op_fail(ctx, err, "\"tag\" must be a tag id"));
	if (name == NULL)
		return (PROTO_OK);
	if (!proto_tag_parse(name, &bit))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"%.*s\" is not a tag (see PROTOCOL.md)",
		    proto_text_cut(name, 40), name));
	*tags = 1U << bit;
	return (PROTO_OK);
}

enum proto_error
boards_title_arg(struct op_ctx *ctx, const char **title)
{
	enum proto_error	 err;
	size_t			 chars;
	const char		*p;

	if ((err = proto_get_string(ctx->req, "title", true, title)) != PROTO_OK)
		return (op_fail(ctx, err, "\"title\" must be a string"));
	if (proto_name_check(*title, strlen(*title), &chars) != PROTO_OK)
		return (op_fail(ctx, PROTO_ERR_BAD_TEXT,
		    "a title is " PROTO_NAME_RULE));
	if (chars > PROTO_MAX_TITLE)
		return (op_fail(ctx, PROTO_ERR_TOO_LONG,
		    "a title is at most %d characters", PROTO_MAX_TITLE));
	for (p = *title; *p == ' '; p++)
		;
	if (*p == '\0')
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST, "the title is empty"));
	return (PROTO_OK);
}

/* The boards the person can read, for search. Caller frees. */
struct boards_readable {
	struct store_viewer	 viewer;
	int64_t			*ids;
	size_t			 n;
};

static void
boards_readable_cb(const struct store_board *b, void *arg)
{
	struct boards_readable	*r = arg;

	r->viewer.member = b->member;
	if (!policy_can_read_board(&r->viewer, b))
		return;
	r->ids = xrealloc(r->ids, (r->n + 1) * sizeof *r->ids);
	r->ids[r->n++] = b->id;
}

bool
boards_readable(const struct store_user *u, int64_t **ids, size_t *n)
{
	struct boards_readable	r = { .ids = NULL, .n = 0 };

	if (store_viewer_by_id(server.store, u->id, 0, &r.viewer) != STORE_OK ||
	    store_board_list(server.store, u->id, boards_readable_cb, &r) !=
	    STORE_OK) {
		free(r.ids);
		return (false);
	}
	*ids = r.ids;
	*n = r.n;
	return (true);
}

/* For search: the board in field key if the person can read it. */
enum proto_error
boards_search_board_arg(struct op_ctx *ctx, int64_t *id)
{
	struct boards_scope	s;
	enum proto_error	err;

	if ((err = boards_id_arg(ctx, "board", false, id)) != PROTO_OK ||
	    *id == 0)
		return (err);
	return (boards_resolve_board(ctx, *id, &s));
}

void
boards_page_add(const struct store_post *p, void *arg)
{
	struct boards_page	*pg = arg;
	size_t			 size = strlen(p->body) + strlen(p->quote_text) +
				    BOARDS_POST_OVERHEAD;

	if (pg->full || (pg->bytes + size > PROTO_MAX_PAGE_BYTES &&
	    json_array_size(pg->posts) > 0)) {
		pg->full = true;
		return;
	}
	pg->bytes += size;
	json_array_append_new(pg->posts, boards_post_json(p));
}
