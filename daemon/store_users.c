/*
 * store_users.c: accounts: adding, finding and listing people, their
 * names, regions, roles, passwords and whether they are disabled.
 */
#include <sqlite3.h>

#include "log.h"
#include "store_private.h"

enum store_users_stmt {
	STMT_USER_ADD = STORE_STMT_FIRST(STORE_MODULE_USERS),
	STMT_USER_BY_HANDLE,
	STMT_USER_BY_ID,
	STMT_USER_LIST,
	STMT_USER_SET_DISABLED,
	STMT_USER_UPDATE,
	STMT_USER_SET_PASSWORD,
	STMT_USER_PASSWORD,
	STMT_USERS_DISABLED,
	STMT_USERS_END
};

#define USER_COLUMNS \
	"SELECT u.id, u.handle, u.name, u.region_id, g.slug, u.role," \
	" u.disabled, u.pwhash IS NOT NULL, u.created_ms, " MOD_SCOPES_OF_U \
	" FROM users u JOIN regions g ON g.id = u.region_id "

static const char *const store_users_sql[STMT_USERS_END -
    STORE_STMT_FIRST(STORE_MODULE_USERS)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_USERS)]
	S(STMT_USER_ADD) =
	    "INSERT INTO users (handle, name, region_id, role, pwhash,"
	    " created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	S(STMT_USER_BY_HANDLE) = USER_COLUMNS "WHERE u.handle = ?1",
	S(STMT_USER_BY_ID) = USER_COLUMNS "WHERE u.id = ?1",
	S(STMT_USER_LIST) = USER_COLUMNS "ORDER BY u.id",
	S(STMT_USER_SET_DISABLED) = "UPDATE users SET disabled = ?2 WHERE id = ?1",
	S(STMT_USER_UPDATE) =
	    "UPDATE users SET name = COALESCE(?2, name),"
	    " region_id = COALESCE(?3, region_id), role = COALESCE(?4, role)"
	    " WHERE id = ?1",
	S(STMT_USER_SET_PASSWORD) = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
	S(STMT_USER_PASSWORD) =
	    "SELECT pwhash FROM users WHERE id = ?1 AND pwhash IS NOT NULL",
	S(STMT_USERS_DISABLED) = "SELECT id FROM users WHERE disabled",
#undef S
};

const struct store_module store_users_module = {
	store_users_sql,
	STMT_USERS_END - STORE_STMT_FIRST(STORE_MODULE_USERS)
};

static void
store_user_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_user	*u = arg;

	u->id = sqlite3_column_int64(stmt, 0);
	store_copy(u->handle, sizeof u->handle, stmt, 1);
	store_copy(u->name, sizeof u->name, stmt, 2);
	u->region_id = sqlite3_column_int64(stmt, 3);
	store_copy(u->region, sizeof u->region, stmt, 4);
	u->role = store_role(stmt, 5);
	u->disabled = sqlite3_column_int(stmt, 6) != 0;
	u->has_password = sqlite3_column_int(stmt, 7) != 0;
	u->created_ms = sqlite3_column_int64(stmt, 8);
	store_mod_scopes_read(stmt, 9, &u->mods);
}

struct store_user_cb {
	void	(*cb)(const struct store_user *, void *);
	void	*arg;
};

static void
store_user_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_user_cb	*c = arg;
	struct store_user	 user;

	store_user_fill(stmt, &user);
	c->cb(&user, c->arg);
}

enum store_result
store_user_add(struct store *st, const char *handle, const char *name,
    int64_t region_id, enum role role, const char *pwhash, int64_t now_ms,
    int64_t *id)
{
	enum store_result	res;

	res = store_run(st, STMT_USER_ADD, RUN_WRITE, NULL, NULL, "ttitti",
	    handle, name, region_id, role_name(role), pwhash, now_ms);
	return (store_rowid(st, res, id));
}

enum store_result
store_user_by_handle(struct store *st, const char *handle,
    struct store_user *out)
{
	return (store_run(st, STMT_USER_BY_HANDLE, RUN_ONE, store_user_fill,
	    out, "t", handle));
}

enum store_result
store_user_by_id(struct store *st, int64_t id, struct store_user *out)
{
	return (store_run(st, STMT_USER_BY_ID, RUN_ONE, store_user_fill, out,
	    "i", id));
}

enum store_result
store_user_list(struct store *st,
    void (*cb)(const struct store_user *, void *), void *arg)
{
	struct store_user_cb	c = { cb, arg };

	return (store_run(st, STMT_USER_LIST, 0, store_user_row, &c, ""));
}

enum store_result
store_user_set_disabled(struct store *st, int64_t id, bool disabled)
{
	return (store_run(st, STMT_USER_SET_DISABLED, RUN_WRITE | RUN_ONE,
	    NULL, NULL, "ii", id, (int64_t)disabled));
}

enum store_result
store_user_update(struct store *st, int64_t id, const char *name,
    int64_t region_id, int role)
{
	const char	*rname = NULL;

	if (role >= 0 && (rname = role_name((enum role)role)) == NULL) {
		log_error("store: user %lld: no such role %d", (long long)id,
		    role);
		return (STORE_ERROR);
	}
	return (store_run(st, STMT_USER_UPDATE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "itzt", id, name, region_id, rname));
}

enum store_result
store_user_set_password(struct store *st, int64_t id, const char *pwhash)
{
	return (store_run(st, STMT_USER_SET_PASSWORD, RUN_WRITE | RUN_ONE,
	    NULL, NULL, "it", id, pwhash));
}

enum store_result
store_user_password(struct store *st, int64_t id, char *buf, size_t size)
{
	return (store_get_text(st, STMT_USER_PASSWORD, id, buf, size));
}

enum store_result
store_users_disabled(struct store *st, void (*cb)(int64_t, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_USERS_DISABLED, 0, store_id_row, &c, ""));
}
