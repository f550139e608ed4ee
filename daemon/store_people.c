/*
 * store_people.c: profiles, presence settings and last seen, the people who
 * may hear a person's presence, and blocks.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "store.h"
#include "store_private.h"

enum store_people_stmt {
	STMT_PROFILE_GET = STORE_STMT_FIRST(STORE_MODULE_PEOPLE),
	STMT_PROFILE_SET,
	STMT_PROFILE_SCHOOL_SET,
	STMT_PRESENCE_SET,
	STMT_LAST_SEEN_SET,
	STMT_PRESENCE_WATCHERS,
	STMT_BLOCK_ADD,
	STMT_BLOCK_REMOVE,
	STMT_BLOCKS,
	STMT_BLOCKED_BETWEEN,
	STMT_BLOCKS_OF,
	STMT_REQUESTS_DROP,
	STMT_PEOPLE_SEARCH,
	STMT_PEOPLE_SUGGEST,
	STMT_REQUEST_ADD,
	STMT_REQUEST_REMOVE,
	STMT_REQUESTS_TO,
	STMT_REQUESTS_FROM,
	STMT_PEOPLE_END
};

#define STR(x)		#x
#define FIELD_STR(x)	STR(x)
/* SQL: whether the person shows this field (a STORE_FIELD_ number). */
#define SHOWS(field)	"((p.visible >> " FIELD_STR(field) ") & 1)"

#define PROFILE_COLUMNS \
	"SELECT u.id, u.handle, u.name, u.region_id, g.slug, u.disabled," \
	" p.role_title, p.school_name, p.school_urn, p.phases," \
	" p.years_in_role, p.nasenco, p.npq_senco, p.expertise, p.bio," \
	" p.visible, p.buddy_available, p.presence_hidden, p.presence_away," \
	" p.last_seen_ms, (SELECT t.name FROM trust_members tm" \
	" JOIN trusts t ON t.id = tm.trust_id WHERE tm.user_id = u.id)," \
	" p.job_title"
#define PROFILE_NCOLUMNS	22

/*
 * The directory: ?1 asker, ?2 asker's region, ?3 LIKE pattern of q (or
 * NULL), ?4 region, ?5 need bits, ?6 exact need bits, ?7 phase bits, ?8 role
 * title, ?9 least years, ?10 most years, ?11 limit, ?12 q as typed, ?13
 * the expertise bits q names (autism: ASD), which q matches too, ?14 a
 * school's URN (or NULL), ?15 a trust (or NULL). A hidden
 * region counts as far away. Relevance: the exact handle, then a handle or
 * name match, then school or bio; then an exact need code.
 */
