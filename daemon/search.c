/*
 * search.c: the search op. What the person typed becomes a safe FTS5
 * expression (proto_fts_query); the boards and rooms they can read, as
 * policy.c decides, go into the query itself, so a hit, a snippet or a
 * count from anywhere else can never be produced.
 *
 * The loop only checks the request and works out what the person may read;
 * the query runs on a search worker with its own read-only connection (one
 * per thread), and the reply follows as a pending op. A broad search may
 * take its whole budget, so searches queued or running are bounded per
 * person and in all: over either bound is rate_limited.
 */
#include "config.h"

#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "op.h"

#define SEARCH_BUDGET_MS	250	/* CPU time per query, then too_broad */
#define SEARCH_WALL_MS		1000	/* the same by the clock */
#define SEARCH_THREADS		2
#define SEARCH_QUEUE_MAX	8	/* searches queued or running, in all */
#define SEARCH_PERSON_MAX	2	/* ... of one person */
#define SEARCH_BUSY_TIMEOUT_MS	1000

/* One search on its way through a worker. */
struct search_job {
	struct op_async		*async;
	int64_t			 user_id;
	char			 match[PROTO_FTS_QUERY_SIZE];
	struct store_search	 q;		/* match, author, tags, limit, budget */
	bool			 posts, msgs;	/* which indexes to search */
	int64_t			*boards;	/* posts: the boards searched */
	size_t			 nboards;
	int64_t			*rooms;		/* messages: the rooms searched, */
	int64_t			*floors;	/* each from after its floor, */
	bool			*with_hidden;	/* its hidden ones too (NULL: none) */
	size_t			 nrooms;
	enum store_result	 res;		/* the worker's answer */
	json_t			*hits;
	TAILQ_ENTRY(search_job)	 entry;
};

static struct {
	struct worker_pool	*workers;
	struct store		*readers[SEARCH_THREADS];	/* one per worker */
	TAILQ_HEAD(, search_job) jobs;		/* queued or running (loop only) */
} search = { .jobs = TAILQ_HEAD_INITIALIZER(search.jobs) };

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
 * the marked stretches in "highlights" as [start, end) byte offsets. A
 * body's newlines and tabs become spaces, one byte for one, so the snippet
 * holds no control character and the offsets stay right.
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
		} else if (*marked == '\n' || *marked == '\t')
			text[len++] = ' ';	/* a snippet is one line of text */
		else
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
	/* Only a room's moderators, asking, are given its hidden ones. */
	if (h->hidden)
		json_object_set_new(obj, "hidden", json_true());
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

static void
search_job_free(struct search_job *job)
{
	free(job->boards);
	free(job->rooms);
	free(job->floors);
	free(job->with_hidden);
	json_decref(job->hits);
	free(job);
}

/* On a worker: both indexes as asked, then the best hits of both. */
static void
search_work(void *arg)
{
	struct search_job	*job = arg;
	struct store		*st = search.readers[worker_index()];
	struct search_hits	 hits = { NULL, 0 };
	struct store_search	 q = job->q;
	size_t			 i;

	job->res = STORE_OK;
	if (job->posts) {
		q.ids = job->boards;
		q.nids = job->nboards;
		job->res = store_search_posts(st, &q, search_add, &hits);
	}
	if (job->res == STORE_OK && job->msgs) {
		q.ids = job->rooms;
		q.floors = job->floors;
		q.with_hidden = job->with_hidden;
		q.nids = job->nrooms;
		job->res = store_search_msgs(st, &q, search_add, &hits);
	}
	if (job->res == STORE_OK) {
		/* bm25 ranks from both indexes, best first (qsort must not see NULL). */
		if (hits.n > 1)
			qsort(hits.v, hits.n, sizeof *hits.v, search_hit_cmp);
		job->hits = json_array();
		for (i = 0; i < hits.n && i < (size_t)q.limit; i++)
			json_array_append(job->hits, hits.v[i].obj);
	}
	search_hits_free(&hits);
}

/* Back on the loop: the reply. */
static void
search_done(void *arg)
{
	struct search_job	*job = arg;
	struct op_async		*a = job->async;

	TAILQ_REMOVE(&search.jobs, job, entry);
	if (job->res == STORE_OK) {
		json_object_set_new(a->reply, "hits", job->hits);
		job->hits = NULL;
	} else if (job->res == STORE_INTERRUPTED) {
		a->err = PROTO_ERR_TOO_BROAD;
		snprintf(a->message, sizeof a->message,
		    "the search took too long; add words or narrow it");
	} else {
		a->err = PROTO_ERR_INTERNAL;
		snprintf(a->message, sizeof a->message, "search is unavailable");
	}
	op_async_finish(a);
	search_job_free(job);
}

/* Posts in the named board, or in every board the person can read. */
static enum proto_error
search_posts_scope(struct op_ctx *ctx, int64_t board, struct search_job *job)
{
	job->posts = true;
	if (board == 0) {
		if (!boards_readable(ctx->me, &job->boards,
		    &job->nboards))
			return (op_fail(ctx, PROTO_ERR_INTERNAL,
			    "search is unavailable"));
		return (PROTO_OK);
	}
	job->boards = xmalloc(sizeof *job->boards);
	job->boards[0] = board;
	job->nboards = 1;
	return (PROTO_OK);
}

/*
 * Messages in the named room, or in every room the person belongs to, from
 * where their membership lets them see.
 */
