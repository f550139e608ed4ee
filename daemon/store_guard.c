/*
 * store_guard.c: the pupil-data guard's rules per scope, as operators set
 * them (staffroomctl guard set). Only changed scopes have a row; the
 * defaults live in guard.c.
 */
#include <sqlite3.h>

#include "store_private.h"

enum store_guard_stmt {
	STMT_GUARD_RULE_SET = STORE_STMT_FIRST(STORE_MODULE_GUARD),
	STMT_GUARD_RULES,
	STMT_GUARD_MESSAGES,
	STMT_GUARD_POSTS,
	STMT_GUARD_TITLES,
	STMT_GUARD_END
};

#define STMT_GUARD_FIRST	STORE_STMT_FIRST(STORE_MODULE_GUARD)
#define SQL(id)			[(id) - STMT_GUARD_FIRST]

static const char *const store_guard_sql[STMT_GUARD_END - STMT_GUARD_FIRST] = {
	SQL(STMT_GUARD_RULE_SET) =
	    "INSERT INTO guard_rules (scope, rule, changed_ms) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (scope) DO UPDATE SET rule = excluded.rule,"
	    " changed_ms = excluded.changed_ms",
	/* At most one row a scope: seven. */
	SQL(STMT_GUARD_RULES) =
	    "SELECT scope, rule, changed_ms FROM guard_rules ORDER BY scope",
	/* Pages by primary key: each is one short read, whatever the size. */
	SQL(STMT_GUARD_MESSAGES) =
	    "SELECT m.id, r.ref, r.kind, m.body, 0, m.id, m.user_id,"
	    " " STORE_ROOM_SCOPE_COLUMNS ", m.hidden FROM messages m"
	    " JOIN rooms r ON r.id = m.room_id " STORE_ROOM_SCOPE_JOIN
	    " WHERE m.id > ?1 ORDER BY m.id LIMIT ?2",
	SQL(STMT_GUARD_POSTS) =
	    "SELECT p.id, 'board:' || p.board_id, -1, p.body, 1, p.id,"
	    " p.user_id, " STORE_BOARD_SCOPE_COLUMNS ", p.hidden FROM posts p"
	    " JOIN boards b ON b.id = p.board_id " STORE_BOARD_SCOPE_JOIN
	    " WHERE p.id > ?1 ORDER BY p.id LIMIT ?2",
	SQL(STMT_GUARD_TITLES) =
	    "SELECT h.id, 'board:' || h.board_id, -1, h.title, 1, p.id,"
	    " h.user_id, " STORE_BOARD_SCOPE_COLUMNS ", COALESCE(p.hidden, 0)"
	    " FROM threads h JOIN boards b ON b.id = h.board_id "
	    STORE_BOARD_SCOPE_JOIN " LEFT JOIN posts p ON p.id ="
	    " (SELECT min(id) FROM posts WHERE thread_id = h.id)"
	    " WHERE h.id > ?1 ORDER BY h.id LIMIT ?2",
};

const struct store_module store_guard_module = {
	store_guard_sql, STMT_GUARD_END - STMT_GUARD_FIRST
};

struct store_guard_cb {
	void	(*cb)(const char *, const char *, int64_t, void *);
	void	*arg;
};

static void
store_guard_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_guard_cb	*c = arg;

	c->cb(store_text(stmt, 0), store_text(stmt, 1),
	    sqlite3_column_int64(stmt, 2), c->arg);
}

enum store_result
store_guard_rule_set(struct store *st, const char *scope, const char *rule,
    int64_t now_ms)
{
	return (store_run(st, STMT_GUARD_RULE_SET, RUN_WRITE, NULL, NULL, "tti",
	    scope, rule, now_ms));
}

enum store_result
store_guard_rules(struct store *st,
    void (*cb)(const char *, const char *, int64_t, void *), void *arg)
{
	struct store_guard_cb	c = { cb, arg };

	return (store_run(st, STMT_GUARD_RULES, 0, store_guard_row, &c, ""));
}

struct store_guard_text_cb {
	void	(*cb)(const struct store_guard_text *, void *);
	void	*arg;
};

static void
store_guard_text_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_guard_text_cb	*c = arg;
	struct store_guard_text		 t;

	t.id = sqlite3_column_int64(stmt, 0);
	t.where = store_text(stmt, 1);
	t.room_kind = sqlite3_column_int(stmt, 2);
	t.text = store_text(stmt, 3);
	t.item_kind = (enum store_item_kind)sqlite3_column_int(stmt, 4);
	t.item_id = sqlite3_column_int64(stmt, 5);
	t.author_id = sqlite3_column_int64(stmt, 6);
	store_scope_columns(stmt, 7, &t.scope);
	t.hidden = sqlite3_column_int(stmt, 10) != 0;
	c->cb(&t, c->arg);
}

enum store_result
store_guard_texts(struct store *st, enum store_guard_source source,
    int64_t after, int limit,
    void (*cb)(const struct store_guard_text *, void *), void *arg)
{
	static const int		 stmts[] = {
		[STORE_GUARD_MESSAGES] = STMT_GUARD_MESSAGES,
		[STORE_GUARD_POSTS] = STMT_GUARD_POSTS,
		[STORE_GUARD_TITLES] = STMT_GUARD_TITLES,
	};
	struct store_guard_text_cb	 c = { cb, arg };

	return (store_run(st, stmts[source], 0, store_guard_text_row, &c, "ii",
	    after, (int64_t)limit));
}
