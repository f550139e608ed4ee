/*
 * search.c: the search op. What the person typed becomes a safe FTS5
 * expression (proto_fts_query); the boards and rooms they can read, as
 * policy.c decides, go into the query itself, so a hit, a snippet or a
 * count from anywhere else can never be produced.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "op.h"

#define SEARCH_BUDGET_MS	250	/* per query, then too_broad */

struct search_hit {
	double	 rank;
	json_t	*obj;
};

struct search_hits {
	struct search_hit	*v;
	size_t			 n;
};

/*
 * Takes the store's markers out of the snippet: the text goes in "snippet",
 * the marked stretches in "highlights" as [start, end) byte offsets.
 */
static void
search_snippet(json_t *obj, const char *marked)
{
	json_t		*highlights = json_array();
	char		*text = xmalloc(strlen(marked) + 1);
	size_t		 len = 0, start = 0;
	bool		 open = false;

	for (; *marked != '\0'; marked++) {
		if (*marked == STORE_MARK_OPEN) {
			start = len;
			open = true;
		} else if (*marked == STORE_MARK_CLOSE) {
			if (open && len > start)
				json_array_append_new(highlights, json_pack(
				    "[I, I]", (json_int_t)start, (json_int_t)len));
			open = false;
		} else
			text[len++] = *marked;
	}
	text[len] = '\0';
	json_object_set_new(obj, "snippet", json_string(text));
	json_object_set_new(obj, "highlights", highlights);
	free(text);
}

static void
search_add(const struct store_hit *h, void *arg)
{
	struct search_hits	*hits = arg;
	json_t			*obj;

	if (h->title != NULL)
		obj = json_pack("{s:s, s:I, s:I, s:s}", "kind", "post",
		    "id", (json_int_t)h->id, "thread", (json_int_t)h->where,
		    "title", h->title);
	else
		obj = json_pack("{s:s, s:I, s:s}", "kind", "msg",
		    "id", (json_int_t)h->id, "room", h->room != NULL ? h->room : "");
	json_object_set_new(obj, "author", json_string(h->author));
	json_object_set_new(obj, "ts", json_integer(h->ts));
	search_snippet(obj, h->snippet);
	hits->v = xrealloc(hits->v, (hits->n + 1) * sizeof *hits->v);
	hits->v[hits->n].rank = h->rank;
	hits->v[hits->n++].obj = obj;
}

static int
search_hit_cmp(const void *a, const void *b)
{
	const struct search_hit	*x = a, *y = b;

	return ((x->rank > y->rank) - (x->rank < y->rank));
}

static void
search_hits_free(struct search_hits *hits)
{
	size_t	i;

	for (i = 0; i < hits->n; i++)
		json_decref(hits->v[i].obj);
	free(hits->v);
}

static enum proto_error
search_store_fail(struct op_ctx *ctx, enum store_result res)
{
	if (res == STORE_INTERRUPTED)
		return (op_fail(ctx, PROTO_ERR_TOO_BROAD,
		    "the search took too long; add words or narrow it"));
	return (op_fail(ctx, PROTO_ERR_INTERNAL, "search is unavailable"));
}

/* Posts in the named board, or in every board the person can read. */
static enum proto_error
search_posts(struct op_ctx *ctx, struct store_search *q, int64_t board,
    struct search_hits *hits)
{
	enum store_result	 res;
	int64_t			*ids = NULL;

	if (board != 0) {
		q->ids = &board;
		q->nids = 1;
	} else if (!boards_readable(&ctx->conn->user, &ids, &q->nids))
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "search is unavailable"));
	else
		q->ids = ids;
	res = store_search_posts(server.store, q, search_add, hits);
	free(ids);
	return (res == STORE_OK ? PROTO_OK : search_store_fail(ctx, res));
}

/*
 * Messages in the named room, or in every room the person belongs to, from
 * where their membership lets them see.
 */
static enum proto_error
search_msgs(struct op_ctx *ctx, struct store_search *q, bool one_room,
    struct search_hits *hits)
{
	struct store_room	 room;
	enum store_result	 res;
	enum proto_error	 err;
	int64_t			*ids = NULL, *floors = NULL;
	uint32_t		 n = 0;