static enum proto_error
search_msgs_scope(struct op_ctx *ctx, bool one_room, struct search_job *job)
{
	struct store_room	 room;
	enum proto_error	 err;
	uint32_t		 n = 0;

	job->msgs = true;
	if (!one_room) {
		job->rooms = chat_user_rooms(ctx->me, &n, &job->floors);
		job->nrooms = n;
	} else {
		if ((err = chat_room_arg(ctx, false, &room)) != PROTO_OK)
			return (err);
		job->rooms = xmalloc(sizeof *job->rooms);
		job->floors = xmalloc(sizeof *job->floors);
		job->rooms[0] = room.id;
		job->floors[0] = room.visible_from;
		job->nrooms = 1;
	}
	return (chat_hidden_arg(ctx, job->rooms, job->nrooms,
	    &job->with_hidden));
}

/* The person's searches queued or running, over the bound: rate_limited. */
static enum proto_error
search_person_bound(struct op_ctx *ctx)
{
	struct search_job	*job;
	int			 n = 0;

	TAILQ_FOREACH(job, &search.jobs, entry) {
		if (job->user_id == ctx->me->id)
			n++;
	}
	if (n < SEARCH_PERSON_MAX)
		return (PROTO_OK);
	ctx->retry_after_ms = SEARCH_BUDGET_MS;
	return (op_fail(ctx, PROTO_ERR_RATE_LIMITED, "you have %d searches "
	    "running; wait for one to finish", n));
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
	struct search_job	*job;
	const char		*text;
	enum proto_error	 err;
	int64_t			 board = 0, limit = PROTO_DEFAULT_HITS;
	bool			 room;

	/* One search may take its whole budget on a worker: few per person. */
	if ((err = search_person_bound(ctx)) != PROTO_OK)
		return (err);
	err = proto_get_text(ctx->req, "q", true, PROTO_MAX_QUERY, &text);
	if (err != PROTO_OK)
		return (op_fail(ctx, err, "\"q\" must be text of 1 to %d characters",
		    PROTO_MAX_QUERY));
	job = xcalloc(1, sizeof *job);
	job->user_id = ctx->me->id;
	job->res = STORE_ERROR;		/* until a worker runs it */
	if (proto_fts_query(text, job->match, sizeof job->match) == 0) {
		search_job_free(job);
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "search for at least one word"));
	}
	if ((err = proto_get_int(ctx->req, "limit", false, 1, PROTO_MAX_HITS,
	    &limit)) != PROTO_OK) {
		search_job_free(job);
		return (op_fail(ctx, err, "\"limit\" must be 1 to %d",
		    PROTO_MAX_HITS));
	}
	room = json_object_get(ctx->req, "room") != NULL &&
	    !json_is_null(json_object_get(ctx->req, "room"));
	if ((err = boards_search_board_arg(ctx, &board)) != PROTO_OK ||
	    (err = boards_tag_arg(ctx, &job->q.tags)) != PROTO_OK ||
	    (err = search_author_arg(ctx, &job->q.author_id)) != PROTO_OK) {
		search_job_free(job);
		return (err);
	}
	if (room && (board != 0 || job->q.tags != 0)) {
		search_job_free(job);
		return (op_fail(ctx, PROTO_ERR_BAD_REQUEST,
		    "\"room\" searches messages; \"board\" and \"tag\" posts"));
	}
	job->q.match = job->match;
	job->q.limit = (int)limit;
	job->q.budget_ms = SEARCH_BUDGET_MS;
	job->q.wall_ms = SEARCH_WALL_MS;
	if ((!room && (err = search_posts_scope(ctx, board, job)) != PROTO_OK) ||
	    (board == 0 && job->q.tags == 0 &&
	    (err = search_msgs_scope(ctx, room, job)) != PROTO_OK)) {
		search_job_free(job);
		return (err);
	}
	if (!worker_pool_submit(search.workers, search_work, search_done, job)) {
		search_job_free(job);
		ctx->retry_after_ms = SEARCH_BUDGET_MS;
		return (op_fail(ctx, PROTO_ERR_RATE_LIMITED,
		    "the server is busy searching; try again in a moment"));
	}
	/* The worker touches neither field; its done runs on the loop, later. */
	job->async = op_async_begin(ctx, job);
	TAILQ_INSERT_TAIL(&search.jobs, job, entry);
	return (OP_PENDING);
}

bool
search_init(struct event_base *base, const char *dir)
{
	int	i;

	for (i = 0; i < SEARCH_THREADS; i++) {
		if (store_search_open(dir, SEARCH_BUSY_TIMEOUT_MS,
		    &search.readers[i]) != STORE_OK)
			return (false);
	}
	search.workers = worker_pool_new(base, "search", SEARCH_THREADS,
	    SEARCH_QUEUE_MAX);
	return (search.workers != NULL);
}

/* Searches still waiting are answered (internal) or dropped with their sessions. */
void
search_shutdown(void)
{
	int	i;

	worker_pool_free(search.workers);
	search.workers = NULL;
	for (i = 0; i < SEARCH_THREADS; i++) {
		store_close(search.readers[i]);
		search.readers[i] = NULL;
	}
}

static const struct op_entry search_ops[] = {
	{ "search",	search_op,	0,
	    OP_TARGET_NONE,	POLICY_NONE,	FLOOD_SEARCH },
	OP_END
};

static const char *const search_owns[] = { "search", NULL };

const struct op_file op_search_file = { search_owns, search_ops };