#define PEOPLE_FROM \
	", CASE WHEN NOT " SHOWS(STORE_FIELD_REGION) " THEN 2" \
	" WHEN u.region_id = ?2 THEN 0" \
	" WHEN (',' || (SELECT neighbours FROM regions WHERE id = ?2) || ',')" \
	"  LIKE '%,' || g.slug || ',%' THEN 1 ELSE 2 END AS tier," \
	" CASE WHEN ?3 IS NULL THEN 0 WHEN u.handle = ?12 THEN 3" \
	" WHEN u.handle LIKE ?3 ESCAPE '\\' OR (" SHOWS(STORE_FIELD_NAME) \
	"  AND u.name LIKE ?3 ESCAPE '\\') THEN 2 ELSE 1 END AS relevance," \
	" (" SHOWS(STORE_FIELD_EXPERTISE) " AND p.expertise & ?6) <> 0 AS exact" \
	" FROM users u JOIN regions g ON g.id = u.region_id" \
	" JOIN profiles p ON p.user_id = u.id" \
	" WHERE NOT u.disabled AND u.id <> ?1" \
	" AND NOT " BLOCKED_BETWEEN("?1", "u.id") \
	" AND (?3 IS NULL OR u.handle LIKE ?3 ESCAPE '\\'" \
	"  OR (" SHOWS(STORE_FIELD_NAME) " AND u.name LIKE ?3 ESCAPE '\\')" \
	"  OR (" SHOWS(STORE_FIELD_SCHOOL) " AND p.school_name LIKE ?3 ESCAPE '\\')" \
	"  OR (" SHOWS(STORE_FIELD_ROLE_TITLE) " AND p.job_title LIKE ?3 ESCAPE '\\')" \
	"  OR (" SHOWS(STORE_FIELD_BIO) " AND p.bio LIKE ?3 ESCAPE '\\')" \
	"  OR (" SHOWS(STORE_FIELD_EXPERTISE) " AND p.expertise & ?13))" \
	" AND (?4 IS NULL OR (" SHOWS(STORE_FIELD_REGION) " AND u.region_id = ?4))" \
	" AND (?5 = 0 OR (" SHOWS(STORE_FIELD_EXPERTISE) " AND p.expertise & ?5))" \
	" AND (?7 = 0 OR (" SHOWS(STORE_FIELD_PHASES) " AND p.phases & ?7))" \
	" AND (?8 IS NULL OR (" SHOWS(STORE_FIELD_ROLE_TITLE) \
	"  AND p.role_title = ?8))" \
	" AND (?9 IS NULL OR (" SHOWS(STORE_FIELD_YEARS) \
	"  AND p.years_in_role >= ?9))" \
	" AND (?10 IS NULL OR (" SHOWS(STORE_FIELD_YEARS) \
	"  AND p.years_in_role <= ?10))" \
	" AND (?14 IS NULL OR (" SHOWS(STORE_FIELD_SCHOOL) \
	"  AND p.school_urn = ?14))" \
	" AND (?15 IS NULL OR (" SHOWS(STORE_FIELD_TRUST) " AND EXISTS" \
	"  (SELECT 1 FROM trust_members tm WHERE tm.user_id = u.id" \
	"  AND tm.trust_id = ?15)))"

