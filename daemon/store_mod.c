/*
 * store_mod.c: moderation. Reports of one item gather in its one open
 * queue entry, which keeps the item's scope so a moderator's queue is an
 * indexed read of their scopes; sanctions of a person, in force until
 * their end or until lifted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "log.h"
#include "store_private.h"

enum store_mod_stmt {
	STMT_ROOM_MOD_SCOPE = STORE_STMT_FIRST(STORE_MODULE_MOD),
	STMT_ENTRY_OPEN,
	STMT_ENTRY_FIND,
	STMT_REPORT_ADD,
	STMT_REPORT_SYSTEM_FILED,
	STMT_QUEUE,
	STMT_ENTRY_GET,
	STMT_REPORTS,
	STMT_RESOLVE,
	STMT_SANCTION_ADD,
	STMT_SANCTIONS_OF,
	STMT_SANCTIONS_OPEN,
	STMT_SANCTION_GET,
	STMT_SANCTION_LIFT,
	STMT_SANCTIONS_SEEN,
	STMT_MODERATOR_ADD,
	STMT_MODERATOR_REMOVE,
	STMT_MODERATOR_LIST,
	STMT_MODERATOR_IDS,
	STMT_MODERATORS_OF,
	STMT_ADMINS_COUNT,
	STMT_REPORT_TOLD,
	STMT_REPORTS_UNTOLD,
	STMT_MOD_END
};

#define ENTRY_COLUMNS \
	"SELECT id, item_kind, item_id, author_id, scope," \
	" COALESCE(region_id, 0), COALESCE(trust_id, 0), created_ms," \
	" resolved_ms IS NOT NULL, COALESCE(held_id, 0) FROM mod_queue "

#define SANCTION_COLUMNS \
	"SELECT s.id, s.user_id, s.kind, COALESCE(s.room_id, 0), r.ref," \
	" s.reason, s.by_id, COALESCE(s.entry_id, 0), s.created_ms," \
	" COALESCE(s.until_ms, 0), COALESCE(s.lifted_ms, 0)," \
	" COALESCE(s.seen_ms, 0)" \
	" FROM sanctions s LEFT JOIN rooms r ON r.id = s.room_id "

#define MODERATOR_COLUMNS \
	"SELECT m.user_id, u.handle, m.scope, m.ref_id," \
	" CASE m.scope WHEN 0 THEN 'national' WHEN 1 THEN 'region:' || g.slug" \
	" ELSE 'trust:' || m.ref_id END, COALESCE(g.name, t.name, '')," \
	" COALESCE(t.region_id, 0)" \
	" FROM moderators m JOIN users u ON u.id = m.user_id" \
	" LEFT JOIN regions g ON m.scope = 1 AND g.id = m.ref_id" \
	" LEFT JOIN trusts t ON m.scope = 2 AND t.id = m.ref_id "

static const char *const store_mod_sql[STMT_MOD_END -
    STORE_STMT_FIRST(STORE_MODULE_MOD)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_MOD)]
	/* Room kinds 0-2 are board scopes 0-2; private rooms are scope 3. */
	S(STMT_ROOM_MOD_SCOPE) =
	    "SELECT " STORE_ROOM_SCOPE_COLUMNS " FROM rooms r "
	    STORE_ROOM_SCOPE_JOIN " WHERE r.id = ?1",
	S(STMT_ENTRY_OPEN) =
	    "INSERT INTO mod_queue (item_kind, item_id, author_id, scope,"
	    " region_id, trust_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (item_kind, item_id) WHERE resolved_ms IS NULL"
	    " AND held_id IS NULL DO NOTHING",
	S(STMT_ENTRY_FIND) =
	    "SELECT id FROM mod_queue WHERE item_kind = ?1 AND item_id = ?2"
	    " AND resolved_ms IS NULL AND held_id IS NULL",
	S(STMT_REPORT_ADD) =
	    "INSERT INTO mod_reports (entry_id, reporter_id, kind, reason,"
	    " created_ms, source, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* Resolved entries count: a dismissed flag is not raised again. */
	S(STMT_REPORT_SYSTEM_FILED) =
	    "SELECT 1 FROM mod_queue q JOIN mod_reports p ON p.entry_id = q.id"
	    " WHERE q.item_kind = ?1 AND q.item_id = ?2 AND p.source = ?3"
	    " AND p.rule = ?4 LIMIT 1",
	/* ?5 and ?6: JSON arrays of region and trust ids. */
	S(STMT_QUEUE) =
	    ENTRY_COLUMNS "WHERE resolved_ms IS NULL AND id > ?1 AND (?3"
	    " OR (scope = 0 AND ?4)"
	    " OR (scope IN (1, 2) AND region_id IN (SELECT value FROM json_each(?5)))"
	    " OR (scope = 2 AND trust_id IN (SELECT value FROM json_each(?6))))"
	    " ORDER BY id LIMIT ?2",
	S(STMT_ENTRY_GET) = ENTRY_COLUMNS "WHERE id = ?1",
	S(STMT_REPORTS) =
	    "SELECT p.id, COALESCE(p.reporter_id, 0), u.handle, p.kind,"
	    " p.reason, p.created_ms, p.source, p.rule FROM mod_reports p"
	    " LEFT JOIN users u ON u.id = p.reporter_id"
	    " WHERE p.entry_id = ?1 ORDER BY p.id LIMIT ?2",
	S(STMT_RESOLVE) =
	    "UPDATE mod_queue SET resolved_ms = ?4, resolved_by = ?2,"
	    " action = ?3, reason = ?5 WHERE id = ?1 AND resolved_ms IS NULL",
	S(STMT_SANCTION_ADD) =
	    "INSERT INTO sanctions (user_id, kind, room_id, reason, by_id,"
	    " entry_id, created_ms, until_ms)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	S(STMT_SANCTIONS_OF) =
	    SANCTION_COLUMNS "WHERE s.user_id = ?1 ORDER BY s.id DESC LIMIT ?2",
	/* A first cut only: policy.c decides what is in force. */
	S(STMT_SANCTIONS_OPEN) =
	    SANCTION_COLUMNS "WHERE s.user_id = ?1 AND s.lifted_ms IS NULL"
	    " AND (s.until_ms IS NULL OR s.until_ms > ?3)"
	    " ORDER BY s.id DESC LIMIT ?2",
	S(STMT_SANCTION_GET) = SANCTION_COLUMNS "WHERE s.id = ?1",
	S(STMT_SANCTION_LIFT) =
	    "UPDATE sanctions SET lifted_ms = ?2 WHERE id = ?1"
	    " AND lifted_ms IS NULL",
	S(STMT_SANCTIONS_SEEN) =
	    "UPDATE sanctions SET seen_ms = ?2 WHERE user_id = ?1"
	    " AND seen_ms IS NULL AND created_ms <= ?2",
	S(STMT_MODERATOR_ADD) =
	    "INSERT INTO moderators (user_id, scope, ref_id) VALUES (?1, ?2, ?3)",
	S(STMT_MODERATOR_REMOVE) =
	    "DELETE FROM moderators WHERE user_id = ?1 AND scope = ?2"
	    " AND ref_id = ?3",
	S(STMT_MODERATOR_LIST) =
	    MODERATOR_COLUMNS "WHERE ?1 = 0 OR m.user_id = ?1"
	    " ORDER BY u.handle, m.scope, g.slug, m.ref_id",
	/* A trust is moderated by its own moderators and its region's (?3). */
	S(STMT_MODERATORS_OF) =
	    MODERATOR_COLUMNS "WHERE NOT u.disabled AND ((m.scope = ?1 AND"
	    " m.ref_id = ?2) OR (?1 = 2 AND m.scope = 1 AND m.ref_id = ?3))"
	    " ORDER BY u.handle, m.scope LIMIT ?4",
	S(STMT_ADMINS_COUNT) =
	    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND NOT disabled",
	S(STMT_MODERATOR_IDS) =
	    "SELECT user_id FROM moderators UNION"
	    " SELECT id FROM users WHERE role = 'admin'",
	S(STMT_REPORT_TOLD) =
	    "UPDATE mod_reports SET told_ms = ?2 WHERE id = ?1"
	    " AND told_ms IS NULL",
	S(STMT_REPORTS_UNTOLD) =
	    "SELECT p.id, q.action FROM mod_reports p"
	    " JOIN mod_queue q ON q.id = p.entry_id"
	    " WHERE p.reporter_id = ?1 AND p.told_ms IS NULL"
	    " AND q.resolved_ms IS NOT NULL ORDER BY p.id LIMIT ?2",
