/*
 * store_retention.c: how long messages and posts are kept, per kind of
 * room and for boards (staffroomctl retention set), and the purge that
 * removes older ones (retention.c runs it on the daemon's loop).
 *
 * The purge walks one room's messages (or one board's posts) in id order,
 * a bounded page at a time, and stops at the first one young enough to
 * keep: ids grow with time, so each turn reads about as many rows as it
 * removes. An item with an open report is held until a moderator resolves
 * it (the evidence stays); meeting rooms and a series' board (its minutes)
 * are never purged.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "store_private.h"

enum store_retention_stmt {
	STMT_RETENTION_SET = STORE_STMT_FIRST(STORE_MODULE_RETENTION),
	STMT_RETENTION_KEEP,
	STMT_RETENTION_LIST,
	STMT_RETENTION_NEXT_ROOM,
	STMT_RETENTION_NEXT_BOARD,
	STMT_RETENTION_SECURE,
	STMT_RETENTION_MSG_HEAD,
	STMT_RETENTION_MSG_VERSIONS,
	STMT_RETENTION_MSG_MENTIONS,
	STMT_RETENTION_MSGS,
	STMT_RETENTION_POST_HEAD,
	STMT_RETENTION_POST_UNINDEX,
	STMT_RETENTION_POST_QUOTES,
	STMT_RETENTION_POST_VERSIONS,
	STMT_RETENTION_POST_MENTIONS,
	STMT_RETENTION_POSTS,
	STMT_RETENTION_THREAD_READS,
	STMT_RETENTION_THREAD_WATCHES,
	STMT_RETENTION_THREAD_REMOVE,
	STMT_RETENTION_THREAD_COUNT,
	STMT_RETENTION_MERGE_MESSAGES,
	STMT_RETENTION_MERGE_POSTS,
	STMT_RETENTION_END
};

#define STMT_RETENTION_FIRST	STORE_STMT_FIRST(STORE_MODULE_RETENTION)
#define SQL(id)			[(id) - STMT_RETENTION_FIRST]

/* A day in milliseconds: the periods are whole days. */
#define DAY_MS	"86400000"

/*
 * What a batch removes: ?1 the room or board, ids in (?2, ?3], older
 * than ?4, no open report about it (item_kind 0 a message, 1 a post).
 */
#define PURGED(table, item_kind, owner) \
	"SELECT id FROM " table " WHERE " owner " = ?1 AND id > ?2" \
	" AND id <= ?3 AND ts < ?4 AND NOT EXISTS (SELECT 1 FROM mod_queue q" \
	" WHERE q.item_kind = " item_kind " AND q.item_id = " table ".id" \
	" AND q.resolved_ms IS NULL)"
#define PURGED_MSGS	PURGED("messages", "0", "room_id")
#define PURGED_POSTS	PURGED("posts", "1", "board_id")

/* Pages at most an index merge writes: a few milliseconds' work. */
#define MERGE_PAGES	"-64"

