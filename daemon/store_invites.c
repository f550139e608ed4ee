/*
 * store_invites.c: invite codes (only their hashes are stored), each for
 * one account in a region with a role, until it expires, is used or revoked.
 */
#include <sqlite3.h>

#include "store_private.h"

enum store_invites_stmt {
	STMT_INVITE_ADD = STORE_STMT_FIRST(STORE_MODULE_INVITES),
	STMT_INVITE_CHECK,
	STMT_INVITE_MARK_USED,
	STMT_INVITE_LIST,
	STMT_INVITE_REVOKE,
	STMT_INVITE_PAGE,
	STMT_INVITE_FIND,
	STMT_INVITES_END
};

#define INVITE_COLUMNS \
	"SELECT i.id, i.short_id, i.region_id, g.slug, i.role, i.created_ms," \
	" i.expires_ms, i.used_ms, u.handle, i.revoked, i.school_urn" \
	" FROM invites i JOIN regions g ON g.id = i.region_id" \
	" LEFT JOIN users u ON u.id = i.used_by"

static const char *const store_invites_sql[STMT_INVITES_END -
    STORE_STMT_FIRST(STORE_MODULE_INVITES)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_INVITES)]
	S(STMT_INVITE_ADD) =
	    "INSERT INTO invites (code_hash, short_id, region_id, role,"
	    " created_ms, expires_ms, school_urn)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	S(STMT_INVITE_CHECK) =
	    "SELECT id, region_id, role, revoked, used_ms IS NOT NULL,"
	    " expires_ms <= ?2, school_urn FROM invites WHERE code_hash = ?1",
	/* The guard makes a second use fail even if two sign-ups race. */
	S(STMT_INVITE_MARK_USED) =
	    "UPDATE invites SET used_by = ?2, used_ms = ?3"
	    " WHERE id = ?1 AND used_ms IS NULL",
	S(STMT_INVITE_LIST) =
	    INVITE_COLUMNS " ORDER BY i.id",
	/* Newest first, in the regions given (?3: all of them). */
	S(STMT_INVITE_PAGE) =
	    INVITE_COLUMNS " WHERE i.id < ?1 AND (?3 OR i.region_id IN"
	    " (SELECT value FROM json_each(?4))) ORDER BY i.id DESC LIMIT ?2",
	S(STMT_INVITE_FIND) =
	    INVITE_COLUMNS " WHERE i.short_id = ?1",
	S(STMT_INVITE_REVOKE) =
	    "UPDATE invites SET revoked = 1 WHERE short_id = ?1",
#undef S
};

const struct store_module store_invites_module = {
	store_invites_sql,
	STMT_INVITES_END - STORE_STMT_FIRST(STORE_MODULE_INVITES)
};

struct store_invite_state {
	int64_t		id;
	int64_t		region_id;
	enum role	role;
	bool		revoked;
	bool		used;
	bool		expired;
	int64_t		school_urn;
};

static void
store_invite_state_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_invite_state	*s = arg;

	s->id = sqlite3_column_int64(stmt, 0);
	s->region_id = sqlite3_column_int64(stmt, 1);
	s->role = store_role(stmt, 2);
	s->revoked = sqlite3_column_int(stmt, 3) != 0;
	s->used = sqlite3_column_int(stmt, 4) != 0;
	s->expired = sqlite3_column_int(stmt, 5) != 0;
	s->school_urn = sqlite3_column_int64(stmt, 6);
}

struct store_invite_cb {
	void	(*cb)(const struct store_invite *, void *);
	void	*arg;
	int	 limit;		/* a page's; one more row read says there is more */
	int	 n;
	bool	 more;
};

