/*
 * store_search.c: full-text search over posts and messages (FTS5). The
 * caller passes the boards or rooms the person may read; the filter is part
 * of the query, so nothing else is ever read, ranked or cut into a snippet.
 * A progress handler stops any search that runs past its budget.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "log.h"
#include "util.h"
#include "store.h"
#include "store_private.h"

/* Virtual machine steps between looks at the clock. */
#define STORE_SEARCH_PROGRESS_STEPS	1000
#define STORE_SNIPPET_TOKENS		"16"
/*
 * Only the newest this many matches the person may read are ranked: a word
 * found in most posts would otherwise have bm25 computed for every one of
 * them. The window is taken after the filter, so matches in rooms and boards
 * the person cannot read never push theirs out of it.
 */
#define STORE_SEARCH_WINDOW		"5000"

enum store_search_stmt {
	STMT_SEARCH_POSTS = STORE_STMT_FIRST(STORE_MODULE_SEARCH),
	STMT_SEARCH_MSGS,
	STMT_SEARCH_END
};

#define STMT_SEARCH_FIRST	STORE_STMT_FIRST(STORE_MODULE_SEARCH)
#define SQL(id)			[(id) - STMT_SEARCH_FIRST]

/*
 * "readable" is the window: the newest matches that pass the filter, found
 * by walking the index newest first (CROSS JOIN keeps it the outer loop).
 * The outer query ranks only those; "+" stops the planner from turning the
 * IN into one full-text lookup per id. char(2) and char(3) are
 * STORE_MARK_OPEN and STORE_MARK_CLOSE.
 */
static const char *const store_search_sql[] = {
	SQL(STMT_SEARCH_POSTS) =
	    "WITH readable AS MATERIALIZED (SELECT p.id"
	    "  FROM posts_fts f CROSS JOIN posts p ON p.id = f.rowid"
	    "  CROSS JOIN threads t ON t.id = p.thread_id"
	    "  WHERE f.posts_fts MATCH ?1"
	    "  AND p.board_id IN (SELECT value FROM json_each(?2))"
	    "  AND NOT p.hidden AND (?3 = 0 OR p.user_id = ?3)"
	    "  AND (?4 = 0 OR t.tags & ?4)"
	    "  ORDER BY f.rowid DESC LIMIT " STORE_SEARCH_WINDOW ")"
	    " SELECT p.id, p.thread_id, NULL, t.title, u.handle, p.ts,"
	    " snippet(posts_fts, -1, char(2), char(3), '…', "
	    STORE_SNIPPET_TOKENS "), rank, 0"
	    " FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid"
	    " JOIN threads t ON t.id = p.thread_id"
	    " JOIN users u ON u.id = p.user_id"
	    " WHERE posts_fts MATCH ?1"
	    " AND posts_fts.rowid >= (SELECT min(id) FROM readable)"
	    " AND +posts_fts.rowid IN readable"
	    " ORDER BY rank LIMIT ?5",
	SQL(STMT_SEARCH_MSGS) =
	    "WITH allowed(room, floor, hidden) AS MATERIALIZED"
	    "  (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
	    "  json_extract(value, '$[2]') FROM json_each(?2)),"
	    " readable AS MATERIALIZED (SELECT m.id"
	    "  FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid"
	    "  CROSS JOIN allowed a ON a.room = m.room_id"
	    "  WHERE f.messages_fts MATCH ?1 AND m.id > a.floor"
	    "  AND (NOT m.hidden OR a.hidden)"
	    "  AND (?3 = 0 OR m.user_id = ?3)"
	    "  ORDER BY f.rowid DESC LIMIT " STORE_SEARCH_WINDOW ")"
	    " SELECT m.id, m.room_id, r.ref, NULL, u.handle, m.ts,"
	    " snippet(messages_fts, 0, char(2), char(3), '…', "
	    STORE_SNIPPET_TOKENS "), rank, m.hidden"
	    " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
	    " JOIN rooms r ON r.id = m.room_id"
	    " JOIN users u ON u.id = m.user_id"
	    " WHERE messages_fts MATCH ?1"
	    " AND messages_fts.rowid >= (SELECT min(id) FROM readable)"
	    " AND +messages_fts.rowid IN readable"
	    " ORDER BY rank LIMIT ?4",
};