static const char *const store_retention_sql[] = {
	SQL(STMT_RETENTION_SET) =
	    "INSERT INTO retention (kind, days, changed_ms) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (kind) DO UPDATE SET days = excluded.days,"
	    " changed_ms = excluded.changed_ms",
	SQL(STMT_RETENTION_KEEP) = "DELETE FROM retention WHERE kind = ?1",
	SQL(STMT_RETENTION_LIST) =
	    "SELECT kind, days, changed_ms FROM retention",
	/* Meeting rooms (kind 5) have no retention kind: never purged. */
	SQL(STMT_RETENTION_NEXT_ROOM) =
	    "SELECT r.id, r.kind, ?2 - k.days * " DAY_MS " FROM rooms r"
	    " JOIN retention k ON k.kind = CASE r.kind WHEN 0 THEN 'national'"
	    " WHEN 1 THEN 'region' WHEN 2 THEN 'trust' WHEN 3 THEN 'buddy'"
	    " WHEN 4 THEN 'dm' END WHERE r.id > ?1 ORDER BY r.id LIMIT 1",
	SQL(STMT_RETENTION_NEXT_BOARD) =
	    "SELECT b.id, 5, ?2 - k.days * " DAY_MS " FROM boards b"
	    " JOIN retention k ON k.kind = 'board'"
	    " WHERE b.id > ?1 AND b.series_id IS NULL ORDER BY b.id LIMIT 1",
	/* Freed pages are zeroed: what is purged is not left in the file. */
	SQL(STMT_RETENTION_SECURE) = "PRAGMA secure_delete = ON",
	SQL(STMT_RETENTION_MSG_HEAD) =
	    "SELECT id, ts FROM messages WHERE room_id = ?1 AND id > ?2"
	    " ORDER BY id LIMIT ?3",
	SQL(STMT_RETENTION_MSG_VERSIONS) =
	    "DELETE FROM message_versions WHERE msg_id IN (" PURGED_MSGS ")",
	SQL(STMT_RETENTION_MSG_MENTIONS) =
	    "DELETE FROM mentions WHERE msg_id IN (" PURGED_MSGS ")",
	/* messages_fts_remove takes each out of the search index. */
	SQL(STMT_RETENTION_MSGS) =
	    "DELETE FROM messages WHERE id IN (" PURGED_MSGS ") RETURNING id",
	SQL(STMT_RETENTION_POST_HEAD) =
	    "SELECT id, ts FROM posts WHERE board_id = ?1 AND id > ?2"
	    " ORDER BY id LIMIT ?3",
	/* Posts have no delete trigger: the index forgets them here. */
	SQL(STMT_RETENTION_POST_UNINDEX) =
	    "INSERT INTO posts_fts (posts_fts, rowid, title, body)"
	    " SELECT 'delete', p.id, t.title, p.body FROM posts p"
	    " JOIN threads t ON t.id = p.thread_id"
	    " WHERE p.id IN (" PURGED_POSTS ")",
	/* A reply keeps its place and says a quote was there (as erase does). */
	SQL(STMT_RETENTION_POST_QUOTES) =
	    "UPDATE posts SET quote_post = NULL, quote_text = ?5"
	    " WHERE quote_post IN (" PURGED_POSTS ")",
	SQL(STMT_RETENTION_POST_VERSIONS) =
	    "DELETE FROM post_versions WHERE post_id IN (" PURGED_POSTS ")",
	SQL(STMT_RETENTION_POST_MENTIONS) =
	    "DELETE FROM post_mentions WHERE post_id IN (" PURGED_POSTS ")",
	SQL(STMT_RETENTION_POSTS) =
	    "DELETE FROM posts WHERE id IN (" PURGED_POSTS ") RETURNING"
	    " thread_id",
	/* A thread whose every post went goes too, its title with it. */
	SQL(STMT_RETENTION_THREAD_READS) =
	    "DELETE FROM thread_reads WHERE thread_id = ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM posts WHERE thread_id = ?1)",
	SQL(STMT_RETENTION_THREAD_WATCHES) =
	    "DELETE FROM watches WHERE kind = 1 AND target = ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM posts WHERE thread_id = ?1)",
	SQL(STMT_RETENTION_THREAD_REMOVE) =
	    "DELETE FROM threads WHERE id = ?1 AND NOT EXISTS"
	    " (SELECT 1 FROM posts WHERE thread_id = ?1) RETURNING id",
	/* What posts_visibility keeps, for the posts that remain. */
	SQL(STMT_RETENTION_THREAD_COUNT) =
	    "UPDATE threads SET"
	    " posts = (SELECT count(*) FROM posts WHERE thread_id = ?1"
	    " AND NOT hidden),"
	    " last_post_id = COALESCE((SELECT max(id) FROM posts"
	    " WHERE thread_id = ?1 AND NOT hidden), 0),"
	    " last_post_ts = COALESCE((SELECT ts FROM posts WHERE id ="
	    " (SELECT max(id) FROM posts WHERE thread_id = ?1 AND NOT hidden)),"
	    " created_ms) WHERE id = ?1",
	/*
	 * A delete leaves the words in the index's older segments until they
	 * are merged; a bounded merge a turn, until there is none to do.
	 */
	SQL(STMT_RETENTION_MERGE_MESSAGES) =
	    "INSERT INTO messages_fts (messages_fts, rank)"
	    " VALUES ('merge', " MERGE_PAGES ")",
	SQL(STMT_RETENTION_MERGE_POSTS) =
	    "INSERT INTO posts_fts (posts_fts, rank)"
	    " VALUES ('merge', " MERGE_PAGES ")",
};

_Static_assert(sizeof store_retention_sql / sizeof store_retention_sql[0] ==
    STMT_RETENTION_END - STMT_RETENTION_FIRST, "a statement without its SQL");

