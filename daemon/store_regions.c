/*
 * store_regions.c: regions (the areas people and rooms belong to), each
 * with its region room, which keeps the region's name.
 */
#include <sqlite3.h>

#include "store_private.h"

enum store_regions_stmt {
	STMT_REGION_ADD = STORE_STMT_FIRST(STORE_MODULE_REGIONS),
	STMT_REGION_UPDATE,
	STMT_REGION_ROOM_RENAME,
	STMT_REGION_BY_SLUG,
	STMT_REGION_FIND,
	STMT_REGION_SLUG,
	STMT_REGION_LIST,
	STMT_REGIONS_END
};

static const char *const store_regions_sql[STMT_REGIONS_END -
    STORE_STMT_FIRST(STORE_MODULE_REGIONS)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_REGIONS)]
	S(STMT_REGION_ADD) =
	    "INSERT INTO regions (slug, name, neighbours) VALUES (?1, ?2, ?3)",
	S(STMT_REGION_UPDATE) =
	    "UPDATE regions SET name = ?2, neighbours = ?3 WHERE id = ?1",
	S(STMT_REGION_ROOM_RENAME) =
	    "UPDATE rooms SET name = ?2 WHERE region_id = ?1 AND kind = ?3",
	S(STMT_REGION_BY_SLUG) = "SELECT id FROM regions WHERE slug = ?1",
	S(STMT_REGION_FIND) =
	    "SELECT id FROM regions WHERE slug = ?1 OR name = ?1 COLLATE NOCASE"
	    " ORDER BY slug <> ?1 LIMIT 1",
	S(STMT_REGION_SLUG) = "SELECT slug FROM regions WHERE id = ?1",
	S(STMT_REGION_LIST) =
	    "SELECT id, slug, name, neighbours FROM regions ORDER BY id",
#undef S
};

const struct store_module store_regions_module = {
	store_regions_sql,
	STMT_REGIONS_END - STORE_STMT_FIRST(STORE_MODULE_REGIONS)
};

struct store_region_cb {
	void	(*cb)(const struct store_region *, void *);
	void	*arg;
};

static void
store_region_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_region_cb	*c = arg;
	struct store_region	 region;

	region.id = sqlite3_column_int64(stmt, 0);
	region.slug = store_text(stmt, 1);
	region.name = store_text(stmt, 2);
	region.neighbours = store_text(stmt, 3);
	c->cb(&region, c->arg);
}

enum store_result
store_region_add(struct store *st, const char *slug, const char *name,
    const char *neighbours)
{
	return (store_run(st, STMT_REGION_ADD, RUN_WRITE, NULL, NULL, "ttt",
	    slug, name, neighbours != NULL ? neighbours : ""));
}

/* The region's room keeps the region's name. */
enum store_result
store_region_update(struct store *st, int64_t id, const char *name,
    const char *neighbours)
{
	enum store_result	res;

	res = store_run(st, STMT_REGION_UPDATE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "itt", id, name, neighbours != NULL ? neighbours : "");
	if (res != STORE_OK)
		return (res);
	return (store_run(st, STMT_REGION_ROOM_RENAME, RUN_WRITE, NULL, NULL,
	    "iti", id, name, (int64_t)ROOM_REGION));
}

enum store_result
store_region_by_slug(struct store *st, const char *slug, int64_t *id)
{
	return (store_run(st, STMT_REGION_BY_SLUG, RUN_ONE, store_row_int64, id,
	    "t", slug));
}

enum store_result
store_region_find(struct store *st, const char *what, int64_t *id)
{
	return (store_run(st, STMT_REGION_FIND, RUN_ONE, store_row_int64, id,
	    "t", what));
}

enum store_result
store_region_slug(struct store *st, int64_t id, char *slug, size_t size)
{
	return (store_get_text(st, STMT_REGION_SLUG, id, slug, size));
}

enum store_result
store_region_list(struct store *st,
    void (*cb)(const struct store_region *, void *), void *arg)
{
	struct store_region_cb	c = { cb, arg };

	return (store_run(st, STMT_REGION_LIST, 0, store_region_row, &c, ""));
}
