/*
 * store_boards.c: trusts, boards, threads and posts. Thread counters, post
 * versions, the search index and trust room membership are kept by
 * triggers (store_migrations*.c), so every write here is one statement and a
 * failed op leaves nothing half done.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "store.h"
#include "store_private.h"

enum store_boards_stmt {
	STMT_TRUST_ADD = STORE_STMT_FIRST(STORE_MODULE_BOARDS),
	STMT_TRUST_LIST,
	STMT_TRUST_EXISTS,
	STMT_TRUST_LEAVE,
	STMT_TRUST_JOIN,
	STMT_USER_CHANGES,
	STMT_BOARD_ADD,
	STMT_BOARD_MEMBER_ADD,
	STMT_BOARD_ARCHIVE,
	STMT_BOARD_GET,
	STMT_BOARD_LIST,
	STMT_BOARD_UNREAD,
	STMT_BOARD_MENTIONS,
	STMT_BOARD_THREADS,
	STMT_VIEWER_BY_ID,
	STMT_VIEWER_BY_HANDLE,
	STMT_THREAD_ADD,
	STMT_THREAD_GET,
	STMT_THREAD_PAGE,
	STMT_THREAD_FLAGS,
	STMT_THREAD_MOVE,
	STMT_THREAD_READ_SET,
	STMT_THREAD_READ_GET,
	STMT_POST_ADD,
	STMT_POST_GET,
	STMT_POST_PAGE,
	STMT_POST_BEFORE,
	STMT_POST_HIDDEN_PAGE,
	STMT_POST_EDIT,
	STMT_POST_VERSIONS,
	STMT_POST_SET_HIDDEN,
	STMT_POST_MENTION_ADD,
	STMT_WATCH_ADD,
	STMT_WATCH_REMOVE,
	STMT_WATCHERS,
	STMT_SAVEPOINT,
	STMT_SAVEPOINT_UNDO,
	STMT_SAVEPOINT_RELEASE,
	STMT_BOARDS_END
};

/*
 * A series' board is stored with the private scope (its CHECK predates
 * series) and read as BOARD_SERIES (4); its members are the series' people.
 */
#define BOARD_COLUMNS \
	"SELECT b.id, b.name, CASE WHEN b.series_id IS NOT NULL THEN 4" \
	" ELSE b.scope END, CASE WHEN b.series_id IS NOT NULL" \
	" THEN 'series:' || b.series_id ELSE CASE b.scope" \
	" WHEN 0 THEN 'national' WHEN 1 THEN 'region:' || g.slug" \
	" WHEN 2 THEN 'trust:' || b.trust_id ELSE 'private' END END," \
	" COALESCE(b.region_id, t.region_id), b.trust_id, b.archived," \
	" EXISTS (SELECT 1 FROM board_members m" \
	"  WHERE m.board_id = b.id AND m.user_id = ?1) OR" \
	" EXISTS (SELECT 1 FROM series_roles sr" \
	"  WHERE sr.series_id = b.series_id AND sr.user_id = ?1)" \
	" FROM boards b LEFT JOIN regions g ON g.id = b.region_id" \
	" LEFT JOIN trusts t ON t.id = b.trust_id "

#define VIEWER_SERIES_ROLE \
	"(SELECT MAX(sr.role) FROM series_roles sr JOIN boards sb" \
	" ON sb.series_id = sr.series_id WHERE sb.id = ?1 AND sr.user_id = u.id)"
#define VIEWER_COLUMNS \
	"SELECT u.id, u.handle, u.region_id, COALESCE(tm.trust_id, 0), u.role," \
	" u.disabled, EXISTS (SELECT 1 FROM board_members m" \
	"  WHERE m.board_id = ?1 AND m.user_id = u.id) OR " \
	VIEWER_SERIES_ROLE " IS NOT NULL, " VIEWER_SERIES_ROLE " = 0, " \
	MOD_SCOPES_OF_U " FROM users u LEFT JOIN trust_members tm ON tm.user_id = u.id "

#define THREAD_COLUMNS \
	"SELECT t.id, t.board_id, t.user_id, u.handle, t.title, t.tags," \
	" t.pinned, t.locked, t.posts, t.last_post_id, t.last_post_ts," \
	" t.created_ms "