static void
store_invite_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_invite_cb	*c = arg;
	struct store_invite	 inv;

	if (c->limit > 0 && c->n++ == c->limit) {
		c->more = true;
		return;
	}
	inv.id = sqlite3_column_int64(stmt, 0);
	inv.short_id = store_text(stmt, 1);
	inv.region_id = sqlite3_column_int64(stmt, 2);
	inv.region = store_text(stmt, 3);
	inv.role = store_role(stmt, 4);
	inv.created_ms = sqlite3_column_int64(stmt, 5);
	inv.expires_ms = sqlite3_column_int64(stmt, 6);
	inv.used_ms = sqlite3_column_int64(stmt, 7);
	inv.used_by = (const char *)sqlite3_column_text(stmt, 8);
	inv.revoked = sqlite3_column_int(stmt, 9) != 0;
	inv.school_urn = sqlite3_column_int64(stmt, 10);
	c->cb(&inv, c->arg);
}

enum store_result
store_invite_add(struct store *st, const uint8_t hash[STORE_INVITE_HASH_BYTES],
    const char *short_id, int64_t region_id, int64_t school_urn, enum role role,
    int64_t now_ms, int64_t expires_ms)
{
	return (store_run(st, STMT_INVITE_ADD, RUN_WRITE, NULL, NULL, "htitiin",
	    hash, short_id, region_id, role_name(role), now_ms, expires_ms,
	    school_urn > 0 ? school_urn : (int64_t)-1));
}

/* Revoked outranks used, which outranks expired: the most final state wins. */
enum store_result
store_invite_check(struct store *st,
    const uint8_t hash[STORE_INVITE_HASH_BYTES], int64_t now_ms,
    int64_t *invite_id, int64_t *region_id, int64_t *school_urn, enum role *role)
{
	struct store_invite_state	s;
	enum store_result		res;

	res = store_run(st, STMT_INVITE_CHECK, RUN_ONE, store_invite_state_row,
	    &s, "hi", hash, now_ms);
	if (res != STORE_OK)
		return (res);
	if (s.revoked)
		return (STORE_INVITE_REVOKED);
	if (s.used)
		return (STORE_INVITE_USED);
	if (s.expired)
		return (STORE_INVITE_EXPIRED);
	*invite_id = s.id;
	*region_id = s.region_id;
	*school_urn = s.school_urn;
	*role = s.role;
	return (STORE_OK);
}

/* STORE_INVITE_USED when it was used already (or does not exist). */
enum store_result
store_invite_mark_used(struct store *st, int64_t invite_id, int64_t user_id,
    int64_t now_ms)
{
	enum store_result	res;

	res = store_run(st, STMT_INVITE_MARK_USED, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "iii", invite_id, user_id, now_ms);
	return (res == STORE_NOT_FOUND ? STORE_INVITE_USED : res);
}

enum store_result
store_invite_list(struct store *st,
    void (*cb)(const struct store_invite *, void *), void *arg)
{
	struct store_invite_cb	c = { cb, arg, 0, 0, false };

	return (store_run(st, STMT_INVITE_LIST, 0, store_invite_row, &c, ""));
}

enum store_result
store_invite_page(struct store *st, const struct store_mod_reach *reach,
    int64_t before, int limit,
    void (*cb)(const struct store_invite *, void *), void *arg, bool *more)
{
	struct store_invite_cb	c = { cb, arg, limit, 0, false };
	enum store_result	res;
	char			regions[STORE_MOD_SCOPES_MAX * 21 + 3];

	store_json_ids(reach->regions, reach->nregions, regions,
	    sizeof regions);
	res = store_run(st, STMT_INVITE_PAGE, 0, store_invite_row, &c, "iiit",
	    before > 0 ? before : INT64_MAX, (int64_t)limit + 1,
	    (int64_t)reach->all, regions);
	*more = c.more;
	return (res);
}

enum store_result
store_invite_find(struct store *st, const char *short_id,
    void (*cb)(const struct store_invite *, void *), void *arg)
{
	struct store_invite_cb	c = { cb, arg, 0, 0, false };

	return (store_run(st, STMT_INVITE_FIND, RUN_ONE, store_invite_row, &c,
	    "t", short_id));
}

enum store_result
store_invite_revoke(struct store *st, const char *short_id)
{
	return (store_run(st, STMT_INVITE_REVOKE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "t", short_id));
}
