/*
 * store_words.c: watched words and phrases per scope (national, a region,
 * a trust: scope and ref_id as in the moderators table), each with its
 * action. The rule is kept as typed, for people to read, and folded
 * (words.c) as its key, which matching and uniqueness use.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store_private.h"

enum store_words_stmt {
	STMT_WORDS_ADD = STORE_STMT_FIRST(STORE_MODULE_WORDS),
	STMT_WORDS_COUNT,
	STMT_WORDS_LIST,
	STMT_WORDS_GET,
	STMT_WORDS_REMOVE,
	STMT_WORDS_FOR,
	STMT_WORDS_TRUST_REGION,
	STMT_HELD_ADD,
	STMT_HELD_ENTRY,
	STMT_HELD_REPORT,
	STMT_HELD_GET,
	STMT_HELD_DECIDE,
	STMT_HELD_UNTOLD,
	STMT_HELD_TOLD,
	STMT_WORDS_END
};

#define STMT_WORDS_FIRST	STORE_STMT_FIRST(STORE_MODULE_WORDS)
#define SQL(id)			[(id) - STMT_WORDS_FIRST]

/* A held row's columns, as store_held_row reads them. */
#define HELD_COLUMNS \
	"id, COALESCE(room_id, 0), user_id, body, personal_data, word_id," \
	" label, ts, COALESCE(decided_ms, 0), COALESCE(msg_id, 0)," \
	" COALESCE(board_id, 0), COALESCE(thread_id, 0), title, tags," \
	" COALESCE(quote_post, 0), quote_text, COALESCE(post_id, 0), reason" \
	" FROM held"

/* A rule's columns, as store_words_row reads them. */
#define WORDS_COLUMNS \
	"w.id, w.scope, w.ref_id, COALESCE(t.region_id, 0), w.rule, w.key," \
	" w.action, w.label, COALESCE(w.by_id, 0), u.handle, w.created_ms" \
	" FROM watched_words w LEFT JOIN users u ON u.id = w.by_id" \
	" LEFT JOIN trusts t ON w.scope = 2 AND t.id = w.ref_id"

static const char *const store_words_sql[STMT_WORDS_END - STMT_WORDS_FIRST] = {
	SQL(STMT_WORDS_ADD) =
	    "INSERT INTO watched_words (scope, ref_id, rule, key, action, label,"
	    " by_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	SQL(STMT_WORDS_COUNT) =
	    "SELECT count(*) FROM watched_words WHERE scope = ?1 AND ref_id = ?2",
	SQL(STMT_WORDS_LIST) =
	    "SELECT " WORDS_COLUMNS " WHERE w.scope = ?1 AND w.ref_id = ?2"
	    " AND w.id > ?3 ORDER BY w.id LIMIT ?4",
	SQL(STMT_WORDS_GET) =
	    "SELECT " WORDS_COLUMNS " WHERE w.id = ?1",
	SQL(STMT_WORDS_REMOVE) =
	    "DELETE FROM watched_words WHERE id = ?1",
	/* An item's scope takes the national rules, its region's and its trust's. */
	SQL(STMT_WORDS_FOR) =
	    "SELECT " WORDS_COLUMNS " WHERE w.scope = 0"
	    " OR (w.scope = 1 AND w.ref_id = ?1) OR (w.scope = 2 AND w.ref_id = ?2)"
	    " ORDER BY w.id",
	SQL(STMT_WORDS_TRUST_REGION) =
	    "SELECT region_id FROM trusts WHERE id = ?1",
	SQL(STMT_HELD_ADD) =
	    "INSERT INTO held (room_id, user_id, body, personal_data, word_id,"
	    " label, ts, board_id, thread_id, title, tags, quote_post,"
	    " quote_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13)",
	/* Its item is the held row (held_id), not yet a message or post. */
	SQL(STMT_HELD_ENTRY) =
	    "INSERT INTO mod_queue (item_kind, item_id, author_id, scope,"
	    " region_id, trust_id, created_ms, held_id)"
	    " VALUES (?7, 0, ?1, ?2, ?3, ?4, ?5, ?6)",
	/* The words' report: no reporter, kind 4 (other). */
	SQL(STMT_HELD_REPORT) =
	    "INSERT INTO mod_reports (entry_id, reporter_id, kind, reason,"
	    " created_ms, source, rule) VALUES (?1, NULL, 4, ?2, ?3, 2, ?4)",
	SQL(STMT_HELD_GET) =
	    "SELECT " HELD_COLUMNS " WHERE id = ?1",
	SQL(STMT_HELD_DECIDE) =
	    "UPDATE held SET decided_ms = ?3,"
	    " msg_id = CASE WHEN room_id IS NOT NULL THEN ?2 END,"
	    " post_id = CASE WHEN board_id IS NOT NULL THEN ?2 END,"
	    " reason = ?4, told_ms = ?5 WHERE id = ?1 AND decided_ms IS NULL",
	SQL(STMT_HELD_UNTOLD) =
	    "SELECT " HELD_COLUMNS " WHERE user_id = ?1"
	    " AND told_ms IS NULL AND decided_ms IS NOT NULL"
	    " ORDER BY id LIMIT ?2",
	SQL(STMT_HELD_TOLD) =
	    "UPDATE held SET told_ms = ?3 WHERE user_id = ?1 AND id <= ?2"
	    " AND told_ms IS NULL AND decided_ms IS NOT NULL",
};