#define POST_COLUMNS \
	"SELECT p.id, p.thread_id, p.board_id, p.user_id, u.handle, p.body," \
	" p.quote_post, p.quote_text, p.ts, p.edited_ms, p.hidden," \
	" p.personal_data" \
	" FROM posts p JOIN users u ON u.id = p.user_id "

/* Unread counts look at this many of a board's most recently active threads. */
#define STORE_UNREAD_THREADS	"1000"

#define STMT_BOARDS_FIRST	STORE_STMT_FIRST(STORE_MODULE_BOARDS)
#define SQL(id)			[(id) - STMT_BOARDS_FIRST]

static const char *const store_boards_sql[] = {
	SQL(STMT_TRUST_ADD) =
	    "INSERT INTO trusts (name, region_id, created_ms) VALUES (?1, ?2, ?3)",
	SQL(STMT_TRUST_LIST) =
	    "SELECT t.id, t.name, t.region_id, g.slug,"
	    " (SELECT count(*) FROM trust_members m WHERE m.trust_id = t.id)"
	    " FROM trusts t JOIN regions g ON g.id = t.region_id ORDER BY t.id",
	SQL(STMT_TRUST_EXISTS) =
	    "SELECT 1 FROM trusts WHERE id = ?1",
	/* Leaving and joining are two statements so both triggers fire. */
	SQL(STMT_TRUST_LEAVE) =
	    "DELETE FROM trust_members WHERE user_id = ?1",
	SQL(STMT_TRUST_JOIN) =
	    "INSERT INTO trust_members (user_id, trust_id) VALUES (?1, ?2)",

	/* Filled by triggers on trust membership and on users (migration 9). */
	SQL(STMT_USER_CHANGES) =
	    "DELETE FROM user_changes WHERE user_id IN"
	    " (SELECT user_id FROM user_changes ORDER BY user_id LIMIT ?1)"
	    " RETURNING user_id",

	SQL(STMT_BOARD_ADD) =
	    "INSERT INTO boards (name, scope, region_id, trust_id, created_ms)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	SQL(STMT_BOARD_MEMBER_ADD) =
	    "INSERT INTO board_members (board_id, user_id) VALUES (?1, ?2)"
	    " ON CONFLICT DO NOTHING",
	SQL(STMT_BOARD_ARCHIVE) =
	    "UPDATE boards SET archived = ?2 WHERE id = ?1",
	SQL(STMT_BOARD_GET) =
	    BOARD_COLUMNS "WHERE b.id = ?2",
	SQL(STMT_BOARD_LIST) =
	    BOARD_COLUMNS "ORDER BY b.id",
	/*
	 * Unread posts of the board's most recently active threads (a thread
	 * with a new post is among them again), each thread's walk starting
	 * at the person's marker; the count stops at the cap.
	 */
	SQL(STMT_BOARD_UNREAD) =
	    "SELECT count(*) FROM (SELECT 1 FROM (SELECT id, last_post_id"
	    "  FROM threads WHERE board_id = ?1 AND posts > 0"
	    "  ORDER BY last_post_id DESC LIMIT " STORE_UNREAD_THREADS ") t"
	    " LEFT JOIN thread_reads r ON r.user_id = ?2 AND r.thread_id = t.id"
	    " JOIN posts p ON p.thread_id = t.id AND p.id > COALESCE(r.upto, 0)"
	    "  AND NOT p.hidden"
	    " WHERE t.last_post_id > COALESCE(r.upto, 0) LIMIT ?3)",
	SQL(STMT_BOARD_MENTIONS) =
	    "SELECT count(*) FROM (SELECT 1 FROM post_mentions m"
	    " JOIN posts p ON p.id = m.post_id"
	    " LEFT JOIN thread_reads r ON r.user_id = m.user_id"
	    "  AND r.thread_id = p.thread_id"
	    " WHERE m.user_id = ?2 AND m.board_id = ?1 AND NOT p.hidden"
	    "  AND m.post_id > COALESCE(r.upto, 0) LIMIT ?3)",
	SQL(STMT_BOARD_THREADS) =
	    "SELECT count(*) FROM (SELECT 1 FROM threads"
	    " WHERE board_id = ?1 AND posts > 0 LIMIT ?2)",

	SQL(STMT_VIEWER_BY_ID) =
	    VIEWER_COLUMNS "WHERE u.id = ?2",
	SQL(STMT_VIEWER_BY_HANDLE) =
	    VIEWER_COLUMNS "WHERE u.handle = ?2",

	SQL(STMT_THREAD_ADD) =
	    "INSERT INTO threads (board_id, user_id, title, tags, created_ms,"
	    " last_post_ts) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
	SQL(STMT_THREAD_GET) =
	    THREAD_COLUMNS ", 0, 0 FROM threads t JOIN users u ON u.id = t.user_id"
	    " WHERE t.id = ?1",
	/*
	 * One seek into threads_board, walked backwards from the cursor; the
	 * unread count of each thread is a walk of posts_thread from the
	 * person's marker, stopped at the cap.
	 */
	SQL(STMT_THREAD_PAGE) =
	    THREAD_COLUMNS ", COALESCE(r.upto, 0),"
	    " (SELECT count(*) FROM (SELECT 1 FROM posts p"
	    "  WHERE p.thread_id = t.id AND p.id > COALESCE(r.upto, 0)"
	    "  AND NOT p.hidden LIMIT ?8))"
	    " FROM threads t JOIN users u ON u.id = t.user_id"
	    " LEFT JOIN thread_reads r ON r.user_id = ?2 AND r.thread_id = t.id"
	    " WHERE t.board_id = ?1 AND (t.pinned, t.last_post_id) < (?3, ?4)"
	    " AND (?5 = 0 OR t.tags & ?5) AND (t.posts > 0 OR ?6)"
	    " ORDER BY t.pinned DESC, t.last_post_id DESC LIMIT ?7",
	SQL(STMT_THREAD_FLAGS) =
	    "UPDATE threads SET pinned = ?2, locked = ?3 WHERE id = ?1",
	SQL(STMT_THREAD_MOVE) =
	    "UPDATE threads SET board_id = ?2 WHERE id = ?1",
	SQL(STMT_THREAD_READ_SET) =
	    "INSERT INTO thread_reads (user_id, thread_id, upto)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (user_id, thread_id)"
	    " DO UPDATE SET upto = MAX(upto, excluded.upto)",
	SQL(STMT_THREAD_READ_GET) =
	    "SELECT upto FROM thread_reads WHERE user_id = ?1 AND thread_id = ?2",

	SQL(STMT_POST_ADD) =
	    "INSERT INTO posts (thread_id, board_id, user_id, body, quote_post,"
	    " quote_text, ts, personal_data)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	SQL(STMT_POST_GET) =
	    POST_COLUMNS "WHERE p.id = ?1",
	SQL(STMT_POST_PAGE) =
	    POST_COLUMNS "WHERE p.thread_id = ?1 AND p.id > ?2"
	    " AND (?4 OR NOT p.hidden) ORDER BY p.id LIMIT ?3",
	SQL(STMT_POST_BEFORE) =
	    POST_COLUMNS "WHERE p.thread_id = ?1 AND p.id < ?2 AND NOT p.hidden"
	    " ORDER BY p.id DESC LIMIT ?3",
	SQL(STMT_POST_HIDDEN_PAGE) =
	    POST_COLUMNS "WHERE p.board_id = ?1 AND p.hidden AND p.id < ?2"
	    " ORDER BY p.id DESC LIMIT ?3",
	SQL(STMT_POST_EDIT) =
	    "UPDATE posts SET body = ?2, edited_ms = ?3,"
	    " personal_data = personal_data OR ?4 WHERE id = ?1",
	SQL(STMT_POST_VERSIONS) =
	    "SELECT ts, body FROM (SELECT ts, body, 0 AS last FROM post_versions"
	    " WHERE post_id = ?1 UNION ALL SELECT COALESCE(edited_ms, ts), body, 1"
	    " FROM posts WHERE id = ?1) ORDER BY last, ts",
	SQL(STMT_POST_SET_HIDDEN) =
	    "UPDATE posts SET hidden = ?2, hidden_by = ?3 WHERE id = ?1"
	    " AND hidden <> ?2",
	SQL(STMT_POST_MENTION_ADD) =
	    "INSERT INTO post_mentions (user_id, board_id, post_id)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",

	SQL(STMT_WATCH_ADD) =
	    "INSERT INTO watches (kind, target, user_id) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT DO NOTHING",
	SQL(STMT_WATCH_REMOVE) =
	    "DELETE FROM watches WHERE kind = ?1 AND target = ?2 AND user_id = ?3",
	SQL(STMT_WATCHERS) =
	    VIEWER_COLUMNS "WHERE u.id IN ("
	    " SELECT user_id FROM watches WHERE kind = 0 AND target = ?1"
	    " UNION SELECT user_id FROM watches WHERE kind = 1 AND target = ?2)"
	    " LIMIT ?3",

	SQL(STMT_SAVEPOINT) = "SAVEPOINT boards",
	SQL(STMT_SAVEPOINT_UNDO) = "ROLLBACK TO boards",
	SQL(STMT_SAVEPOINT_RELEASE) = "RELEASE boards",
};