#undef S
};

const struct store_module store_mod_module = {
	store_mod_sql,
	STMT_MOD_END - STORE_STMT_FIRST(STORE_MODULE_MOD)
};

void
store_scope_columns(sqlite3_stmt *stmt, int col, struct store_mod_scope *s)
{
	s->scope = (enum board_scope)sqlite3_column_int(stmt, col);
	s->region_id = sqlite3_column_int64(stmt, col + 1);
	s->trust_id = sqlite3_column_int64(stmt, col + 2);
}

static void
store_mod_scope_row(sqlite3_stmt *stmt, void *arg)
{
	store_scope_columns(stmt, 0, arg);
}

enum store_result
store_room_mod_scope(struct store *st, int64_t room_id,
    struct store_mod_scope *out)
{
	memset(out, 0, sizeof *out);
	return (store_run(st, STMT_ROOM_MOD_SCOPE, RUN_ONE, store_mod_scope_row,
	    out, "i", room_id));
}

/* A scope as its row's two numbers. */
static int64_t
store_mod_ref(const struct store_mod_scope *scope)
{
	switch (scope->scope) {
	case BOARD_REGION:
		return (scope->region_id);
	case BOARD_TRUST:
		return (scope->trust_id);
	case BOARD_NATIONAL:
	case BOARD_PRIVATE:
	case BOARD_SERIES:
		break;
	}
	return (0);
}