const struct store_module store_retention_module = {
	store_retention_sql, STMT_RETENTION_END - STMT_RETENTION_FIRST
};

/* The schema's CHECK lists the same names. */
static const char *const store_retention_kinds[STORE_RETENTION_KINDS] = {
	"national", "region", "trust", "buddy", "dm", "board",
};

const char *
store_retention_kind_name(int kind)
{
	if (kind < 0 || kind >= STORE_RETENTION_KINDS)
		return (NULL);
	return (store_retention_kinds[kind]);
}

int
store_retention_kind_parse(const char *name)
{
	int	kind;

	for (kind = 0; kind < STORE_RETENTION_KINDS; kind++) {
		if (strcmp(name, store_retention_kinds[kind]) == 0)
			return (kind);
	}
	return (-1);
}

enum store_result
store_retention_set(struct store *st, int kind, int days, int64_t now_ms)
{
	const char	*name = store_retention_kind_name(kind);

	if (name == NULL)
		return (STORE_NOT_FOUND);
	if (days <= 0)
		return (store_run(st, STMT_RETENTION_KEEP, RUN_WRITE, NULL, NULL,
		    "t", name));
	return (store_run(st, STMT_RETENTION_SET, RUN_WRITE, NULL, NULL, "tii",
	    name, (int64_t)days, now_ms));
}

static void
store_retention_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_retention	*r = arg;
	int			 kind;

	kind = store_retention_kind_parse(store_text(stmt, 0));
	if (kind < 0)
		return;		/* the schema's CHECK keeps these out */
	r->days[kind] = sqlite3_column_int(stmt, 1);
	r->changed_ms[kind] = sqlite3_column_int64(stmt, 2);
}

enum store_result
store_retention_get(struct store *st, struct store_retention *out)
{
	memset(out, 0, sizeof *out);
	return (store_run(st, STMT_RETENTION_LIST, 0, store_retention_row, out,
	    ""));
}

struct store_retention_next {
	int64_t	id;
	int	kind;
	int64_t	cutoff_ms;
};

static void
store_retention_next_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_retention_next	*n = arg;

	n->id = sqlite3_column_int64(stmt, 0);
	n->kind = sqlite3_column_int(stmt, 1);
	n->cutoff_ms = sqlite3_column_int64(stmt, 2);
}

/* A room's kind (enum room_kind 0-4) is its retention kind's number. */
enum store_result
store_retention_next(struct store *st, bool boards, int64_t after,
    int64_t now_ms, int64_t *id, int *kind, int64_t *cutoff_ms)
{
	struct store_retention_next	n = { 0, 0, 0 };
	enum store_result		res;

	res = store_run(st, boards ? STMT_RETENTION_NEXT_BOARD :
	    STMT_RETENTION_NEXT_ROOM, 0, store_retention_next_row, &n, "ii",
	    after, now_ms);
	*id = n.id;
	*kind = n.kind;
	*cutoff_ms = n.cutoff_ms;
	return (res);
}

/* Where the old part of a page ends: the last id before a young one. */
struct store_retention_head {
	int64_t	cutoff_ms;
	int64_t	upto;
	int	rows;
	bool	young;
};

static void
store_retention_head_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_retention_head	*h = arg;

	h->rows++;
	if (h->young)
		return;
	if (sqlite3_column_int64(stmt, 1) >= h->cutoff_ms)
		h->young = true;
	else
		h->upto = sqlite3_column_int64(stmt, 0);
}

static enum store_result
store_retention_head(struct store *st, int stmt, struct store_retention_page *p,
    struct store_retention_head *h)
{
	enum store_result	res;

	h->cutoff_ms = p->cutoff_ms;
	h->upto = p->after;
	h->rows = 0;
	h->young = false;
	res = store_run(st, stmt, 0, store_retention_head_row, h, "iii",
	    p->target, p->after, (int64_t)p->limit);
	p->done = h->young || h->rows < p->limit;
	return (res);
}

static void
store_retention_count_row(sqlite3_stmt *stmt, void *arg)
{
	(*(int *)arg)++;
}

enum store_result
store_retention_purge_messages(struct store *st,
    struct store_retention_page *p)
{
	struct store_retention_head	h;
	enum store_result		res;
	int				id;