static const char *const store_people_sql[STMT_PEOPLE_END -
    STORE_STMT_FIRST(STORE_MODULE_PEOPLE)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_PEOPLE)]
	S(STMT_PROFILE_GET) = PROFILE_COLUMNS
	    " FROM users u JOIN regions g ON g.id = u.region_id"
	    " JOIN profiles p ON p.user_id = u.id WHERE u.id = ?1",
	S(STMT_PROFILE_SET) =
	    "UPDATE profiles SET role_title = ?2, school_name = ?3,"
	    " school_urn = ?4, phases = ?5, years_in_role = ?6, nasenco = ?7,"
	    " npq_senco = ?8, expertise = ?9, bio = ?10, visible = ?11,"
	    " buddy_available = ?12, job_title = ?13 WHERE user_id = ?1",
	S(STMT_PROFILE_SCHOOL_SET) =
	    "UPDATE profiles SET school_urn = CAST(?2 AS TEXT), school_name ="
	    " coalesce((SELECT name FROM schools WHERE urn = ?2), '')"
	    " WHERE user_id = ?1",
	S(STMT_PRESENCE_SET) =
	    "UPDATE profiles SET presence_away = ?2, presence_hidden = ?3"
	    " WHERE user_id = ?1",
	S(STMT_LAST_SEEN_SET) =
	    "UPDATE profiles SET last_seen_ms = ?2 WHERE user_id = ?1",
	S(STMT_PRESENCE_WATCHERS) =
	    "SELECT DISTINCT o.user_id, " BLOCKED_BETWEEN("?1", "o.user_id")
	    " FROM room_members m JOIN rooms r ON r.id = m.room_id"
	    " JOIN room_members o ON o.room_id = m.room_id"
	    " WHERE m.user_id = ?1 AND r.kind IN (?3, ?4) AND o.user_id <> ?1"
	    " LIMIT ?2",
	S(STMT_BLOCK_ADD) =
	    "INSERT INTO blocks (blocker_id, blocked_id, created_ms)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
	S(STMT_BLOCK_REMOVE) =
	    "DELETE FROM blocks WHERE blocker_id = ?1 AND blocked_id = ?2",
	S(STMT_BLOCKS) =
	    "SELECT 1 FROM blocks WHERE blocker_id = ?1 AND blocked_id = ?2",
	S(STMT_BLOCKED_BETWEEN) = "SELECT " BLOCKED_BETWEEN("?1", "?2"),
	S(STMT_BLOCKS_OF) =
	    "SELECT u.handle, b.created_ms FROM blocks b"
	    " JOIN users u ON u.id = b.blocked_id"
	    " WHERE b.blocker_id = ?1 ORDER BY b.created_ms, u.handle LIMIT ?2",
	S(STMT_REQUESTS_DROP) =
	    "DELETE FROM buddy_requests WHERE (from_id = ?1 AND to_id = ?2)"
	    " OR (from_id = ?2 AND to_id = ?1)",
	/* One scan of the people, ordered and cut to the page. */
	S(STMT_PEOPLE_SEARCH) = PROFILE_COLUMNS PEOPLE_FROM
	    " ORDER BY relevance DESC, exact DESC, tier, u.handle LIMIT ?11",
	S(STMT_PEOPLE_SUGGEST) = PROFILE_COLUMNS PEOPLE_FROM
	    " AND p.buddy_available"
	    " ORDER BY tier, exact DESC, u.handle LIMIT ?11",
	S(STMT_REQUEST_ADD) =
	    "INSERT INTO buddy_requests (from_id, to_id, note, created_ms)"
	    " VALUES (?1, ?2, ?3, ?4)",
	S(STMT_REQUEST_REMOVE) =
	    "DELETE FROM buddy_requests WHERE from_id = ?1 AND to_id = ?2",
	S(STMT_REQUESTS_TO) =
	    "SELECT f.handle, t.handle, r.note, r.created_ms"
	    " FROM buddy_requests r JOIN users f ON f.id = r.from_id"
	    " JOIN users t ON t.id = r.to_id"
	    " WHERE r.to_id = ?1 AND NOT f.disabled"
	    " ORDER BY r.created_ms, f.handle LIMIT ?2",
	S(STMT_REQUESTS_FROM) =
	    "SELECT f.handle, t.handle, r.note, r.created_ms"
	    " FROM buddy_requests r JOIN users f ON f.id = r.from_id"
	    " JOIN users t ON t.id = r.to_id"
	    " WHERE r.from_id = ?1 AND NOT t.disabled"
	    " ORDER BY r.created_ms, t.handle LIMIT ?2",
#undef S
};

const struct store_module store_people_module = {
	store_people_sql,
	STMT_PEOPLE_END - STORE_STMT_FIRST(STORE_MODULE_PEOPLE)
};

static void
store_profile_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_profile	*p = arg;

	p->user_id = sqlite3_column_int64(stmt, 0);
	store_copy(p->handle, sizeof p->handle, stmt, 1);
	store_copy(p->name, sizeof p->name, stmt, 2);
	p->region_id = sqlite3_column_int64(stmt, 3);
	store_copy(p->region, sizeof p->region, stmt, 4);
	p->disabled = sqlite3_column_int(stmt, 5) != 0;
	store_copy(p->role_title, sizeof p->role_title, stmt, 6);
	store_copy(p->school_name, sizeof p->school_name, stmt, 7);
	store_copy(p->school_urn, sizeof p->school_urn, stmt, 8);
	p->phases = (uint32_t)sqlite3_column_int64(stmt, 9);
	p->years_in_role = sqlite3_column_type(stmt, 10) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 10);
	p->nasenco = sqlite3_column_int(stmt, 11) != 0;
	p->npq_senco = sqlite3_column_int(stmt, 12) != 0;
	p->expertise = (uint32_t)sqlite3_column_int64(stmt, 13);
	store_copy(p->bio, sizeof p->bio, stmt, 14);
	p->visible = (uint32_t)sqlite3_column_int64(stmt, 15);
	p->buddy_available = sqlite3_column_int(stmt, 16) != 0;
	p->presence_hidden = sqlite3_column_int(stmt, 17) != 0;
	p->presence_away = sqlite3_column_int(stmt, 18) != 0;
	p->last_seen_ms = sqlite3_column_int64(stmt, 19);
	store_copy(p->trust, sizeof p->trust, stmt, 20);
	store_copy(p->job_title, sizeof p->job_title, stmt, 21);
}

