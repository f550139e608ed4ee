/*
 * store_email.c: a person's email address, its verification code and the
 * digest they chose, which digests went out, and what only a digest asks
 * (news in watched threads). The address has a table
 * of its own (emails), so nothing that reads profiles can show it.
 */
#include <sqlite3.h>
#include <string.h>

#include "store_private.h"

enum store_email_stmt {
	STMT_EMAIL_GET = STORE_STMT_FIRST(STORE_MODULE_EMAIL),
	STMT_EMAIL_SET,
	STMT_EMAIL_CLEAR,
	STMT_EMAIL_TRY,
	STMT_EMAIL_VERIFIED,
	STMT_EMAIL_DIGEST,
	STMT_DIGEST_DUE,
	STMT_DIGEST_CLAIM,
	STMT_DIGEST_UNCLAIM,
	STMT_WATCHED_NEWS,
	STMT_WATCHED_BOARD_NEWS,
	STMT_EMAIL_END
};

#define STMT_EMAIL_FIRST	STORE_STMT_FIRST(STORE_MODULE_EMAIL)
#define SQL(id)			[(id) - STMT_EMAIL_FIRST]

static const char *const store_email_sql[STMT_EMAIL_END - STMT_EMAIL_FIRST] = {
	SQL(STMT_EMAIL_GET) =
	    "SELECT address, COALESCE(verified_ms, 0), code_hash,"
	    " COALESCE(code_expires_ms, 0), code_tries,"
	    " COALESCE(code_sent_ms, 0), digest FROM emails WHERE user_id = ?1",
	/* A new address starts unverified; the digest choice is kept. */
	SQL(STMT_EMAIL_SET) =
	    "INSERT INTO emails (user_id, address, code_hash, code_expires_ms,"
	    " code_sent_ms) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT (user_id) DO UPDATE SET address = excluded.address,"
	    " verified_ms = NULL, code_hash = excluded.code_hash,"
	    " code_expires_ms = excluded.code_expires_ms, code_tries = 0,"
	    " code_sent_ms = excluded.code_sent_ms",
	SQL(STMT_EMAIL_CLEAR) =
	    "DELETE FROM emails WHERE user_id = ?1",
	SQL(STMT_EMAIL_TRY) =
	    "UPDATE emails SET code_tries = code_tries + 1 WHERE user_id = ?1",
	SQL(STMT_EMAIL_VERIFIED) =
	    "UPDATE emails SET verified_ms = ?2, code_hash = NULL,"
	    " code_expires_ms = NULL, code_tries = 0 WHERE user_id = ?1",
	SQL(STMT_EMAIL_DIGEST) =
	    "UPDATE emails SET digest = ?2 WHERE user_id = ?1",
	/* A page by user id: each read is short, whatever the number of people. */
	SQL(STMT_DIGEST_DUE) =
	    "SELECT e.user_id, e.address FROM emails e"
	    " JOIN users u ON u.id = e.user_id"
	    " WHERE e.digest = ?1 AND e.verified_ms IS NOT NULL"
	    " AND NOT u.disabled AND e.user_id > ?3"
	    " AND NOT EXISTS (SELECT 1 FROM digests_sent d"
	    "  WHERE d.user_id = e.user_id AND d.period = ?2)"
	    " ORDER BY e.user_id LIMIT ?4",
	SQL(STMT_DIGEST_CLAIM) =
	    "INSERT INTO digests_sent (user_id, period, sent_ms)"
	    " VALUES (?1, ?2, ?3)",
	SQL(STMT_DIGEST_UNCLAIM) =
	    "DELETE FROM digests_sent WHERE user_id = ?1 AND period = ?2",
	/*
	 * Watched threads with visible posts by others after the person's
	 * marker, newest activity first; each count a walk of posts_thread
	 * from the marker, stopped at the cap (watches_user finds the rows).
	 */
	SQL(STMT_WATCHED_NEWS) =
	    "SELECT id, board_id, title, n FROM (SELECT t.id, t.board_id,"
	    " t.title, t.last_post_id,"
	    " (SELECT count(*) FROM (SELECT 1 FROM posts p"
	    "  WHERE p.thread_id = t.id AND p.id > COALESCE(r.upto, 0)"
	    "  AND NOT p.hidden AND p.user_id <> ?1 LIMIT ?3)) AS n"
	    " FROM watches w JOIN threads t ON t.id = w.target"
	    " LEFT JOIN thread_reads r ON r.user_id = ?1 AND r.thread_id = t.id"
	    " WHERE w.user_id = ?1 AND w.kind = 1"
	    " AND t.last_post_id > COALESCE(r.upto, 0))"
	    " WHERE n > 0 ORDER BY last_post_id DESC LIMIT ?2",
	/*
	 * A watched board's visible posts by others after the person's
	 * markers, in its 1,000 liveliest threads (as a board's unread count
	 * reads them), up to the cap; 0 when they do not watch it.
	 */
	SQL(STMT_WATCHED_BOARD_NEWS) =
	    "SELECT count(*) FROM (SELECT 1 FROM (SELECT id FROM threads"
	    "  WHERE board_id = ?1 AND posts > 0 AND EXISTS (SELECT 1"
	    "  FROM watches WHERE kind = 0 AND target = ?1 AND user_id = ?2)"
	    "  ORDER BY last_post_id DESC LIMIT 1000) t"
	    " LEFT JOIN thread_reads r ON r.user_id = ?2 AND r.thread_id = t.id"
	    " JOIN posts p ON p.thread_id = t.id AND p.id > COALESCE(r.upto, 0)"
	    "  AND NOT p.hidden AND p.user_id <> ?2 LIMIT ?3)",
};