	p->removed = 0;
	if ((res = store_retention_head(st, STMT_RETENTION_MSG_HEAD, p, &h)) !=
	    STORE_OK || h.upto == p->after)
		return (res);
	if ((res = store_run(st, STMT_RETENTION_SECURE, 0, NULL, NULL, "")) !=
	    STORE_OK)
		return (res);
	for (id = STMT_RETENTION_MSG_VERSIONS; id <= STMT_RETENTION_MSGS;
	    id++) {
		if ((res = store_run(st, id, RUN_WRITE, id == STMT_RETENTION_MSGS ?
		    store_retention_count_row : NULL, &p->removed, "iiii",
		    p->target, p->after, h.upto, p->cutoff_ms)) != STORE_OK)
			return (res);
	}
	p->after = h.upto;
	return (STORE_OK);
}

/* The threads a batch of posts came from, each once, and how many posts. */
struct store_retention_threads {
	int64_t	*id;
	int	 n;
	int	 cap;
	int	 posts;
};

static void
store_retention_thread_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_retention_threads	*t = arg;
	int64_t				 id = sqlite3_column_int64(stmt, 0);
	int				 i;

	t->posts++;
	for (i = 0; i < t->n; i++) {
		if (t->id[i] == id)
			return;
	}
	if (t->n < t->cap)
		t->id[t->n++] = id;
}

/* Each thread that lost posts: gone when empty, else its counts again. */
static enum store_result
store_retention_threads_settle(struct store *st,
    const struct store_retention_threads *t, int *removed)
{
	enum store_result	res;
	int			i, id, gone;

	for (i = 0; i < t->n; i++) {
		gone = 0;
		for (id = STMT_RETENTION_THREAD_READS;
		    id <= STMT_RETENTION_THREAD_REMOVE; id++) {
			if ((res = store_run(st, id, RUN_WRITE,
			    id == STMT_RETENTION_THREAD_REMOVE ?
			    store_retention_count_row : NULL, &gone, "i",
			    t->id[i])) != STORE_OK)
				return (res);
		}
		*removed += gone;
		if (gone == 0 && (res = store_run(st,
		    STMT_RETENTION_THREAD_COUNT, RUN_WRITE, NULL, NULL, "i",
		    t->id[i])) != STORE_OK)
			return (res);
	}
	return (STORE_OK);
}

enum store_result
store_retention_purge_posts(struct store *st, struct store_retention_page *p,
    const char *marker)
{
	struct store_retention_head	 h;
	struct store_retention_threads	 t = { NULL, 0, 0, 0 };
	enum store_result		 res;
	int				 id;

	p->removed = 0;
	p->threads_removed = 0;
	if ((res = store_retention_head(st, STMT_RETENTION_POST_HEAD, p, &h)) !=
	    STORE_OK || h.upto == p->after)
		return (res);
	if ((res = store_run(st, STMT_RETENTION_SECURE, 0, NULL, NULL, "")) !=
	    STORE_OK)
		return (res);
	t.cap = p->limit;
	t.id = xcalloc((size_t)t.cap, sizeof *t.id);
	for (id = STMT_RETENTION_POST_UNINDEX; id <= STMT_RETENTION_POSTS &&
	    res == STORE_OK; id++) {
		if (id == STMT_RETENTION_POSTS)
			res = store_run(st, id, RUN_WRITE,
			    store_retention_thread_row, &t, "iiii", p->target,
			    p->after, h.upto, p->cutoff_ms);
		else
			res = store_run(st, id, RUN_WRITE, NULL, NULL,
			    id == STMT_RETENTION_POST_QUOTES ? "iiiit" : "iiii",
			    p->target, p->after, h.upto, p->cutoff_ms, marker);
	}
	if (res == STORE_OK)
		res = store_retention_threads_settle(st, &t,
		    &p->threads_removed);
	p->removed = t.posts;
	free(t.id);
	if (res == STORE_OK)
		p->after = h.upto;
	return (res);
}

enum store_result
store_retention_merge(struct store *st, bool posts, bool *worked)
{
	enum store_result	res;
	int			before = sqlite3_total_changes(store_db(st));

	res = store_run(st, posts ? STMT_RETENTION_MERGE_POSTS :
	    STMT_RETENTION_MERGE_MESSAGES, RUN_WRITE, NULL, NULL, "");
	/* The command's own row counts one; more is pages merged. */
	*worked = res == STORE_OK && sqlite3_total_changes(st->db) - before > 1;
	return (res);
}
