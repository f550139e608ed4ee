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

#include "op.h"

#define BOARDS_COUNT_CAP	9999
#define BOARDS_MAX_MENTIONS	20
#define BOARDS_MAX_WATCHERS	10000	/* people told of one post */
/* Encoded size of a post beside its body and quote, for bounding pages. */
#define BOARDS_POST_OVERHEAD	256

/* A thread copied out of its row, with the board it is on and who looks. */
struct boards_thread {
	struct store_thread	 t;
	char			 author[PROTO_HANDLE_MAX + 1];
	char			 title[PROTO_MAX_TITLE * 4 + 1];
};

struct boards_post {
	struct store_post	 p;
	char			 author[PROTO_HANDLE_MAX + 1];
	char			*body;
	char			*quote_text;
};

/* What an op works on: the board, how the person sees it, perhaps a thread. */
struct boards_scope {
	struct store_board	 board;
	struct store_viewer	 viewer;
	struct boards_thread	 thread;
};

static void
boards_thread_copy(const struct store_thread *t, void *arg)
{
	struct boards_thread	*bt = arg;

	bt->t = *t;
	snprintf(bt->author, sizeof bt->author, "%s", t->author);
	snprintf(bt->title, sizeof bt->title, "%s", t->title);
	bt->t.author = bt->author;
	bt->t.title = bt->title;
}

static void
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

static void
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
static json_t *
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

static json_t *
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
	if (p->hidden)
		json_object_set_new(obj, "hidden", json_true());
	return (obj);
}

/* An id field: a positive integer. */
static enum proto_error
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
static enum proto_error
boards_resolve_board(struct op_ctx *ctx, int64_t id, struct boards_scope *s)
{
	const struct store_user	*u = &ctx->conn->user;
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

static enum proto_error
boards_board_arg(struct op_ctx *ctx, const char *key, struct boards_scope *s)
{
	enum proto_error	err;
	int64_t			id;

	if ((err = boards_id_arg(ctx, key, true, &id)) != PROTO_OK)
		return (err);
	return (boards_resolve_board(ctx, id, s));
}

static enum proto_error
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

static enum proto_error
boards_thread_arg(struct op_ctx *ctx, struct boards_scope *s)
{
	enum proto_error	err;
	int64_t			id;

	if ((err = boards_id_arg(ctx, "thread", true, &id)) != PROTO_OK)
		return (err);
	return (boards_resolve_thread(ctx, id, s));
}

/* The post as the person sees it: hidden posts exist only for moderators. */
static enum proto_error
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
static enum proto_error
boards_check_postable(struct op_ctx *ctx, const struct boards_scope *s,
    bool in_thread)
{
	if (s->board.archived)
		return (op_fail(ctx, PROTO_ERR_LOCKED, "the board is archived"));
	if (in_thread && s->thread.t.locked)
		return (op_fail(ctx, PROTO_ERR_LOCKED, "the thread is locked"));
	if (!policy_can_post_board(&s->viewer, &s->board))
		return (op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "you may not post on this board"));
	return (PROTO_OK);
}

static enum proto_error
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

static void
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
	bool			 blocks;

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
		    store_blocks(server.store, v.user_id, p->user_id, &blocks) !=
		    STORE_OK ||
		    !policy_can_mention(&v, &s->board, p->user_id, blocks) ||
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
static void
boards_post_init(struct op_ctx *ctx, const struct boards_scope *s,
    struct store_post *p)
{
	p->board_id = s->board.id;
	p->user_id = ctx->conn->user.id;
	p->author = ctx->conn->user.handle;
	p->ts = now_ms();
}

/* Answers with the stored post and tells watchers and the mentioned. */
static void
boards_post_announce(struct op_ctx *ctx, const struct boards_scope *s,
    const struct store_post *p)
{
	json_t	*post = boards_post_json(p);

	json_object_set(ctx->reply, "post", post);
	boards_publish(ctx, &s->board, p->thread_id, json_pack("{s:s, s:O}",
	    "ev", "post", "post", post));
	boards_mentions(s, p, post);
	json_decref(post);
}

static enum proto_error
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