static void
store_mod_scope_set(struct store_mod_scope *out, int scope, int64_t ref_id)
{
	memset(out, 0, sizeof *out);
	out->scope = (enum board_scope)scope;
	if (out->scope == BOARD_REGION)
		out->region_id = ref_id;
	else if (out->scope == BOARD_TRUST)
		out->trust_id = ref_id;
}

void
store_mod_scopes_read(sqlite3_stmt *stmt, int col, struct store_mod_scopes *out)
{
	const char	*p = store_text(stmt, col);
	char		*end;
	long long	 scope, ref_id;

	memset(out, 0, sizeof *out);
	while (*p != '\0' && out->n < STORE_MOD_SCOPES_MAX) {
		scope = strtoll(p, &end, 10);
		if (*end != ':')
			break;
		ref_id = strtoll(end + 1, &end, 10);
		store_mod_scope_set(&out->v[out->n++], (int)scope, ref_id);
		if (*end != ',')
			break;
		p = end + 1;
	}
}

enum store_result
store_moderator_add(struct store *st, int64_t user_id,
    const struct store_mod_scope *scope)
{
	return (store_run(st, STMT_MODERATOR_ADD, RUN_WRITE, NULL, NULL, "iii",
	    user_id, (int64_t)scope->scope, store_mod_ref(scope)));
}

enum store_result
store_moderator_remove(struct store *st, int64_t user_id,
    const struct store_mod_scope *scope)
{
	return (store_run(st, STMT_MODERATOR_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "iii", user_id, (int64_t)scope->scope, store_mod_ref(scope)));
}

struct store_moderator_cb {
	void	(*cb)(const struct store_moderator *, void *);
	void	*arg;
};

static void
store_moderator_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_moderator_cb	*c = arg;
	struct store_moderator		 m;

	m.user_id = sqlite3_column_int64(stmt, 0);
	m.handle = store_text(stmt, 1);
	store_mod_scope_set(&m.scope, sqlite3_column_int(stmt, 2),
	    sqlite3_column_int64(stmt, 3));
	m.ref = store_text(stmt, 4);
	m.name = store_text(stmt, 5);
	if (m.scope.scope == BOARD_TRUST)
		m.scope.region_id = sqlite3_column_int64(stmt, 6);
	c->cb(&m, c->arg);
}

enum store_result
store_moderator_list(struct store *st, int64_t user_id,
    void (*cb)(const struct store_moderator *, void *), void *arg)
{
	struct store_moderator_cb	c = { cb, arg };

	return (store_run(st, STMT_MODERATOR_LIST, 0, store_moderator_row, &c,
	    "i", user_id));
}

enum store_result
store_moderators_of(struct store *st, const struct store_mod_scope *scope,
    int limit, void (*cb)(const struct store_moderator *, void *), void *arg)
{
	struct store_moderator_cb	c = { cb, arg };

	return (store_run(st, STMT_MODERATORS_OF, 0, store_moderator_row, &c,
	    "iiii", (int64_t)scope->scope, store_mod_ref(scope),
	    scope->region_id, (int64_t)limit));
}

enum store_result
store_admins_count(struct store *st, int64_t *n)
{
	*n = 0;
	return (store_run(st, STMT_ADMINS_COUNT, RUN_ONE, store_row_int64, n,
	    ""));
}

enum store_result
store_moderator_ids(struct store *st, void (*cb)(int64_t, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_MODERATOR_IDS, 0, store_id_row, &c, ""));
}