#define STORE_BOARDS_COUNT	(STMT_BOARDS_END - STMT_BOARDS_FIRST)
_Static_assert(STORE_BOARDS_COUNT <= (1 << STORE_MODULE_SHIFT),
    "too many statements for one module");
const struct store_module store_boards_module = {
	store_boards_sql, STORE_BOARDS_COUNT
};

/* Trusts. */

struct store_trust_cb {
	void	(*cb)(const struct store_trust *, void *);
	void	*arg;
};

static void
store_trust_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_trust_cb	*c = arg;
	struct store_trust	 t;

	t.id = sqlite3_column_int64(stmt, 0);
	t.name = store_text(stmt, 1);
	t.region_id = sqlite3_column_int64(stmt, 2);
	t.region = store_text(stmt, 3);
	t.members = sqlite3_column_int64(stmt, 4);
	c->cb(&t, c->arg);
}

enum store_result
store_trust_add(struct store *st, const char *name, int64_t region_id,
    int64_t now_ms, int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_TRUST_ADD, RUN_WRITE, NULL,
	    NULL, "tii", name, region_id, now_ms), id));
}

enum store_result
store_trust_list(struct store *st,
    void (*cb)(const struct store_trust *, void *), void *arg)
{
	struct store_trust_cb	c = { cb, arg };

	return (store_run(st, STMT_TRUST_LIST, 0, store_trust_row, &c, ""));
}