const struct store_module store_email_module = {
	store_email_sql, STMT_EMAIL_END - STMT_EMAIL_FIRST
};

static const char *const store_digest_names[] = {
	[DIGEST_OFF] = "off",
	[DIGEST_DAILY] = "daily",
	[DIGEST_WEEKLY] = "weekly",
};

const char *
digest_every_name(enum digest_every every)
{
	return (store_digest_names[every]);
}

bool
digest_every_parse(const char *name, enum digest_every *out)
{
	size_t	i;

	for (i = 0; i < sizeof store_digest_names / sizeof *store_digest_names;
	    i++) {
		if (strcmp(name, store_digest_names[i]) == 0) {
			*out = (enum digest_every)i;
			return (true);
		}
	}
	return (false);
}

static void
store_email_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_email	*e = arg;
	const void		*hash = sqlite3_column_blob(stmt, 2);

	store_copy(e->address, sizeof e->address, stmt, 0);
	e->verified_ms = sqlite3_column_int64(stmt, 1);
	e->has_code = hash != NULL &&
	    sqlite3_column_bytes(stmt, 2) == STORE_EMAIL_CODE_HASH_BYTES;
	if (e->has_code)
		memcpy(e->code_hash, hash, STORE_EMAIL_CODE_HASH_BYTES);
	e->code_expires_ms = sqlite3_column_int64(stmt, 3);
	e->code_tries = sqlite3_column_int(stmt, 4);
	e->code_sent_ms = sqlite3_column_int64(stmt, 5);
	if (!digest_every_parse(store_text(stmt, 6), &e->digest))
		e->digest = DIGEST_OFF;	/* the schema's CHECK keeps others out */
}

enum store_result
store_email_get(struct store *st, int64_t user_id, struct store_email *out)
{
	memset(out, 0, sizeof *out);
	return (store_run(st, STMT_EMAIL_GET, RUN_ONE, store_email_row, out,
	    "i", user_id));
}

enum store_result
store_email_set(struct store *st, int64_t user_id, const char *address,
    const uint8_t code_hash[STORE_EMAIL_CODE_HASH_BYTES], int64_t expires_ms,
    int64_t now_ms)
{
	return (store_run(st, STMT_EMAIL_SET, RUN_WRITE, NULL, NULL, "ithii",
	    user_id, address, code_hash, expires_ms, now_ms));
}

enum store_result
store_email_clear(struct store *st, int64_t user_id)
{
	return (store_run(st, STMT_EMAIL_CLEAR, RUN_WRITE, NULL, NULL, "i",
	    user_id));
}

enum store_result
store_email_code_tried(struct store *st, int64_t user_id)
{
	return (store_run(st, STMT_EMAIL_TRY, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "i", user_id));
}

enum store_result
store_email_verified(struct store *st, int64_t user_id, int64_t now_ms)
{
	return (store_run(st, STMT_EMAIL_VERIFIED, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", user_id, now_ms));
}

enum store_result
store_digest_set(struct store *st, int64_t user_id, enum digest_every every)
{
	return (store_run(st, STMT_EMAIL_DIGEST, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "it", user_id, digest_every_name(every)));
}

struct store_digest_due_cb {
	void	(*cb)(int64_t, const char *, void *);
	void	*arg;
};

static void
store_digest_due_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_digest_due_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), store_text(stmt, 1), c->arg);
}

enum store_result
store_digest_due(struct store *st, enum digest_every every,
    const char *period, int64_t after, int limit,
    void (*cb)(int64_t user_id, const char *address, void *), void *arg)
{
	struct store_digest_due_cb	c = { cb, arg };

	return (store_run(st, STMT_DIGEST_DUE, 0, store_digest_due_row, &c,
	    "ttii", digest_every_name(every), period, after, (int64_t)limit));
}

enum store_result
store_digest_claim(struct store *st, int64_t user_id, const char *period,
    int64_t now_ms)
{
	return (store_run(st, STMT_DIGEST_CLAIM, RUN_WRITE, NULL, NULL, "iti",
	    user_id, period, now_ms));
}

enum store_result
store_digest_unclaim(struct store *st, int64_t user_id, const char *period)
{
	return (store_run(st, STMT_DIGEST_UNCLAIM, RUN_WRITE, NULL, NULL, "it",
	    user_id, period));
}

struct store_watched_cb {
	void	(*cb)(const struct store_watched *, void *);
	void	*arg;
};

static void
store_watched_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_watched_cb	*c = arg;
	struct store_watched	 w;

	w.thread_id = sqlite3_column_int64(stmt, 0);
	w.board_id = sqlite3_column_int64(stmt, 1);
	w.title = store_text(stmt, 2);
	w.posts = sqlite3_column_int64(stmt, 3);
	c->cb(&w, c->arg);
}

enum store_result
store_watched_news(struct store *st, int64_t user_id, int limit, int64_t cap,
    void (*cb)(const struct store_watched *, void *), void *arg)
{
	struct store_watched_cb	c = { cb, arg };

	return (store_run(st, STMT_WATCHED_NEWS, 0, store_watched_row, &c,
	    "iii", user_id, (int64_t)limit, cap));
}

enum store_result
store_watched_board_news(struct store *st, int64_t board_id, int64_t user_id,
    int64_t cap, int64_t *posts)
{
	*posts = 0;
	return (store_run(st, STMT_WATCHED_BOARD_NEWS, 0, store_row_int64, posts,
	    "iii", board_id, user_id, cap));
}