const struct store_module store_words_module = {
	store_words_sql, STMT_WORDS_END - STMT_WORDS_FIRST
};

/* The scope's row numbers: the region's or trust's id, 0 for national. */
static int64_t
store_words_ref(const struct store_mod_scope *scope)
{
	return (scope->scope == BOARD_REGION ? scope->region_id :
	    scope->scope == BOARD_TRUST ? scope->trust_id : 0);
}

struct store_words_cb {
	void	(*cb)(const struct store_word *, void *);
	void	*arg;
	int	 limit;		/* rows past it only say there are more */
	int	 n;
	bool	 more;
};

static void
store_words_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_words_cb	*c = arg;
	struct store_word	 w;
	int64_t			 ref;

	memset(&w, 0, sizeof w);
	w.id = sqlite3_column_int64(stmt, 0);
	w.scope.scope = (enum board_scope)sqlite3_column_int(stmt, 1);
	ref = sqlite3_column_int64(stmt, 2);
	if (w.scope.scope == BOARD_REGION)
		w.scope.region_id = ref;
	else if (w.scope.scope == BOARD_TRUST) {
		w.scope.trust_id = ref;
		w.scope.region_id = sqlite3_column_int64(stmt, 3);
	}
	w.rule = store_text(stmt, 4);
	w.key = store_text(stmt, 5);
	w.action = (enum store_words_action)sqlite3_column_int(stmt, 6);
	w.label = store_text(stmt, 7);
	w.by_id = sqlite3_column_int64(stmt, 8);
	w.by = sqlite3_column_type(stmt, 9) == SQLITE_NULL ? NULL :
	    store_text(stmt, 9);
	w.created_ms = sqlite3_column_int64(stmt, 10);
	if (++c->n > c->limit) {
		c->more = true;
		return;
	}
	c->cb(&w, c->arg);
}

enum store_result
store_words_count(struct store *st, const struct store_mod_scope *scope,
    int64_t *n)
{
	*n = 0;
	return (store_run(st, STMT_WORDS_COUNT, 0, store_row_int64, n, "ii",
	    (int64_t)scope->scope, store_words_ref(scope)));
}

enum store_result
store_word_add(struct store *st, const struct store_word *w, int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_WORDS_ADD, RUN_WRITE, NULL,
	    NULL, "iittitzi", (int64_t)w->scope.scope, store_words_ref(&w->scope),
	    w->rule, w->key, (int64_t)w->action, w->label != NULL ? w->label :
	    "", w->by_id, w->created_ms), id));
}

enum store_result
store_words_list(struct store *st, const struct store_mod_scope *scope,
    int64_t after, int limit, void (*cb)(const struct store_word *, void *),
    void *arg, bool *more)
{
	struct store_words_cb	c = { cb, arg, limit, 0, false };
	enum store_result	res;

	res = store_run(st, STMT_WORDS_LIST, 0, store_words_row, &c, "iiii",
	    (int64_t)scope->scope, store_words_ref(scope), after,
	    (int64_t)limit + 1);
	*more = c.more;
	return (res);
}

enum store_result
store_word_get(struct store *st, int64_t id,
    void (*cb)(const struct store_word *, void *), void *arg)
{
	struct store_words_cb	c = { cb, arg, 1, 0, false };

	return (store_run(st, STMT_WORDS_GET, RUN_ONE, store_words_row, &c, "i",
	    id));
}

enum store_result
store_word_remove(struct store *st, int64_t id)
{
	return (store_run(st, STMT_WORDS_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "i", id));
}

enum store_result
store_words_for(struct store *st, const struct store_mod_scope *scope,
    void (*cb)(const struct store_word *, void *), void *arg)
{
	struct store_words_cb	c = { cb, arg, PROTO_WORDS_PER_SCOPE * 3, 0,
				    false };

	/* Private rooms and boards have no scope with rules. */
	if (scope->scope != BOARD_NATIONAL && scope->scope != BOARD_REGION &&
	    scope->scope != BOARD_TRUST)
		return (STORE_OK);
	return (store_run(st, STMT_WORDS_FOR, 0, store_words_row, &c, "ii",
	    scope->region_id, scope->trust_id));
}