enum store_result
store_profile_get(struct store *st, int64_t user_id, struct store_profile *out)
{
	return (store_run(st, STMT_PROFILE_GET, RUN_ONE, store_profile_fill, out,
	    "i", user_id));
}

enum store_result
store_profile_set(struct store *st, const struct store_profile *p)
{
	return (store_run(st, STMT_PROFILE_SET, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "itttiniiitiit", p->user_id, p->role_title, p->school_name,
	    p->school_urn, (int64_t)p->phases, (int64_t)p->years_in_role,
	    (int64_t)p->nasenco, (int64_t)p->npq_senco, (int64_t)p->expertise,
	    p->bio, (int64_t)p->visible, (int64_t)p->buddy_available,
	    p->job_title));
}

enum store_result
store_profile_school_set(struct store *st, int64_t user_id, int64_t urn)
{
	return (store_run(st, STMT_PROFILE_SCHOOL_SET, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", user_id, urn));
}

enum store_result
store_presence_set(struct store *st, int64_t user_id, bool away, bool hidden)
{
	return (store_run(st, STMT_PRESENCE_SET, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "iii", user_id, (int64_t)away, (int64_t)hidden));
}

enum store_result
store_last_seen_set(struct store *st, int64_t user_id, int64_t ms)
{
	return (store_run(st, STMT_LAST_SEEN_SET, RUN_WRITE, NULL, NULL, "ii",
	    user_id, ms));
}

struct store_watcher_cb {
	void	(*cb)(int64_t, bool, void *);
	void	*arg;
};

static void
store_watcher_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_watcher_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1) != 0,
	    c->arg);
}

enum store_result
store_presence_watchers(struct store *st, int64_t user_id, int limit,
    void (*cb)(int64_t, bool, void *), void *arg)
{
	struct store_watcher_cb	c = { cb, arg };

	return (store_run(st, STMT_PRESENCE_WATCHERS, 0, store_watcher_row, &c,
	    "iiii", user_id, (int64_t)limit, (int64_t)ROOM_BUDDY,
	    (int64_t)ROOM_DM));
}

enum store_result
store_block_add(struct store *st, int64_t blocker, int64_t blocked,
    int64_t now_ms)
{
	enum store_result	res;

	res = store_run(st, STMT_BLOCK_ADD, RUN_WRITE, NULL, NULL, "iii",
	    blocker, blocked, now_ms);
	if (res != STORE_OK)
		return (res);
	return (store_run(st, STMT_REQUESTS_DROP, RUN_WRITE, NULL, NULL, "ii",
	    blocker, blocked));
}

