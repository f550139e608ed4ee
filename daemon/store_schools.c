/*
 * store_schools.c: the schools register (GIAS establishments by URN) and
 * the trusts GIAS names, found by their trust code. An import writes a
 * school again only when something of it changed, and says what did.
 */
#include <string.h>

#include <sqlite3.h>

#include "store_private.h"

enum store_schools_stmt {
	STMT_SCHOOL_GET = STORE_STMT_FIRST(STORE_MODULE_SCHOOLS),
	STMT_SCHOOL_ADD,
	STMT_SCHOOL_UPDATE,
	STMT_TRUST_BY_CODE,
	STMT_TRUST_UNCODED,
	STMT_TRUST_SET_CODE,
	STMT_TRUST_ADD_CODED,
	STMT_SCHOOL_PLACE,
	STMT_SCHOOLS_ANY,
	STMT_TRUST_FIND,
	STMT_SCHOOLS_END
};

static const char *const store_schools_sql[STMT_SCHOOLS_END -
    STORE_STMT_FIRST(STORE_MODULE_SCHOOLS)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_SCHOOLS)]
	S(STMT_SCHOOL_GET) =
	    "SELECT name, kind, phase, status, closed, la, region_id,"
	    " COALESCE(trust_id, 0) FROM schools WHERE urn = ?1",
	S(STMT_SCHOOL_ADD) =
	    "INSERT INTO schools (urn, name, kind, phase, status, closed, la,"
	    " region_id, trust_id, updated_ms)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	S(STMT_SCHOOL_UPDATE) =
	    "UPDATE schools SET name = ?2, kind = ?3, phase = ?4, status = ?5,"
	    " closed = ?6, la = ?7, region_id = ?8, trust_id = ?9,"
	    " updated_ms = ?10 WHERE urn = ?1",
	S(STMT_TRUST_BY_CODE) = "SELECT id FROM trusts WHERE gias_code = ?1",
	S(STMT_TRUST_UNCODED) =
	    "SELECT id FROM trusts WHERE name = ?1 AND gias_code IS NULL",
	S(STMT_TRUST_SET_CODE) = "UPDATE trusts SET gias_code = ?2 WHERE id = ?1",
	S(STMT_TRUST_ADD_CODED) =
	    "INSERT INTO trusts (name, region_id, created_ms, gias_code)"
	    " VALUES (?1, ?2, ?3, ?4)",
	S(STMT_SCHOOL_PLACE) =
	    "SELECT region_id, name, COALESCE(trust_id, 0) FROM schools"
	    " WHERE urn = ?1",
	S(STMT_SCHOOLS_ANY) = "SELECT EXISTS (SELECT 1 FROM schools)",
	/* Its id, its name or its GIAS code, as people may know it. */
	S(STMT_TRUST_FIND) =
	    "SELECT id FROM trusts WHERE (?1 <> '' AND ?1 NOT GLOB '*[^0-9]*'"
	    " AND id = CAST(?1 AS INTEGER)) OR name = ?1 COLLATE NOCASE"
	    " OR gias_code = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
#undef S
};

const struct store_module store_schools_module = {
	store_schools_sql,
	STMT_SCHOOLS_END - STORE_STMT_FIRST(STORE_MODULE_SCHOOLS)
};

/* What a school was before the import: compared, not kept. */
struct store_school_was {
	bool	found;
	bool	same;		/* every field as now */
	bool	renamed;
	bool	moved;		/* another trust, or none */
	bool	closed;		/* open before */
	const struct store_school *now;
};

static bool
store_school_text_is(sqlite3_stmt *stmt, int col, const char *now)
{
	return (strcmp(store_text(stmt, col), now) == 0);
}