const struct store_module store_search_module = {
	store_search_sql, STMT_SEARCH_END - STMT_SEARCH_FIRST
};

struct store_hit_cb {
	void	(*cb)(const struct store_hit *, void *);
	void	*arg;
};

static void
store_hit_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_hit_cb	*c = arg;
	struct store_hit	 h;

	h.id = sqlite3_column_int64(stmt, 0);
	h.where = sqlite3_column_int64(stmt, 1);
	h.room = (const char *)sqlite3_column_text(stmt, 2);
	h.title = (const char *)sqlite3_column_text(stmt, 3);
	h.author = store_text(stmt, 4);
	h.ts = sqlite3_column_int64(stmt, 5);
	h.snippet = store_text(stmt, 6);
	h.rank = sqlite3_column_double(stmt, 7);
	h.hidden = sqlite3_column_int(stmt, 8) != 0;
	c->cb(&h, c->arg);
}

/*
 * The allowed ids as a JSON array for json_each in the query: [id, ...], or
 * with floors [[id, floor, hidden ones too], ...].
 */
static char *
store_search_ids(const int64_t *ids, const int64_t *floors,
    const bool *with_hidden, size_t n)
{
	char	*s;
	size_t	 i, len = 0, size = 2 + n * 48;

	s = xmalloc(size + 1);
	s[len++] = '[';
	for (i = 0; i < n; i++) {
		if (floors != NULL)
			len += snprintf(s + len, size + 1 - len,
			    "%s[%lld,%lld,%d]", i > 0 ? "," : "",
			    (long long)ids[i], (long long)floors[i],
			    with_hidden != NULL && with_hidden[i]);
		else
			len += snprintf(s + len, size + 1 - len, "%s%lld",
			    i > 0 ? "," : "", (long long)ids[i]);
	}
	s[len++] = ']';
	s[len] = '\0';
	return (s);
}

struct store_search_deadline {
	uint64_t	cpu_ms;		/* the thread's CPU time */
	uint64_t	wall_ms;	/* the monotonic clock */
};

static int
store_search_progress(void *arg)
{
	const struct store_search_deadline	*d = arg;

	return (thread_cpu_ms() > d->cpu_ms || mono_ms() > d->wall_ms);
}

static enum store_result
store_search_run(struct store *st, int id, const struct store_search *q,
    void (*cb)(const struct store_hit *, void *), void *arg)
{
	struct store_hit_cb		 c = { cb, arg };
	struct store_search_deadline	 deadline;
	enum store_result		 res;
	char				*ids;

	if (q->nids == 0)
		return (STORE_OK);
	ids = store_search_ids(q->ids, q->floors, q->with_hidden, q->nids);
	deadline.cpu_ms = thread_cpu_ms() + (uint64_t)q->budget_ms;
	deadline.wall_ms = mono_ms() + (uint64_t)q->wall_ms;
	sqlite3_progress_handler(st->db, STORE_SEARCH_PROGRESS_STEPS,
	    store_search_progress, &deadline);
	if (id == STMT_SEARCH_POSTS)
		res = store_run(st, id, 0, store_hit_row, &c, "ttiii", q->match,
		    ids, q->author_id, (int64_t)q->tags, (int64_t)q->limit);
	else
		res = store_run(st, id, 0, store_hit_row, &c, "ttii", q->match,
		    ids, q->author_id, (int64_t)q->limit);
	sqlite3_progress_handler(st->db, 0, NULL, NULL);
	free(ids);
	return (res);
}

enum store_result
store_search_posts(struct store *st, const struct store_search *q,
    void (*cb)(const struct store_hit *, void *), void *arg)
{
	return (store_search_run(st, STMT_SEARCH_POSTS, q, cb, arg));
}

enum store_result
store_search_msgs(struct store *st, const struct store_search *q,
    void (*cb)(const struct store_hit *, void *), void *arg)
{
	return (store_search_run(st, STMT_SEARCH_MSGS, q, cb, arg));
}

enum store_result
store_search_open(const char *dir, int busy_timeout_ms, struct store **out)
{
	return (store_open_query_only(dir, busy_timeout_ms, STORE_MODULE_SEARCH,
	    out));
}