enum store_result
store_block_remove(struct store *st, int64_t blocker, int64_t blocked)
{
	return (store_run(st, STMT_BLOCK_REMOVE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", blocker, blocked));
}

enum store_result
store_blocks(struct store *st, int64_t blocker, int64_t blocked, bool *yes)
{
	enum store_result	res;

	res = store_run(st, STMT_BLOCKS, RUN_ONE, NULL, NULL, "ii", blocker,
	    blocked);
	*yes = res == STORE_OK;
	return (res == STORE_NOT_FOUND ? STORE_OK : res);
}

enum store_result
store_blocked_between(struct store *st, int64_t a, int64_t b, bool *yes)
{
	int64_t			v = 0;
	enum store_result	res;

	res = store_run(st, STMT_BLOCKED_BETWEEN, 0, store_row_int64, &v, "ii",
	    a, b);
	*yes = v != 0;
	return (res);
}

struct store_block_cb {
	void	(*cb)(const char *, int64_t, void *);
	void	*arg;
};

static void
store_block_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_block_cb	*c = arg;

	c->cb(store_text(stmt, 0), sqlite3_column_int64(stmt, 1), c->arg);
}

enum store_result
store_blocks_of(struct store *st, int64_t blocker, int limit,
    void (*cb)(const char *, int64_t, void *), void *arg)
{
	struct store_block_cb	c = { cb, arg };

	return (store_run(st, STMT_BLOCKS_OF, 0, store_block_row, &c, "ii",
	    blocker, (int64_t)limit));
}

struct store_people_cb {
	void	(*cb)(const struct store_profile *, int, void *);
	void	*arg;
};

static void
store_people_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_people_cb	*c = arg;
	struct store_profile	 p;

	store_profile_fill(stmt, &p);
	/* The tier comes right after the profile's columns. */
	c->cb(&p, sqlite3_column_int(stmt, PROFILE_NCOLUMNS), c->arg);
}

/* "%q%" with LIKE's own characters escaped; caller frees. */
static char *
store_like_pattern(const char *q)
{
	char	*pattern = xmalloc(strlen(q) * 2 + 3), *out = pattern;

	*out++ = '%';
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*out++ = '\\';
		*out++ = *q;
	}
	*out++ = '%';
	*out = '\0';
	return (pattern);
}

enum store_result
store_people_find(struct store *st, const struct store_people_query *q,
    void (*cb)(const struct store_profile *, int, void *), void *arg)
{
	struct store_people_cb	 c = { cb, arg };
	enum store_result	 res;
	char			*like = q->q != NULL ? store_like_pattern(q->q) : NULL;

	res = store_run(st, q->buddies ? STMT_PEOPLE_SUGGEST :
	    STMT_PEOPLE_SEARCH, 0, store_people_row, &c, "iitziiitnnititz",
	    q->asker_id, q->asker_region_id, like, q->region_id,
	    (int64_t)q->need, (int64_t)q->need_exact, (int64_t)q->phases,
	    q->role_title, (int64_t)q->min_years, (int64_t)q->max_years,
	    (int64_t)q->limit, q->q, (int64_t)q->q_need, q->school_urn,
	    q->trust_id);
	free(like);
	return (res);
}

enum store_result
store_buddy_request_add(struct store *st, int64_t from, int64_t to,
    const char *note, int64_t now_ms)
{
	return (store_run(st, STMT_REQUEST_ADD, RUN_WRITE, NULL, NULL, "iiti",
	    from, to, note, now_ms));
}

enum store_result
store_buddy_request_remove(struct store *st, int64_t from, int64_t to)
{
	return (store_run(st, STMT_REQUEST_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", from, to));
}

struct store_request_cb {
	void	(*cb)(const struct store_buddy_request *, void *);
	void	*arg;
};

static void
store_request_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_request_cb		*c = arg;
	struct store_buddy_request	 r;

	r.from = store_text(stmt, 0);
	r.to = store_text(stmt, 1);
	r.note = store_text(stmt, 2);
	r.ts = sqlite3_column_int64(stmt, 3);
	c->cb(&r, c->arg);
}

enum store_result
store_buddy_requests(struct store *st, int64_t user_id, bool incoming,
    int limit, void (*cb)(const struct store_buddy_request *, void *),
    void *arg)
{
	struct store_request_cb	c = { cb, arg };

	return (store_run(st, incoming ? STMT_REQUESTS_TO : STMT_REQUESTS_FROM,
	    0, store_request_row, &c, "ii", user_id, (int64_t)limit));
}