enum store_result
store_report_add(struct store *st, const struct store_report_new *r,
    int64_t *id, int64_t *entry_id)
{
	enum store_result	res;
	int64_t			entry = 0, filed = 0;

	if (r->source != STORE_REPORT_PERSON) {
		res = store_run(st, STMT_REPORT_SYSTEM_FILED, 0, store_row_int64,
		    &filed, "iiit", (int64_t)r->item_kind, r->item_id,
		    (int64_t)r->source, r->rule != NULL ? r->rule : "");
		if (res != STORE_OK || filed != 0)
			return (res != STORE_OK ? res : STORE_EXISTS);
	}
	res = store_run(st, STMT_ENTRY_OPEN, RUN_WRITE, NULL, NULL, "iiiizzi",
	    (int64_t)r->item_kind, r->item_id, r->author_id,
	    (int64_t)r->scope.scope, r->scope.region_id, r->scope.trust_id,
	    r->now_ms);
	if (res == STORE_OK)
		res = store_run(st, STMT_ENTRY_FIND, RUN_ONE, store_row_int64,
		    &entry, "ii", (int64_t)r->item_kind, r->item_id);
	if (res != STORE_OK)
		return (res);
	*entry_id = entry;
	return (store_rowid(st, store_run(st, STMT_REPORT_ADD, RUN_WRITE, NULL,
	    NULL, "izitiit", entry, r->reporter_id, (int64_t)r->kind, r->reason,
	    r->now_ms, (int64_t)r->source, r->rule != NULL ? r->rule : ""),
	    id));
}

enum store_result
store_report_told(struct store *st, int64_t report_id, int64_t now_ms)
{
	return (store_run(st, STMT_REPORT_TOLD, RUN_WRITE, NULL, NULL, "ii",
	    report_id, now_ms));
}

struct store_untold_cb {
	void	(*cb)(int64_t, int, void *);
	void	*arg;
};

static void
store_untold_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_untold_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1),
	    c->arg);
}

enum store_result
store_reports_untold(struct store *st, int64_t user_id, int limit,
    void (*cb)(int64_t report_id, int action, void *), void *arg)
{
	struct store_untold_cb	c = { cb, arg };

	return (store_run(st, STMT_REPORTS_UNTOLD, 0, store_untold_row, &c,
	    "ii", user_id, (int64_t)limit));
}

struct store_entry_cb {
	void	(*cb)(const struct store_mod_entry *, void *);
	void	*arg;
	int	 limit;
	int	 n;
	bool	 more;
};

static void
store_entry_read(sqlite3_stmt *stmt, struct store_mod_entry *e)
{
	e->id = sqlite3_column_int64(stmt, 0);
	e->item_kind = (enum store_item_kind)sqlite3_column_int(stmt, 1);
	e->item_id = sqlite3_column_int64(stmt, 2);
	e->author_id = sqlite3_column_int64(stmt, 3);
	e->scope.scope = (enum board_scope)sqlite3_column_int(stmt, 4);
	e->scope.region_id = sqlite3_column_int64(stmt, 5);
	e->scope.trust_id = sqlite3_column_int64(stmt, 6);
	e->created_ms = sqlite3_column_int64(stmt, 7);
	e->resolved = sqlite3_column_int(stmt, 8) != 0;
	e->held_id = sqlite3_column_int64(stmt, 9);
}

static void
store_entry_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_entry_cb	*c = arg;
	struct store_mod_entry	 e;

	if (c->n++ == c->limit) {
		c->more = true;
		return;
	}
	store_entry_read(stmt, &e);
	c->cb(&e, c->arg);
}

enum store_result
store_mod_queue(struct store *st, const struct store_mod_reach *reach,
    int64_t after, int limit,
    void (*cb)(const struct store_mod_entry *, void *), void *arg, bool *more)
{
	struct store_entry_cb	c = { cb, arg, limit, 0, false };
	enum store_result	res;
	char			regions[STORE_MOD_SCOPES_MAX * 21 + 3];
	char			trusts[sizeof regions];

	store_json_ids(reach->regions, reach->nregions, regions,
	    sizeof regions);
	store_json_ids(reach->trusts, reach->ntrusts, trusts, sizeof trusts);
	res = store_run(st, STMT_QUEUE, 0, store_entry_row, &c, "iiiitt", after,
	    (int64_t)limit + 1, (int64_t)reach->all, (int64_t)reach->national,
	    regions, trusts);
	*more = c.more;
	return (res);
}

static void
store_entry_copy(sqlite3_stmt *stmt, void *arg)
{
	store_entry_read(stmt, arg);
}