enum store_result
store_trust_exists(struct store *st, int64_t id)
{
	return (store_run(st, STMT_TRUST_EXISTS, RUN_ONE, NULL, NULL, "i", id));
}

enum store_result
store_trust_member_set(struct store *st, int64_t user_id, int64_t trust_id)
{
	enum store_result	res;

	res = store_run(st, STMT_TRUST_LEAVE, RUN_WRITE, NULL, NULL, "i",
	    user_id);
	if (res != STORE_OK || trust_id == 0)
		return (res);
	return (store_run(st, STMT_TRUST_JOIN, RUN_WRITE, NULL, NULL, "ii",
	    user_id, trust_id));
}

static void
store_id_collect(sqlite3_stmt *stmt, void *arg)
{
	struct store_ids	*ids = arg;

	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
	ids->v[ids->n++] = sqlite3_column_int64(stmt, 0);
}

enum store_result
store_user_changes_take(struct store *st, int limit, struct store_ids *out)
{
	out->v = NULL;
	out->n = 0;
	return (store_run(st, STMT_USER_CHANGES, RUN_WRITE, store_id_collect,
	    out, "i", (int64_t)limit));
}

/* Boards. */

static void
store_board_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_board	*b = arg;

	b->id = sqlite3_column_int64(stmt, 0);
	store_copy(b->name, sizeof b->name, stmt, 1);
	b->scope = (enum board_scope)sqlite3_column_int(stmt, 2);
	store_copy(b->scope_ref, sizeof b->scope_ref, stmt, 3);
	b->region_id = sqlite3_column_int64(stmt, 4);
	b->trust_id = sqlite3_column_int64(stmt, 5);
	b->archived = sqlite3_column_int(stmt, 6) != 0;
	b->member = sqlite3_column_int(stmt, 7) != 0;
}

struct store_board_cb {
	void	(*cb)(const struct store_board *, void *);
	void	*arg;
};

static void
store_board_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_board_cb	*c = arg;
	struct store_board	 b;

	store_board_fill(stmt, &b);
	c->cb(&b, c->arg);
}

enum store_result
store_board_add(struct store *st, const char *name, enum board_scope scope,
    int64_t region_id, int64_t trust_id, int64_t now_ms, int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_BOARD_ADD, RUN_WRITE, NULL,
	    NULL, "tizzi", name, (int64_t)scope, region_id, trust_id, now_ms),
	    id));
}