enum store_result
store_trust_region(struct store *st, int64_t trust_id, int64_t *region_id)
{
	*region_id = 0;
	return (store_run(st, STMT_WORDS_TRUST_REGION, RUN_ONE, store_row_int64,
	    region_id, "i", trust_id));
}

enum store_result
store_held_add(struct store *st, const struct store_held *h,
    const struct store_mod_scope *scope, const char *reason, int64_t *id,
    int64_t *entry_id)
{
	enum store_result	res;
	char			rule[32];

	if ((res = store_rowid(st, store_run(st, STMT_HELD_ADD, RUN_WRITE, NULL,
	    NULL, "zitiitizztizt", h->room_id, h->user_id, h->body,
	    (int64_t)h->personal_data, h->word_id, h->label, h->ts, h->board_id,
	    h->thread_id, h->title != NULL ? h->title : "", (int64_t)h->tags,
	    h->quote_post, h->quote_post != 0 ? h->quote_text : NULL), id)) !=
	    STORE_OK)
		return (res);
	if ((res = store_rowid(st, store_run(st, STMT_HELD_ENTRY, RUN_WRITE,
	    NULL, NULL, "iizziii", h->user_id, (int64_t)scope->scope,
	    scope->region_id, scope->trust_id, h->ts, *id, (int64_t)(h->room_id
	    != 0 ? STORE_ITEM_MSG : STORE_ITEM_POST)), entry_id)) != STORE_OK)
		return (res);
	snprintf(rule, sizeof rule, "word:%lld", (long long)h->word_id);
	return (store_run(st, STMT_HELD_REPORT, RUN_WRITE, NULL, NULL, "itit",
	    *entry_id, reason, h->ts, rule));
}

struct store_held_cb {
	void	(*cb)(const struct store_held *, void *);
	void	*arg;
};

static void
store_held_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_held_cb	*c = arg;
	struct store_held	 h;

	h.id = sqlite3_column_int64(stmt, 0);
	h.room_id = sqlite3_column_int64(stmt, 1);
	h.user_id = sqlite3_column_int64(stmt, 2);
	h.body = store_text(stmt, 3);
	h.personal_data = sqlite3_column_int(stmt, 4) != 0;
	h.word_id = sqlite3_column_int64(stmt, 5);
	h.label = store_text(stmt, 6);
	h.ts = sqlite3_column_int64(stmt, 7);
	h.decided_ms = sqlite3_column_int64(stmt, 8);
	h.msg_id = sqlite3_column_int64(stmt, 9);
	h.board_id = sqlite3_column_int64(stmt, 10);
	h.thread_id = sqlite3_column_int64(stmt, 11);
	h.title = store_text(stmt, 12);
	h.tags = (uint32_t)sqlite3_column_int64(stmt, 13);
	h.quote_post = sqlite3_column_int64(stmt, 14);
	h.quote_text = sqlite3_column_type(stmt, 15) == SQLITE_NULL ? NULL :
	    store_text(stmt, 15);
	h.post_id = sqlite3_column_int64(stmt, 16);
	h.reason = sqlite3_column_type(stmt, 17) == SQLITE_NULL ? NULL :
	    store_text(stmt, 17);
	c->cb(&h, c->arg);
}

enum store_result
store_held_get(struct store *st, int64_t id,
    void (*cb)(const struct store_held *, void *), void *arg)
{
	struct store_held_cb	c = { cb, arg };

	return (store_run(st, STMT_HELD_GET, RUN_ONE, store_held_row, &c, "i",
	    id));
}

enum store_result
store_held_decide(struct store *st, int64_t id, int64_t item_id,
    const char *reason, int64_t now_ms, int64_t told_ms)
{
	return (store_run(st, STMT_HELD_DECIDE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "izitz", id, item_id, now_ms, reason, told_ms));
}

enum store_result
store_held_untold(struct store *st, int64_t user_id, int limit,
    void (*cb)(const struct store_held *, void *), void *arg)
{
	struct store_held_cb	c = { cb, arg };

	return (store_run(st, STMT_HELD_UNTOLD, 0, store_held_row, &c, "ii",
	    user_id, (int64_t)limit));
}

enum store_result
store_held_told(struct store *st, int64_t user_id, int64_t upto,
    int64_t now_ms)
{
	return (store_run(st, STMT_HELD_TOLD, RUN_WRITE, NULL, NULL, "iii",
	    user_id, upto, now_ms));
}