	if (one_room) {
		if ((err = chat_room_arg(ctx, false, &room)) != PROTO_OK)
			return (err);
		q->ids = &room.id;
		q->floors = &room.visible_from;
		q->nids = 1;
	} else {
		ids = chat_user_rooms(&ctx->conn->user, &n, &floors);
		q->ids = ids;
		q->floors = floors;
		q->nids = n;
	}
	res = store_search_msgs(server.store, q, search_add, hits);
	q->floors = NULL;
	free(ids);
	free(floors);
	return (res == STORE_OK ? PROTO_OK : search_store_fail(ctx, res));
}

static enum proto_error
search_author_arg(struct op_ctx *ctx, int64_t *id)
{
	struct store_user	 u;
	const char		*handle = NULL;
	enum proto_error	 err;
	enum store_result	 res;

	*id = 0;
	if ((err = proto_get_string(ctx->req, "author", false, &handle)) !=
	    PROTO_OK)
		return (op_fail(ctx, err, "\"author\" must be a handle"));
	if (handle == NULL)
		return (PROTO_OK);
	if (!proto_handle_valid(handle))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"author\" must be a handle"));
	if ((res = store_user_by_handle(server.store, handle, &u)) ==
	    STORE_NOT_FOUND)
		return (op_fail(ctx, PROTO_ERR_NOT_FOUND, "nobody is called %s",
		    handle));
	if (res != STORE_OK)
		return (op_fail(ctx, PROTO_ERR_INTERNAL, "search is unavailable"));
	*id = u.id;
	return (PROTO_OK);
}

static enum proto_error
search_op(struct op_ctx *ctx)
{
	struct store_search	 q;
	struct search_hits	 hits = { NULL, 0 };
	const char		*text;
	char			 match[PROTO_FTS_QUERY_SIZE];
	enum proto_error	 err;
	int64_t			 board = 0, limit = PROTO_DEFAULT_HITS;
	json_t			*out;
	bool			 room;
	size_t			 i;

	memset(&q, 0, sizeof q);
	/* One search may hold the loop for its whole budget: few per person. */
	if ((err = flood_take(ctx, FLOOD_SEARCH)) != PROTO_OK)
		return (err);
	err = proto_get_text(ctx->req, "q", true, PROTO_MAX_QUERY, &text);
	if (err != PROTO_OK)
		return (op_fail(ctx, err, "\"q\" must be text of 1 to %d characters",
		    PROTO_MAX_QUERY));
	if (proto_fts_query(text, match, sizeof match) == 0)
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "search for at least one word"));
	if ((err = proto_get_int(ctx->req, "limit", false, 1, PROTO_MAX_HITS,
	    &limit)) != PROTO_OK)
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_HITS));
	room = json_object_get(ctx->req, "room") != NULL &&
	    !json_is_null(json_object_get(ctx->req, "room"));
	if ((err = boards_search_board_arg(ctx, &board)) != PROTO_OK ||
	    (err = boards_tag_arg(ctx, &q.tags)) != PROTO_OK ||
	    (err = search_author_arg(ctx, &q.author_id)) != PROTO_OK)
		return (err);
	if (room && (board != 0 || q.tags != 0))
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"room\" searches messages; \"board\" and \"tag\" posts"));
	q.match = match;
	q.limit = (int)limit;
	q.budget_ms = SEARCH_BUDGET_MS;
	if ((!room && (err = search_posts(ctx, &q, board, &hits)) != PROTO_OK) ||
	    (board == 0 && q.tags == 0 &&
	    (err = search_msgs(ctx, &q, room, &hits)) != PROTO_OK)) {
		search_hits_free(&hits);
		return (err);
	}
	/* bm25 ranks from both indexes, best first (qsort must not see NULL). */
	if (hits.n > 1)
		qsort(hits.v, hits.n, sizeof *hits.v, search_hit_cmp);
	out = json_array();
	for (i = 0; i < hits.n && i < (size_t)limit; i++)
		json_array_append(out, hits.v[i].obj);
	search_hits_free(&hits);
	json_object_set_new(ctx->reply, "hits", out);
	return (PROTO_OK);
}

static const struct op_entry search_ops[] = {
	{ "search",	search_op,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_NONE },
	OP_END
};

static const char *const search_owns[] = { "search", NULL };

const struct op_file op_search_file = { search_owns, search_ops };