enum store_result
store_mod_entry_get(struct store *st, int64_t id, struct store_mod_entry *out)
{
	memset(out, 0, sizeof *out);
	return (store_run(st, STMT_ENTRY_GET, RUN_ONE, store_entry_copy, out,
	    "i", id));
}

struct store_report_cb {
	void	(*cb)(const struct store_report *, void *);
	void	*arg;
};

static void
store_report_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_report_cb	*c = arg;
	struct store_report	 r;

	r.id = sqlite3_column_int64(stmt, 0);
	r.reporter_id = sqlite3_column_int64(stmt, 1);
	r.reporter = sqlite3_column_type(stmt, 2) == SQLITE_NULL ? NULL :
	    store_text(stmt, 2);
	r.kind = sqlite3_column_int(stmt, 3);
	r.reason = store_text(stmt, 4);
	r.ts = sqlite3_column_int64(stmt, 5);
	r.source = (enum store_report_source)sqlite3_column_int(stmt, 6);
	r.rule = store_text(stmt, 7);
	c->cb(&r, c->arg);
}

enum store_result
store_mod_reports(struct store *st, int64_t entry_id, int limit,
    void (*cb)(const struct store_report *, void *), void *arg)
{
	struct store_report_cb	c = { cb, arg };

	return (store_run(st, STMT_REPORTS, 0, store_report_row, &c, "ii",
	    entry_id, (int64_t)limit));
}

enum store_result
store_mod_resolve(struct store *st, int64_t entry_id, int64_t by, int action,
    const char *reason, int64_t now_ms)
{
	return (store_run(st, STMT_RESOLVE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "iziit", entry_id, by, (int64_t)action, now_ms, reason));
}

enum store_result
store_sanction_add(struct store *st, const struct store_sanction *s,
    int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_SANCTION_ADD, RUN_WRITE, NULL,
	    NULL, "iiztzziz", s->user_id, (int64_t)s->kind, s->room_id,
	    s->reason, s->by_id, s->entry_id, s->created_ms, s->until_ms), id));
}

struct store_sanction_cb {
	void	(*cb)(const struct store_sanction *, void *);
	void	*arg;
};

static void
store_sanction_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_sanction_cb	*c = arg;
	struct store_sanction		 s;

	s.id = sqlite3_column_int64(stmt, 0);
	s.user_id = sqlite3_column_int64(stmt, 1);
	s.kind = (enum sanction_kind)sqlite3_column_int(stmt, 2);
	s.room_id = sqlite3_column_int64(stmt, 3);
	s.room = sqlite3_column_type(stmt, 4) == SQLITE_NULL ? NULL :
	    store_text(stmt, 4);
	s.reason = store_text(stmt, 5);
	s.by_id = sqlite3_column_int64(stmt, 6);
	s.entry_id = sqlite3_column_int64(stmt, 7);
	s.created_ms = sqlite3_column_int64(stmt, 8);
	s.until_ms = sqlite3_column_int64(stmt, 9);
	s.lifted_ms = sqlite3_column_int64(stmt, 10);
	s.seen_ms = sqlite3_column_int64(stmt, 11);
	c->cb(&s, c->arg);
}

enum store_result
store_sanctions_of(struct store *st, int64_t user_id, bool open_only,
    int64_t now_ms, int limit,
    void (*cb)(const struct store_sanction *, void *), void *arg)
{
	struct store_sanction_cb	c = { cb, arg };

	if (open_only)
		return (store_run(st, STMT_SANCTIONS_OPEN, 0, store_sanction_row,
		    &c, "iii", user_id, (int64_t)limit, now_ms));
	return (store_run(st, STMT_SANCTIONS_OF, 0, store_sanction_row, &c,
	    "ii", user_id, (int64_t)limit));
}

enum store_result
store_sanction_get(struct store *st, int64_t id,
    void (*cb)(const struct store_sanction *, void *), void *arg)
{
	struct store_sanction_cb	c = { cb, arg };

	return (store_run(st, STMT_SANCTION_GET, RUN_ONE, store_sanction_row,
	    &c, "i", id));
}

enum store_result
store_sanction_lift(struct store *st, int64_t id, int64_t now_ms)
{
	return (store_run(st, STMT_SANCTION_LIFT, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", id, now_ms));
}

enum store_result
store_sanctions_seen(struct store *st, int64_t user_id, int64_t now_ms)
{
	return (store_run(st, STMT_SANCTIONS_SEEN, RUN_WRITE, NULL, NULL, "ii",
	    user_id, now_ms));
}