static void
store_school_compare(sqlite3_stmt *stmt, void *arg)
{
	struct store_school_was		*w = arg;
	const struct store_school	*s = w->now;
	bool				 closed = sqlite3_column_int(stmt, 4) != 0;

	w->found = true;
	w->renamed = !store_school_text_is(stmt, 0, s->name);
	w->moved = sqlite3_column_int64(stmt, 7) != s->trust_id;
	w->closed = !closed && s->closed;
	w->same = !w->renamed && !w->moved && closed == s->closed &&
	    store_school_text_is(stmt, 1, s->kind) &&
	    store_school_text_is(stmt, 2, s->phase) &&
	    store_school_text_is(stmt, 3, s->status) &&
	    store_school_text_is(stmt, 5, s->la) &&
	    sqlite3_column_int64(stmt, 6) == s->region_id;
}

enum store_result
store_school_put(struct store *st, const struct store_school *s,
    int64_t now_ms, unsigned *changes)
{
	struct store_school_was	w;
	enum store_result	res;

	memset(&w, 0, sizeof w);
	w.now = s;
	*changes = 0;
	if ((res = store_run(st, STMT_SCHOOL_GET, 0, store_school_compare, &w,
	    "i", s->urn)) != STORE_OK)
		return (res);
	if (w.found && w.same)
		return (STORE_OK);
	*changes = !w.found ? STORE_SCHOOL_ADDED : STORE_SCHOOL_UPDATED |
	    (w.renamed ? STORE_SCHOOL_RENAMED : 0) |
	    (w.moved ? STORE_SCHOOL_MOVED : 0) |
	    (w.closed ? STORE_SCHOOL_CLOSED : 0);
	return (store_run(st, w.found ? STMT_SCHOOL_UPDATE : STMT_SCHOOL_ADD,
	    RUN_WRITE, NULL, NULL, "ittttitizi", s->urn, s->name, s->kind,
	    s->phase, s->status, (int64_t)s->closed, s->la, s->region_id,
	    s->trust_id, now_ms));
}

enum store_result
store_trust_for_code(struct store *st, const char *code, const char *name,
    int64_t region_id, int64_t now_ms, int64_t *id, bool *created)
{
	enum store_result	res;

	*created = false;
	*id = 0;
	res = store_run(st, STMT_TRUST_BY_CODE, RUN_ONE, store_row_int64, id,
	    "t", code);
	if (res != STORE_NOT_FOUND)
		return (res);
	/* A trust the operator made by hand under this name: it is this one. */
	res = store_run(st, STMT_TRUST_UNCODED, RUN_ONE, store_row_int64, id,
	    "t", name);
	if (res == STORE_OK)
		return (store_run(st, STMT_TRUST_SET_CODE, RUN_WRITE, NULL, NULL,
		    "it", *id, code));
	if (res != STORE_NOT_FOUND)
		return (res);
	res = store_rowid(st, store_run(st, STMT_TRUST_ADD_CODED, RUN_WRITE,
	    NULL, NULL, "tiit", name, region_id, now_ms, code), id);
	*created = res == STORE_OK;
	return (res);
}

struct store_school_place {
	int64_t	*region_id;
	char	*name;
	size_t	 size;
	int64_t	*trust_id;
};

static void
store_school_place_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_school_place	*p = arg;

	*p->region_id = sqlite3_column_int64(stmt, 0);
	store_copy(p->name, p->size, stmt, 1);
	if (p->trust_id != NULL)
		*p->trust_id = sqlite3_column_int64(stmt, 2);
}

enum store_result
store_school_place(struct store *st, int64_t urn, int64_t *region_id,
    char *name, size_t size, int64_t *trust_id)
{
	struct store_school_place	p = { region_id, name, size, trust_id };

	return (store_run(st, STMT_SCHOOL_PLACE, RUN_ONE,
	    store_school_place_row, &p, "i", urn));
}

enum store_result
store_schools_any(struct store *st, bool *any)
{
	int64_t			v = 0;
	enum store_result	res;

	res = store_run(st, STMT_SCHOOLS_ANY, 0, store_row_int64, &v, "");
	*any = v != 0;
	return (res);
}

enum store_result
store_trust_find(struct store *st, const char *text, int64_t *id)
{
	return (store_run(st, STMT_TRUST_FIND, RUN_ONE, store_row_int64, id,
	    "t", text));
}
