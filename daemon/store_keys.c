/*
 * store_keys.c: each account's SSH public keys; a fingerprint belongs to
 * one account only.
 */
#include <sqlite3.h>

#include "store_private.h"

enum store_keys_stmt {
	STMT_KEY_ADD = STORE_STMT_FIRST(STORE_MODULE_KEYS),
	STMT_KEY_OWNER,
	STMT_KEY_LIST,
	STMT_KEY_REMOVE,
	STMT_KEY_COUNT,
	STMT_KEYS_END
};

static const char *const store_keys_sql[STMT_KEYS_END -
    STORE_STMT_FIRST(STORE_MODULE_KEYS)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_KEYS)]
	S(STMT_KEY_ADD) =
	    "INSERT INTO user_keys (user_id, fingerprint, type, blob, comment,"
	    " created_ms) VALUES (?1, ?2, ?3, ?4, COALESCE(?5, ''), ?6)",
	S(STMT_KEY_OWNER) = "SELECT user_id FROM user_keys WHERE fingerprint = ?1",
	S(STMT_KEY_LIST) =
	    "SELECT id, user_id, fingerprint, type, blob, comment, created_ms"
	    " FROM user_keys WHERE user_id = ?1 ORDER BY id",
	S(STMT_KEY_REMOVE) =
	    "DELETE FROM user_keys WHERE user_id = ?1 AND fingerprint = ?2",
	S(STMT_KEY_COUNT) = "SELECT count(*) FROM user_keys WHERE user_id = ?1",
#undef S
};

const struct store_module store_keys_module = {
	store_keys_sql,
	STMT_KEYS_END - STORE_STMT_FIRST(STORE_MODULE_KEYS)
};

struct store_key_cb {
	void	(*cb)(const struct store_key *, void *);
	void	*arg;
};

static void
store_key_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_key_cb	*c = arg;
	struct store_key	 key;

	key.id = sqlite3_column_int64(stmt, 0);
	key.user_id = sqlite3_column_int64(stmt, 1);
	key.fingerprint = store_text(stmt, 2);
	key.type = store_text(stmt, 3);
	key.blob = store_text(stmt, 4);
	key.comment = store_text(stmt, 5);
	key.created_ms = sqlite3_column_int64(stmt, 6);
	c->cb(&key, c->arg);
}

enum store_result
store_key_add(struct store *st, int64_t user_id, const char *fingerprint,
    const char *type, const char *blob, const char *comment, int64_t now_ms)
{
	return (store_run(st, STMT_KEY_ADD, RUN_WRITE, NULL, NULL, "itttti",
	    user_id, fingerprint, type, blob, comment, now_ms));
}

enum store_result
store_key_owner(struct store *st, const char *fingerprint, int64_t *user_id)
{
	return (store_run(st, STMT_KEY_OWNER, RUN_ONE, store_row_int64, user_id,
	    "t", fingerprint));
}

enum store_result
store_key_list(struct store *st, int64_t user_id,
    void (*cb)(const struct store_key *, void *), void *arg)
{
	struct store_key_cb	c = { cb, arg };

	return (store_run(st, STMT_KEY_LIST, 0, store_key_row, &c, "i",
	    user_id));
}

enum store_result
store_key_remove(struct store *st, int64_t user_id, const char *fingerprint)
{
	return (store_run(st, STMT_KEY_REMOVE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "it", user_id, fingerprint));
}

enum store_result
store_key_count(struct store *st, int64_t user_id, int64_t *count)
{
	return (store_run(st, STMT_KEY_COUNT, 0, store_row_int64, count, "i",
	    user_id));
}