enum store_result
store_board_member_add(struct store *st, int64_t board_id, int64_t user_id)
{
	return (store_run(st, STMT_BOARD_MEMBER_ADD, RUN_WRITE, NULL, NULL,
	    "ii", board_id, user_id));
}

enum store_result
store_board_set_archived(struct store *st, int64_t id, bool archived)
{
	return (store_run(st, STMT_BOARD_ARCHIVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", id, (int64_t)archived));
}

enum store_result
store_board_get(struct store *st, int64_t id, int64_t user_id,
    struct store_board *out)
{
	return (store_run(st, STMT_BOARD_GET, RUN_ONE, store_board_fill, out,
	    "ii", user_id, id));
}

enum store_result
store_board_list(struct store *st, int64_t user_id,
    void (*cb)(const struct store_board *, void *), void *arg)
{
	struct store_board_cb	c = { cb, arg };

	return (store_run(st, STMT_BOARD_LIST, 0, store_board_row, &c, "i",
	    user_id));
}

enum store_result
store_board_counts(struct store *st, int64_t board_id, int64_t user_id,
    int64_t cap, struct store_board_counts *out)
{
	enum store_result	res;

	memset(out, 0, sizeof *out);
	if ((res = store_run(st, STMT_BOARD_UNREAD, 0, store_row_int64,
	    &out->unread, "iii", board_id, user_id, cap)) != STORE_OK ||
	    (res = store_run(st, STMT_BOARD_MENTIONS, 0, store_row_int64,
	    &out->mentions, "iii", board_id, user_id, cap)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_BOARD_THREADS, 0, store_row_int64,
	    &out->threads, "ii", board_id, cap));
}

static void
store_viewer_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_viewer	*v = arg;

	v->user_id = sqlite3_column_int64(stmt, 0);
	store_copy(v->handle, sizeof v->handle, stmt, 1);
	v->region_id = sqlite3_column_int64(stmt, 2);
	v->trust_id = sqlite3_column_int64(stmt, 3);
	v->role = store_role(stmt, 4);
	v->disabled = sqlite3_column_int(stmt, 5) != 0;
	v->member = sqlite3_column_int(stmt, 6) != 0;
	v->observer = sqlite3_column_int(stmt, 7) != 0;
	store_mod_scopes_read(stmt, 8, &v->mods);
}

enum store_result
store_viewer_by_id(struct store *st, int64_t user_id, int64_t board_id,
    struct store_viewer *out)
{
	return (store_run(st, STMT_VIEWER_BY_ID, RUN_ONE, store_viewer_fill, out,
	    "ii", board_id, user_id));
}

enum store_result
store_viewer_by_handle(struct store *st, const char *handle, int64_t board_id,
    struct store_viewer *out)
{
	return (store_run(st, STMT_VIEWER_BY_HANDLE, RUN_ONE, store_viewer_fill,
	    out, "it", board_id, handle));
}

/* Threads. */

struct store_thread_cb {
	void	(*cb)(const struct store_thread *, void *);
	void	*arg;
	int	 limit;
	int	 n;
	bool	 more;
};

static void
store_thread_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_thread_cb	*c = arg;
	struct store_thread	 t;

	/* Pages ask for one row more than they keep, to know there are more. */
	if (c->limit > 0 && c->n++ == c->limit) {
		c->more = true;
		return;
	}
	t.id = sqlite3_column_int64(stmt, 0);
	t.board_id = sqlite3_column_int64(stmt, 1);
	t.user_id = sqlite3_column_int64(stmt, 2);
	t.author = store_text(stmt, 3);
	t.title = store_text(stmt, 4);
	t.tags = (uint32_t)sqlite3_column_int64(stmt, 5);
	t.pinned = sqlite3_column_int(stmt, 6) != 0;
	t.locked = sqlite3_column_int(stmt, 7) != 0;
	t.posts = sqlite3_column_int64(stmt, 8);
	t.last_post_id = sqlite3_column_int64(stmt, 9);
	t.last_post_ts = sqlite3_column_int64(stmt, 10);
	t.created_ms = sqlite3_column_int64(stmt, 11);
	t.read_upto = sqlite3_column_int64(stmt, 12);
	t.unread = sqlite3_column_int64(stmt, 13);
	c->cb(&t, c->arg);
}