static enum proto_error
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
	int64_t			uid = ctx->conn->user.id;

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
	struct boards_scope	 s, cursor;
	struct store_thread_page page;
	enum proto_error	 err;
	int64_t			 before, limit;
	json_t			*threads;
	bool			 more = false;

	if ((err = boards_board_arg(ctx, "board", &s)) != PROTO_OK ||
	    (err = boards_id_arg(ctx, "before", false, &before)) != PROTO_OK ||
	    (err = boards_tag_arg(ctx, &page.tags)) != PROTO_OK)
		return (err);
	if ((err = chat_limit_arg(ctx, PROTO_DEFAULT_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_PAGE));
	page.board_id = s.board.id;
	page.user_id = ctx->conn->user.id;
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

/* thread.create */

static enum proto_error
boards_thread_create(struct op_ctx *ctx)
{
	struct boards_scope	 s;
	struct store_post	 p;
	const char		*title, *body;
	enum proto_error	 err;
	uint32_t		 tags;
	int64_t			 id;

	if ((err = boards_board_arg(ctx, "board", &s)) != PROTO_OK ||
	    (err = boards_check_postable(ctx, &s, false)) != PROTO_OK ||
	    (err = boards_title_arg(ctx, &title)) != PROTO_OK ||
	    (err = boards_tags_arg(ctx, "tags", &tags)) != PROTO_OK ||
	    (err = chat_body_arg(ctx, "body", &body)) != PROTO_OK ||
	    (err = flood_take(ctx, FLOOD_POST)) != PROTO_OK)
		return (err);
	memset(&p, 0, sizeof p);
	boards_post_init(ctx, &s, &p);
	p.body = body;
	if (store_thread_create(server.store, title, tags, &p, &id) !=
	    STORE_OK || store_thread_get(server.store, id, boards_thread_copy,
	    &s.thread) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the thread was not saved"));
	json_object_set_new(ctx->reply, "thread",
	    boards_thread_json(&s.thread.t, false));
	boards_post_announce(ctx, &s, &p);
	return (PROTO_OK);
}

/* thread.posts */

struct boards_page {
	json_t	*posts;
	size_t	 bytes;
	bool	 full;
};

static void
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

static enum proto_error
boards_thread_posts(struct op_ctx *ctx)
{
	struct boards_scope	 s;
	struct boards_page	 pg = { NULL, 0, false };
	enum proto_error	 err;
	int64_t			 after = 0, limit;
	bool			 more = false;

	if ((err = boards_thread_arg(ctx, &s)) != PROTO_OK)
		return (err);
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
	struct boards_scope	 s;
	struct boards_post	 quoted;
	struct store_post	 p;
	enum proto_error	 err;

	memset(&p, 0, sizeof p);
	memset(&quoted, 0, sizeof quoted);
	if ((err = boards_thread_arg(ctx, &s)) == PROTO_OK &&
	    (err = boards_check_postable(ctx, &s, true)) == PROTO_OK &&
	    (err = chat_body_arg(ctx, "body", &p.body)) == PROTO_OK &&
	    (err = boards_quote_arg(ctx, &s, &p, &quoted)) == PROTO_OK &&
	    (err = flood_take(ctx, FLOOD_POST)) == PROTO_OK) {
		boards_post_init(ctx, &s, &p);
		p.thread_id = s.thread.t.id;
		if (store_post_add(server.store, &p, &p.id) != STORE_OK)
			err = op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the post was not saved");
		else
			boards_post_announce(ctx, &s, &p);
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
	struct boards_scope	 s;
	struct boards_post	 bp;
	const char		*body;
	enum proto_error	 err;

	if ((err = boards_post_arg(ctx, &s, &bp)) != PROTO_OK)
		return (err);
	if (bp.p.hidden)
		err = op_fail(ctx, PROTO_ERR_NOT_FOUND, "the post is hidden");
	else if (!policy_can_edit_post(&s.viewer, &s.board, bp.p.user_id))
		err = op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the author may edit a post");
	else if ((err = boards_check_postable(ctx, &s, true)) == PROTO_OK &&
	    (err = chat_body_arg(ctx, "body", &body)) == PROTO_OK &&
	    (err = flood_take(ctx, FLOOD_POST)) == PROTO_OK) {
		if (store_post_edit(server.store, bp.p.id, body, now_ms()) !=
		    STORE_OK)
			err = op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the post was not saved");
		else
			err = boards_post_changed(ctx, &s, bp.p.id, true);
	}
	boards_post_free(&bp);
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
	struct boards_scope	 s;
	struct boards_post	 bp;
	enum proto_error	 err;
	json_t			*versions;

	if ((err = boards_post_arg(ctx, &s, &bp)) != PROTO_OK)
		return (err);
	versions = json_array();
	if (store_post_versions(server.store, bp.p.id, boards_version_add,
	    versions) != STORE_OK) {
		json_decref(versions);
		err = op_fail(ctx, PROTO_ERR_INTERNAL, "history is unavailable");
	} else
		json_object_set_new(ctx->reply, "versions", versions);
	boards_post_free(&bp);
	return (err);
}

static enum proto_error
boards_post_delete(struct op_ctx *ctx)
{
	struct boards_scope	 s;
	struct boards_post	 bp;
	enum proto_error	 err;

	if ((err = boards_post_arg(ctx, &s, &bp)) != PROTO_OK)
		return (err);
	if (bp.p.hidden)
		err = op_fail(ctx, PROTO_ERR_NOT_FOUND, "the post is hidden already");
	else if (!policy_can_hide_post(&s.viewer, &s.board, bp.p.user_id))
		err = op_fail(ctx, PROTO_ERR_FORBIDDEN,
		    "only the author or a moderator may delete a post");
	else if (store_post_set_hidden(server.store, bp.p.id, true,
	    ctx->conn->user.id) != STORE_OK)
		err = op_fail(ctx, PROTO_ERR_INTERNAL, "the post was not hidden");
	else
		/* Everyone watching learns only that it went. */
		boards_publish(ctx, &s.board, s.thread.t.id, json_pack(
		    "{s:s, s:{s:I, s:I, s:I, s:b}}", "ev", "post.edit", "post",
		    "id", (json_int_t)bp.p.id, "thread", (json_int_t)bp.p.thread_id,
		    "board", (json_int_t)bp.p.board_id, "hidden", 1));
	boards_post_free(&bp);
	return (err);
}

static enum proto_error
boards_post_restore(struct op_ctx *ctx)
{
	struct boards_scope	 s;
	struct boards_post	 bp;
	enum proto_error	 err;

	if ((err = boards_post_arg(ctx, &s, &bp)) != PROTO_OK)
		return (err);
	err = boards_check_moderator(ctx, &s);
	if (err == PROTO_OK && !bp.p.hidden)
		err = op_fail(ctx, PROTO_ERR_NOT_FOUND, "the post is not hidden");
	if (err == PROTO_OK) {
		if (store_post_set_hidden(server.store, bp.p.id, false, 0) !=
		    STORE_OK)
			err = op_fail(ctx, PROTO_ERR_INTERNAL,
			    "the post was not restored");
		else
			err = boards_post_changed(ctx, &s, bp.p.id, true);
	}
	boards_post_free(&bp);
	return (err);
}

/* posts.hidden */

static enum proto_error
boards_posts_hidden(struct op_ctx *ctx)
{
	struct boards_scope	 s;
	struct boards_page	 pg = { NULL, 0, false };
	enum proto_error	 err;
	int64_t			 before = 0, limit;
	bool			 more = false;

	if ((err = boards_board_arg(ctx, "board", &s)) != PROTO_OK ||
	    (err = boards_check_moderator(ctx, &s)) != PROTO_OK ||
	    (err = boards_id_arg(ctx, "before", false, &before)) != PROTO_OK)
		return (err);
	if ((err = chat_limit_arg(ctx, PROTO_DEFAULT_PAGE, &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_PAGE));
	pg.posts = json_array();
	if (store_post_hidden_page(server.store, s.board.id, before, (int)limit,
	    boards_page_add, &pg, &more) != STORE_OK) {
		json_decref(pg.posts);
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "posts are unavailable"));
	}
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
	struct boards_scope	s;
	enum proto_error	err;
	bool			pinned, locked;

	if ((err = boards_thread_arg(ctx, &s)) != PROTO_OK ||
	    (err = boards_check_moderator(ctx, &s)) != PROTO_OK)
		return (err);
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
	struct boards_scope	s, to;
	enum proto_error	err;
	int64_t			board;

	if ((err = boards_id_arg(ctx, "board", true, &board)) != PROTO_OK ||
	    (err = boards_thread_arg(ctx, &s)) != PROTO_OK ||
	    (err = boards_check_moderator(ctx, &s)) != PROTO_OK ||
	    (err = boards_resolve_board(ctx, board, &to)) != PROTO_OK ||
	    (err = boards_check_moderator(ctx, &to)) != PROTO_OK)
		return (err);
	if (to.board.id == s.board.id)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "the thread is on that board already"));
	if (store_thread_move(server.store, s.thread.t.id, to.board.id) !=
	    STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the thread was not moved"));
	/* Told as the new board allows: its readers only. */
	to.thread = s.thread;
	return (boards_thread_changed(ctx, &to));
}

/* thread.read */

static enum proto_error
boards_thread_read(struct op_ctx *ctx)
{
	struct boards_scope	s;
	enum proto_error	err;
	int64_t			upto, after;

	if ((err = boards_thread_arg(ctx, &s)) != PROTO_OK)
		return (err);
	if ((err = proto_get_int(ctx->req, "upto", true, 0, INT64_MAX,
	    &upto)) != PROTO_OK)
		return (op_fail(ctx, err, "\"upto\" must be a post id"));
	if (upto > s.thread.t.last_post_id)
		upto = s.thread.t.last_post_id;
	if (store_thread_read(server.store, ctx->conn->user.id, s.thread.t.id,
	    upto, &after) != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "the marker was not saved"));
	json_object_set_new(ctx->reply, "read_upto", json_integer(after));
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
	if (store_watch_set(server.store, kind, target, ctx->conn->user.id,
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

static const struct op_entry boards_ops[] = {
	{ "boards.list",	boards_list,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "board.threads",	boards_threads,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.create",	boards_thread_create,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.posts",	boards_thread_posts,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "post.reply",	boards_reply,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "post.edit",	boards_post_edit,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "post.history",	boards_post_history,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "post.delete",	boards_post_delete,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "post.restore",	boards_post_restore,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "posts.hidden",	boards_posts_hidden,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.pin",	boards_thread_pin,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.unpin",	boards_thread_unpin,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.lock",	boards_thread_lock,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.unlock",	boards_thread_unlock,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.move",	boards_thread_move,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "thread.read",	boards_thread_read,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "watch",	boards_watch,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	{ "unwatch",	boards_unwatch,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const boards_owns[] = { "boards", "board", "thread", "post", "posts", "", NULL };

const struct op_file op_boards_file = { "boards.c", boards_owns, boards_ops };