static enum store_result
store_thread_add(struct store *st, int64_t board_id, int64_t user_id,
    const char *title, uint32_t tags, int64_t now_ms, int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_THREAD_ADD, RUN_WRITE, NULL,
	    NULL, "iitii", board_id, user_id, title, (int64_t)tags, now_ms),
	    id));
}

/*
 * The thread, its author watching it and its opening post, all or none
 * (a savepoint inside the turn's transaction).
 */
enum store_result
store_thread_create(struct store *st, const char *title, uint32_t tags,
    struct store_post *p, int64_t *thread_id)
{
	enum store_result	res;

	if ((res = store_run(st, STMT_SAVEPOINT, RUN_WRITE, NULL, NULL, "")) !=
	    STORE_OK)
		return (res);
	if ((res = store_thread_add(st, p->board_id, p->user_id, title, tags,
	    p->ts, thread_id)) == STORE_OK &&
	    (res = store_watch_set(st, WATCH_THREAD, *thread_id, p->user_id,
	    true)) == STORE_OK) {
		p->thread_id = *thread_id;
		res = store_post_add(st, p, &p->id);
	}
	if (res != STORE_OK)
		store_run(st, STMT_SAVEPOINT_UNDO, 0, NULL, NULL, "");
	store_run(st, STMT_SAVEPOINT_RELEASE, 0, NULL, NULL, "");
	return (res);
}

enum store_result
store_thread_get(struct store *st, int64_t id,
    void (*cb)(const struct store_thread *, void *), void *arg)
{
	struct store_thread_cb	c = { cb, arg, 0, 0, false };

	return (store_run(st, STMT_THREAD_GET, RUN_ONE, store_thread_row, &c,
	    "i", id));
}

enum store_result
store_thread_page(struct store *st, const struct store_thread_page *page,
    void (*cb)(const struct store_thread *, void *), void *arg, bool *more)
{
	struct store_thread_cb	c = { cb, arg, page->limit, 0, false };
	enum store_result	res;

	res = store_run(st, STMT_THREAD_PAGE, 0, store_thread_row, &c,
	    "iiiiiiii", page->board_id, page->user_id, page->after_pinned,
	    page->after_last, (int64_t)page->tags, (int64_t)page->with_empty,
	    (int64_t)page->limit + 1, page->cap);
	*more = c.more;
	return (res);
}

enum store_result
store_thread_set_flags(struct store *st, int64_t id, bool pinned, bool locked)
{
	return (store_run(st, STMT_THREAD_FLAGS, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "iii", id, (int64_t)pinned, (int64_t)locked));
}

enum store_result
store_thread_move(struct store *st, int64_t id, int64_t board_id)
{
	return (store_run(st, STMT_THREAD_MOVE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", id, board_id));
}

enum store_result
store_thread_read(struct store *st, int64_t user_id, int64_t thread_id,
    int64_t upto, int64_t *after)
{
	enum store_result	res;

	*after = 0;
	if ((res = store_run(st, STMT_THREAD_READ_SET, RUN_WRITE, NULL, NULL,
	    "iii", user_id, thread_id, upto)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_THREAD_READ_GET, 0, store_row_int64, after,
	    "ii", user_id, thread_id));
}

/* Posts. */

struct store_post_cb {
	void	(*cb)(const struct store_post *, void *);
	void	*arg;
	int	 limit;
	int	 n;
	bool	 more;
};

static void
store_post_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_post_cb	*c = arg;
	struct store_post	 p;

	if (c->limit > 0 && c->n++ == c->limit) {
		c->more = true;
		return;
	}
	p.id = sqlite3_column_int64(stmt, 0);
	p.thread_id = sqlite3_column_int64(stmt, 1);
	p.board_id = sqlite3_column_int64(stmt, 2);
	p.user_id = sqlite3_column_int64(stmt, 3);
	p.author = store_text(stmt, 4);
	p.body = store_text(stmt, 5);
	p.quote_post = sqlite3_column_int64(stmt, 6);
	p.quote_text = store_text(stmt, 7);
	p.ts = sqlite3_column_int64(stmt, 8);
	p.edited_ms = sqlite3_column_int64(stmt, 9);
	p.hidden = sqlite3_column_int(stmt, 10) != 0;
	p.personal_data = sqlite3_column_int(stmt, 11) != 0;
	c->cb(&p, c->arg);
}

enum store_result
store_post_add(struct store *st, const struct store_post *p, int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_POST_ADD, RUN_WRITE, NULL,
	    NULL, "iiitztii", p->thread_id, p->board_id, p->user_id, p->body,
	    p->quote_post, p->quote_post > 0 ? p->quote_text : NULL, p->ts,
	    (int64_t)p->personal_data), id));
}

enum store_result
store_post_get(struct store *st, int64_t id,
    void (*cb)(const struct store_post *, void *), void *arg)
{
	struct store_post_cb	c = { cb, arg, 0, 0, false };

	return (store_run(st, STMT_POST_GET, RUN_ONE, store_post_row, &c, "i",
	    id));
}

enum store_result
store_post_page(struct store *st, int64_t thread_id, int64_t after, int limit,
    bool with_hidden, void (*cb)(const struct store_post *, void *), void *arg,
    bool *more)
{
	struct store_post_cb	c = { cb, arg, limit, 0, false };
	enum store_result	res;

	res = store_run(st, STMT_POST_PAGE, 0, store_post_row, &c, "iiii",
	    thread_id, after, (int64_t)limit + 1, (int64_t)with_hidden);
	*more = c.more;
	return (res);
}

enum store_result
store_post_before(struct store *st, int64_t thread_id, int64_t before,
    int limit, void (*cb)(const struct store_post *, void *), void *arg)
{
	struct store_post_cb	c = { cb, arg, limit, 0, false };

	return (store_run(st, STMT_POST_BEFORE, 0, store_post_row, &c, "iii",
	    thread_id, before, (int64_t)limit));
}

enum store_result
store_post_hidden_page(struct store *st, int64_t board_id, int64_t before,
    int limit, void (*cb)(const struct store_post *, void *), void *arg,
    bool *more)
{
	struct store_post_cb	c = { cb, arg, limit, 0, false };
	enum store_result	res;

	res = store_run(st, STMT_POST_HIDDEN_PAGE, 0, store_post_row, &c, "iii",
	    board_id, before > 0 ? before : INT64_MAX, (int64_t)limit + 1);
	*more = c.more;
	return (res);
}

enum store_result
store_post_edit(struct store *st, int64_t id, const char *body, int64_t now_ms,
    bool personal_data)
{
	return (store_run(st, STMT_POST_EDIT, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "itii", id, body, now_ms, (int64_t)personal_data));
}

struct store_version_cb {
	void	(*cb)(int64_t, const char *, void *);
	void	*arg;
};

static void
store_version_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_version_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), store_text(stmt, 1), c->arg);
}

enum store_result
store_post_versions(struct store *st, int64_t id,
    void (*cb)(int64_t, const char *, void *), void *arg)
{
	struct store_version_cb	c = { cb, arg };

	return (store_run(st, STMT_POST_VERSIONS, RUN_ONE, store_version_row,
	    &c, "i", id));
}

/* STORE_NOT_FOUND when the post is already in that state (or missing). */
enum store_result
store_post_set_hidden(struct store *st, int64_t id, bool hidden, int64_t by)
{
	return (store_run(st, STMT_POST_SET_HIDDEN, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "iiz", id, (int64_t)hidden, hidden ? by : 0));
}

enum store_result
store_post_mention_add(struct store *st, int64_t user_id, int64_t board_id,
    int64_t post_id)
{
	return (store_run(st, STMT_POST_MENTION_ADD, RUN_WRITE, NULL, NULL,
	    "iii", user_id, board_id, post_id));
}

/* Watching. */

enum store_result
store_watch_set(struct store *st, enum watch_kind kind, int64_t target,
    int64_t user_id, bool on)
{
	return (store_run(st, on ? STMT_WATCH_ADD : STMT_WATCH_REMOVE,
	    RUN_WRITE, NULL, NULL, "iii", (int64_t)kind, target, user_id));
}

struct store_viewer_cb {
	void	(*cb)(const struct store_viewer *, void *);
	void	*arg;
};

static void
store_viewer_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_viewer_cb	*c = arg;
	struct store_viewer	 v;

	store_viewer_fill(stmt, &v);
	c->cb(&v, c->arg);
}

enum store_result
store_watchers(struct store *st, int64_t board_id, int64_t thread_id,
    int limit, void (*cb)(const struct store_viewer *, void *), void *arg)
{
	struct store_viewer_cb	c = { cb, arg };

	return (store_run(st, STMT_WATCHERS, 0, store_viewer_row, &c, "iii",
	    board_id, thread_id, (int64_t)limit));
}
