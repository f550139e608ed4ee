/*
 * store.c: the SQLite store. Every statement is prepared once in store_open,
 * named by an enum with its SQL beside it, and reset after each use; one
 * helper binds, steps and hands rows to small fill functions, so each
 * store_* function says only which statement and which values.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "log.h"
#include "util.h"
#include "store.h"
#include "store_private.h"
#include "store_schema.h"

enum store_stmt {
	STMT_BEGIN = STORE_STMT_FIRST(STORE_MODULE_CORE),
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_OP_SAVEPOINT,
	STMT_OP_UNDO,
	STMT_OP_RELEASE,
	STMT_DATA_VERSION,
	STMT_USER_VERSION,
	STMT_REGION_ADD,
	STMT_REGION_UPDATE,
	STMT_REGION_ROOM_RENAME,
	STMT_REGION_BY_SLUG,
	STMT_REGION_SLUG,
	STMT_REGION_LIST,
	STMT_USER_ADD,
	STMT_USER_BY_HANDLE,
	STMT_USER_BY_ID,
	STMT_USER_LIST,
	STMT_USER_SET_DISABLED,
	STMT_USER_UPDATE,
	STMT_USER_SET_PASSWORD,
	STMT_USER_PASSWORD,
	STMT_USERS_DISABLED,
	STMT_KEY_ADD,
	STMT_KEY_OWNER,
	STMT_KEY_LIST,
	STMT_KEY_REMOVE,
	STMT_KEY_COUNT,
	STMT_INVITE_ADD,
	STMT_INVITE_CHECK,
	STMT_INVITE_MARK_USED,
	STMT_INVITE_LIST,
	STMT_INVITE_REVOKE,
	STMT_ROOM_ADD,
	STMT_ROOM_BY_REF,
	STMT_ROOM_BY_ID,
	STMT_ROOMS_FOR_USER,
	STMT_ROOM_MEMBER,
	STMT_MSG_APPEND,
	STMT_HISTORY_PAGE,
	STMT_MSGS_SINCE,
	STMT_ROOM_COUNT_AFTER,
	STMT_READ_MARKER,
	STMT_READ_MARKER_SET,
	STMT_MENTION_ADD,
	STMT_MENTION_COUNT_AFTER,
	STMT_MSG_GET,
	STMT_MSG_EDIT,
	STMT_MSG_HIDE,
	STMT_MSG_VERSIONS,
	STMT_MSG_AUDIENCE,
	STMT_CORE_END
};

/* A backup that cannot start reading (the database locked) tries for a second. */
#define STORE_BACKUP_TRIES	100
#define STORE_BACKUP_WAIT_MS	10

#define USER_COLUMNS \
	"SELECT u.id, u.handle, u.name, u.region_id, g.slug, u.role," \
	" u.disabled, u.pwhash IS NOT NULL, u.created_ms" \
	" FROM users u JOIN regions g ON g.id = u.region_id "

/* last_msg_id is one seek to the end of the room's stretch of the index. */
#define ROOM_FIELDS \
	"SELECT r.id, r.ref, r.kind, r.name, r.region_id," \
	" (SELECT MAX(m.id) FROM messages m WHERE m.room_id = r.id), r.owner_id"
#define ROOM_COLUMNS	ROOM_FIELDS " FROM rooms r "
/*
 * The same, with the person's own view as two last columns: the message id
 * after which they see messages, and whether a block closes the DM.
 */
#define ROOM_COLUMNS_FROM(visible_from, dm_blocked) \
	ROOM_FIELDS ", " visible_from ", " dm_blocked " FROM rooms r "
#define DM_BLOCKED \
	"EXISTS (SELECT 1 FROM dm_pairs d WHERE d.room_id = r.id AND " \
	BLOCKED_BETWEEN("d.low_id", "d.high_id") ")"

#define MSG_COLUMNS \
	"SELECT m.id, m.room_id, r.ref, m.user_id, u.handle, m.body, m.ts," \
	" m.edited_ms, m.hidden" \
	" FROM messages m JOIN rooms r ON r.id = m.room_id" \
	" JOIN users u ON u.id = m.user_id "

static const char *const store_sql[STMT_CORE_END] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_OP_SAVEPOINT] = "SAVEPOINT op",
	[STMT_OP_UNDO] = "ROLLBACK TO op",
	[STMT_OP_RELEASE] = "RELEASE op",
	[STMT_DATA_VERSION] = "PRAGMA data_version",
	[STMT_USER_VERSION] = "PRAGMA user_version",

	[STMT_REGION_ADD] =
	    "INSERT INTO regions (slug, name, neighbours) VALUES (?1, ?2, ?3)",
	[STMT_REGION_UPDATE] =
	    "UPDATE regions SET name = ?2, neighbours = ?3 WHERE id = ?1",
	[STMT_REGION_ROOM_RENAME] =
	    "UPDATE rooms SET name = ?2 WHERE region_id = ?1 AND kind = ?3",
	[STMT_REGION_BY_SLUG] = "SELECT id FROM regions WHERE slug = ?1",
	[STMT_REGION_SLUG] = "SELECT slug FROM regions WHERE id = ?1",
	[STMT_REGION_LIST] =
	    "SELECT id, slug, name, neighbours FROM regions ORDER BY id",

	[STMT_USER_ADD] =
	    "INSERT INTO users (handle, name, region_id, role, pwhash,"
	    " created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_USER_BY_HANDLE] = USER_COLUMNS "WHERE u.handle = ?1",
	[STMT_USER_BY_ID] = USER_COLUMNS "WHERE u.id = ?1",
	[STMT_USER_LIST] = USER_COLUMNS "ORDER BY u.id",
	[STMT_USER_SET_DISABLED] = "UPDATE users SET disabled = ?2 WHERE id = ?1",
	[STMT_USER_UPDATE] =
	    "UPDATE users SET name = COALESCE(?2, name),"
	    " region_id = COALESCE(?3, region_id), role = COALESCE(?4, role)"
	    " WHERE id = ?1",
	[STMT_USER_SET_PASSWORD] = "UPDATE users SET pwhash = ?2 WHERE id = ?1",
	[STMT_USER_PASSWORD] =
	    "SELECT pwhash FROM users WHERE id = ?1 AND pwhash IS NOT NULL",
	[STMT_USERS_DISABLED] = "SELECT id FROM users WHERE disabled",

	[STMT_KEY_ADD] =
	    "INSERT INTO user_keys (user_id, fingerprint, type, blob, comment,"
	    " created_ms) VALUES (?1, ?2, ?3, ?4, COALESCE(?5, ''), ?6)",
	[STMT_KEY_OWNER] = "SELECT user_id FROM user_keys WHERE fingerprint = ?1",
	[STMT_KEY_LIST] =
	    "SELECT id, user_id, fingerprint, type, blob, comment, created_ms"
	    " FROM user_keys WHERE user_id = ?1 ORDER BY id",
	[STMT_KEY_REMOVE] =
	    "DELETE FROM user_keys WHERE user_id = ?1 AND fingerprint = ?2",
	[STMT_KEY_COUNT] = "SELECT count(*) FROM user_keys WHERE user_id = ?1",

	[STMT_INVITE_ADD] =
	    "INSERT INTO invites (code_hash, short_id, region_id, role,"
	    " created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_INVITE_CHECK] =
	    "SELECT id, region_id, role, revoked, used_ms IS NOT NULL,"
	    " expires_ms <= ?2 FROM invites WHERE code_hash = ?1",
	/* The guard makes a second use fail even if two sign-ups race. */
	[STMT_INVITE_MARK_USED] =
	    "UPDATE invites SET used_by = ?2, used_ms = ?3"
	    " WHERE id = ?1 AND used_ms IS NULL",
	[STMT_INVITE_LIST] =
	    "SELECT i.id, i.short_id, i.region_id, g.slug, i.role, i.created_ms,"
	    " i.expires_ms, i.used_ms, u.handle, i.revoked"
	    " FROM invites i JOIN regions g ON g.id = i.region_id"
	    " LEFT JOIN users u ON u.id = i.used_by ORDER BY i.id",
	[STMT_INVITE_REVOKE] =
	    "UPDATE invites SET revoked = 1 WHERE short_id = ?1",

	[STMT_ROOM_ADD] =
	    "INSERT INTO rooms (ref, kind, name, region_id, created_ms)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_ROOM_BY_REF] = ROOM_COLUMNS "WHERE r.ref = ?1",
	[STMT_ROOM_BY_ID] = ROOM_COLUMNS "WHERE r.id = ?1",
	/*
	 * Three indexed lookups rather than one OR over every room; the last
	 * leaves out rooms the first two already gave. Sorted national,
	 * region, then by id.
	 */
	[STMT_ROOMS_FOR_USER] =
	    "SELECT * FROM ("
	    ROOM_COLUMNS_FROM("0", "0") "WHERE r.ref = 'national'"
	    " UNION ALL "
	    ROOM_COLUMNS_FROM("0", "0") "WHERE r.region_id = ?2 AND r.kind = ?3"
	    " UNION ALL "
	    ROOM_COLUMNS_FROM("j.visible_from", DM_BLOCKED)
	    "JOIN room_members j ON j.room_id = r.id"
	    " WHERE j.user_id = ?1 AND r.ref <> 'national'"
	    " AND NOT (r.region_id IS ?2 AND r.kind = ?3)"
	    ") ORDER BY ref <> 'national', kind <> ?3 OR region_id IS NOT ?2, id",
	[STMT_ROOM_MEMBER] =
	    "SELECT visible_from FROM room_members"
	    " WHERE room_id = ?1 AND user_id = ?2",

	[STMT_MSG_APPEND] =
	    "INSERT INTO messages (room_id, user_id, body, ts)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[STMT_HISTORY_PAGE] = MSG_COLUMNS
	    "WHERE m.room_id = ?1 AND m.id < ?2 AND m.id > ?4 AND NOT m.hidden"
	    " ORDER BY m.id DESC LIMIT ?3",
	[STMT_MSGS_SINCE] = MSG_COLUMNS
	    "WHERE m.room_id = ?1 AND m.id > ?2 AND NOT m.hidden"
	    " ORDER BY m.id LIMIT ?3",
	[STMT_ROOM_COUNT_AFTER] =
	    "SELECT count(*) FROM (SELECT 1 FROM messages"
	    " WHERE room_id = ?1 AND id > ?2 AND NOT hidden LIMIT ?3)",

	[STMT_READ_MARKER] =
	    "SELECT upto FROM read_markers WHERE user_id = ?1 AND room_id = ?2",
	[STMT_READ_MARKER_SET] =
	    "INSERT INTO read_markers (user_id, room_id, upto) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (user_id, room_id)"
	    " DO UPDATE SET upto = MAX(upto, excluded.upto)",

	[STMT_MENTION_ADD] =
	    "INSERT INTO mentions (user_id, room_id, msg_id) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT DO NOTHING",
	[STMT_MENTION_COUNT_AFTER] =
	    "SELECT count(*) FROM (SELECT 1 FROM mentions n"
	    " JOIN messages m ON m.id = n.msg_id"
	    " WHERE n.user_id = ?1 AND n.room_id = ?2 AND n.msg_id > ?3"
	    " AND NOT m.hidden LIMIT ?4)",

	[STMT_MSG_GET] = MSG_COLUMNS "WHERE m.id = ?1",
	[STMT_MSG_EDIT] =
	    "UPDATE messages SET body = ?2, edited_ms = ?3"
	    " WHERE id = ?1 AND NOT hidden",
	[STMT_MSG_HIDE] =
	    "UPDATE messages SET hidden = 1 WHERE id = ?1 AND NOT hidden",
	[STMT_MSG_VERSIONS] =
	    "SELECT ts, body FROM (SELECT ts, body, 0 AS last"
	    " FROM message_versions WHERE msg_id = ?1 UNION ALL"
	    " SELECT COALESCE(edited_ms, ts), body, 1 FROM messages"
	    " WHERE id = ?1) ORDER BY last, ts",
	/* Members who see the message: those who joined before it. */
	[STMT_MSG_AUDIENCE] =
	    "SELECT user_id FROM room_members"
	    " WHERE room_id = ?1 AND visible_from < ?2 LIMIT ?3",
};

_Static_assert(STMT_CORE_END < STORE_STMT_FIRST(STORE_MODULE_CORE + 1),
    "too many statements for one module");
const struct store_module store_core_module = { store_sql, STMT_CORE_END };

/* Every module's statements, prepared in store_open. */
static const struct store_module *const store_modules[STORE_MODULE_COUNT] = {
	[STORE_MODULE_CORE] = &store_core_module,
	[STORE_MODULE_ROOMS] = &store_rooms_module,
	[STORE_MODULE_PEOPLE] = &store_people_module,
	[STORE_MODULE_BOARDS] = &store_boards_module,
	[STORE_MODULE_SEARCH] = &store_search_module,
	[STORE_MODULE_GUARD] = &store_guard_module,
};

static sqlite3_stmt *
store_statement(struct store *st, int id)
{
	return (st->stmt[id >> STORE_MODULE_SHIFT][id &
	    ((1 << STORE_MODULE_SHIFT) - 1)]);
}

const char *
store_statement_sql(int id)
{
	return (store_modules[id >> STORE_MODULE_SHIFT]->sql[id &
	    ((1 << STORE_MODULE_SHIFT) - 1)]);
}

static const char *const store_role_names[] = {
	[ROLE_MEMBER] = "member",
	[ROLE_MODERATOR] = "moderator",
	[ROLE_ADMIN] = "admin",
};

const char *
role_name(enum role role)
{
	if ((size_t)role >= sizeof store_role_names / sizeof store_role_names[0])
		return (NULL);
	return (store_role_names[role]);
}

bool
role_parse(const char *name, enum role *out)
{
	size_t	i;

	for (i = 0; i < sizeof store_role_names / sizeof store_role_names[0]; i++) {
		if (strcmp(name, store_role_names[i]) == 0) {
			*out = (enum role)i;
			return (true);
		}
	}
	return (false);
}

/*
 * A full, read-only or failing disk: writes are refused for a while without
 * trying (reads go on), then tried again, so service resumes by itself once
 * the disk takes writes.
 */
static void
store_note_failure(struct store *st, int rc)
{
	switch (rc) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		st->op_disk = true;
		st->disk_failed = true;
		st->refuse_until_ms = mono_ms() + STORE_DISK_RETRY_MS;
		break;
	default:
		st->disk_failed = false;
		break;
	}
}

/*
 * Maps the connection's last error to a result. A taken unique key is an
 * answer, not a fault, so it is not logged.
 */
static enum store_result
store_error(struct store *st, const char *sql)
{
	switch (sqlite3_extended_errcode(st->db)) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return (STORE_EXISTS);
	case SQLITE_INTERRUPT:
		return (STORE_INTERRUPTED);
	default:
		log_error("store: %s (in: %.60s)", sqlite3_errmsg(st->db), sql);
		store_note_failure(st, sqlite3_errcode(st->db));
		return (STORE_ERROR);
	}
}

/*
 * Binds values by format (see store_private.h). Bindings are cleared before
 * the caller's strings go away, so SQLite need not copy them.
 */
static int
store_bind(sqlite3_stmt *stmt, const char *fmt, va_list ap)
{
	const char	*s;
	int64_t		 v;
	int		 i, rc = SQLITE_OK;

	for (i = 1; fmt[i - 1] != '\0' && rc == SQLITE_OK; i++) {
		switch (fmt[i - 1]) {
		case 'i':
			rc = sqlite3_bind_int64(stmt, i, va_arg(ap, int64_t));
			break;
		case 'z':
			v = va_arg(ap, int64_t);
			rc = v > 0 ? sqlite3_bind_int64(stmt, i, v) :
			    sqlite3_bind_null(stmt, i);
			break;
		case 'n':
			v = va_arg(ap, int64_t);
			rc = v >= 0 ? sqlite3_bind_int64(stmt, i, v) :
			    sqlite3_bind_null(stmt, i);
			break;
		case 't':
			s = va_arg(ap, const char *);
			rc = s != NULL ?
			    sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC) :
			    sqlite3_bind_null(stmt, i);
			break;
		case 'h':
			rc = sqlite3_bind_blob(stmt, i, va_arg(ap, const uint8_t *),
			    STORE_INVITE_HASH_BYTES, SQLITE_STATIC);
			break;
		}
	}
	return (rc);
}

static enum store_result	store_begin(struct store *);

/* The one place statements run. */
enum store_result
store_run(struct store *st, int id, int flags, store_row_fn row, void *arg,
    const char *fmt, ...)
{
	sqlite3_stmt		*stmt = store_statement(st, id);
	enum store_result	 res;
	va_list			 ap;
	int64_t			 nrows = 0;
	int			 rc;

	/* A callback that calls back into the same list would corrupt it. */
	if (sqlite3_stmt_busy(stmt)) {
		log_error("store: statement re-entered: %.60s",
		    store_statement_sql(id));
		return (STORE_ERROR);
	}
	if ((flags & RUN_WRITE) && (res = store_begin(st)) != STORE_OK)
		return (res);

	va_start(ap, fmt);
	rc = store_bind(stmt, fmt, ap);
	va_end(ap);
	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			if (row != NULL)
				row(stmt, arg);
			nrows++;
		}
	}
	if (rc != SQLITE_DONE)
		res = store_error(st, store_statement_sql(id));
	else if ((flags & RUN_ONE) && ((flags & RUN_WRITE) ?
	    sqlite3_changes(st->db) : nrows) == 0)
		res = STORE_NOT_FOUND;
	else
		res = STORE_OK;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return (res);
}

static bool
store_transaction_lost(const struct store *st)
{
	return (st->txn && sqlite3_get_autocommit(st->db));
}

/*
 * Opens the turn's transaction at its first write, and the open op's
 * savepoint at the op's first write. A transaction SQLite ended by itself
 * takes nothing more until its owner has settled it.
 */
static enum store_result
store_begin(struct store *st)
{
	enum store_result	res;

	if (store_transaction_lost(st)) {
		st->op_disk |= st->disk_failed;
		return (STORE_ERROR);
	}
	if (!st->txn) {
		if (mono_ms() < st->refuse_until_ms) {
			st->op_disk = true;
			return (STORE_ERROR);
		}
		if ((res = store_run(st, STMT_BEGIN, 0, NULL, NULL, "")) !=
		    STORE_OK)
			return (res);
		st->txn = true;
		if (st->hook != NULL)
			st->hook(st->hook_arg);
	}
	if (st->op && !st->op_savepoint) {
		if ((res = store_run(st, STMT_OP_SAVEPOINT, 0, NULL, NULL, "")) !=
		    STORE_OK)
			return (res);
		st->op_savepoint = true;
	}
	return (STORE_OK);
}

const char *
store_text(sqlite3_stmt *stmt, int col)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, col);

	return (s != NULL ? s : "");
}

void
store_copy(char *buf, size_t size, sqlite3_stmt *stmt, int col)
{
	snprintf(buf, size, "%s", store_text(stmt, col));
}

/* Roles are CHECKed in the schema; fall back to the least privilege anyway. */
enum role
store_role(sqlite3_stmt *stmt, int col)
{
	enum role	role;

	if (!role_parse(store_text(stmt, col), &role))
		role = ROLE_MEMBER;
	return (role);
}

void
store_row_int64(sqlite3_stmt *stmt, void *arg)
{
	*(int64_t *)arg = sqlite3_column_int64(stmt, 0);
}

enum store_result
store_open(const char *dir, bool create, int busy_timeout_ms,
    struct store **out)
{
	char		 path[PATH_MAX];
	struct store	*st;
	mode_t		 mask;
	int		 i, m, rc, flags = SQLITE_OPEN_READWRITE;

	*out = NULL;
	if (!path_join(path, sizeof path, dir, STORE_DB_FILE)) {
		log_error("store: path too long: %s", dir);
		return (STORE_ERROR);
	}
	if (!create && access(path, F_OK) != 0 && errno == ENOENT)
		return (STORE_NOT_FOUND);
	if (create)
		flags |= SQLITE_OPEN_CREATE;

	st = xcalloc(1, sizeof *st);
	/*
	 * The database holds password hashes: 0600 from birth. SQLite gives
	 * the -wal and -shm files the database file's own mode.
	 */
	mask = umask(077);
	rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	umask(mask);
	if (rc != SQLITE_OK) {
		log_error("store: %s: %s", path, st->db != NULL ?
		    sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, busy_timeout_ms);

	/*
	 * synchronous=FULL syncs the WAL at every commit, so an acknowledged
	 * message survives power loss; the daemon commits once per loop turn,
	 * so one fsync is shared by every write in that turn.
	 */
	if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
	    NULL, NULL, NULL) != SQLITE_OK) {
		log_error("store: %s: %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	if (store_schema_migrate(st->db) != STORE_OK)
		goto fail;
	for (m = 0; m < STORE_MODULE_COUNT; m++) {
		st->stmt[m] = xcalloc(store_modules[m]->count, sizeof *st->stmt[m]);
		for (i = 0; i < store_modules[m]->count; i++) {
			if (sqlite3_prepare_v3(st->db, store_modules[m]->sql[i],
			    -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[m][i],
			    NULL) != SQLITE_OK) {
				store_error(st, store_modules[m]->sql[i]);
				goto fail;
			}
		}
	}
	*out = st;
	return (STORE_OK);

fail:
	store_close(st);
	return (STORE_ERROR);
}

/* An open transaction is rolled back: only store_commit makes writes last. */
void
store_close(struct store *st)
{
	int	i, m;

	if (st == NULL)
		return;
	for (m = 0; m < STORE_MODULE_COUNT; m++) {
		for (i = 0; st->stmt[m] != NULL && i < store_modules[m]->count; i++)
			sqlite3_finalize(st->stmt[m][i]);
		free(st->stmt[m]);
	}
	sqlite3_close(st->db);
	free(st);
}

void
store_set_write_hook(struct store *st, void (*hook)(void *), void *arg)
{
	st->hook = hook;
	st->hook_arg = arg;
}

bool
store_in_transaction(const struct store *st)
{
	return (st->txn);
}

/*
 * A commit that fails is rolled back, so writes from a turn whose replies
 * said "error" cannot be committed by a later turn.
 */
enum store_result
store_commit(struct store *st)
{
	enum store_result	res = STORE_ERROR;

	if (!st->txn)
		return (STORE_OK);
	if (!store_transaction_lost(st) &&
	    (res = store_run(st, STMT_COMMIT, 0, NULL, NULL, "")) == STORE_OK) {
		st->txn = false;
		st->disk_failed = false;
		st->refuse_until_ms = 0;
		return (STORE_OK);
	}
	store_rollback(st);
	return (res == STORE_OK ? STORE_ERROR : res);
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		store_run(st, STMT_ROLLBACK, 0, NULL, NULL, "");
	st->txn = false;
}

void
store_op_begin(struct store *st)
{
	st->op = true;
	st->op_savepoint = false;
	st->op_disk = false;
}

enum store_op_result
store_op_end(struct store *st, bool keep)
{
	bool	savepoint = st->op_savepoint;

	st->op = false;
	st->op_savepoint = false;
	if (store_transaction_lost(st))
		return (STORE_OP_LOST);
	if (savepoint && ((!keep && store_run(st, STMT_OP_UNDO, 0, NULL, NULL,
	    "") != STORE_OK) || store_run(st, STMT_OP_RELEASE, 0, NULL, NULL,
	    "") != STORE_OK || store_transaction_lost(st)))
		return (STORE_OP_LOST);
	return (keep ? STORE_OP_KEPT : STORE_OP_UNDONE);
}

bool
store_op_met_disk(const struct store *st)
{
	return (st->op_disk);
}

bool
store_disk_failed(const struct store *st)
{
	return (st->disk_failed);
}

uint64_t
store_retry_after_ms(const struct store *st)
{
	uint64_t	now = mono_ms();

	return (st->refuse_until_ms > now + 1000 ? st->refuse_until_ms - now :
	    1000);
}

int64_t
store_data_version(struct store *st)
{
	int64_t	version = 0;

	store_run(st, STMT_DATA_VERSION, 0, store_row_int64, &version, "");
	return (version);
}

int
store_schema_version(struct store *st)
{
	int64_t	version = 0;

	store_run(st, STMT_USER_VERSION, 0, store_row_int64, &version, "");
	return ((int)version);
}

/*
 * One step copies every page inside one read transaction. A stepwise copy
 * starts again whenever another connection commits between two steps, so
 * under a steady trickle of writes it never ends; in WAL mode the daemon goes
 * on writing while this reads the snapshot it began with.
 */
static bool
store_backup_copy(struct store *st, sqlite3 *dst)
{
	sqlite3_backup	*b;
	int		 rc, tries = 0;

	if ((b = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL)
		return (false);
	while (((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) && ++tries < STORE_BACKUP_TRIES)
		sqlite3_sleep(STORE_BACKUP_WAIT_MS);
	sqlite3_backup_finish(b);
	return (rc == SQLITE_DONE);
}

enum store_result
store_backup(struct store *st, const char *path)
{
	sqlite3		*dst = NULL;
	struct stat	 sb;
	bool		 ok;

	/* Only into an empty file: a backup never overwrites a database. */
	if (stat(path, &sb) == -1) {
		log_error("store: backup %s: %s", path, strerror(errno));
		return (STORE_ERROR);
	}
	if (sb.st_size != 0)
		return (STORE_EXISTS);
	/*
	 * No journal: a failed copy is thrown away whole, and the caller has
	 * one file to remove, never a stray -journal beside it.
	 */
	ok = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK && sqlite3_exec(dst, "PRAGMA journal_mode = OFF", NULL,
	    NULL, NULL) == SQLITE_OK && store_backup_copy(st, dst);
	if (!ok)
		log_error("store: backup %s: %s", path, sqlite3_errmsg(dst));
	if (sqlite3_close(dst) != SQLITE_OK)
		ok = false;
	return (ok ? STORE_OK : STORE_ERROR);
}

/* Regions. */

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

struct store_buf {
	char	*buf;
	size_t	 size;
	bool	 fits;
};

static void
store_buf_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_buf	*b = arg;
	const char		*s = store_text(stmt, 0);

	b->fits = strlen(s) < b->size;
	if (b->fits)
		memcpy(b->buf, s, strlen(s) + 1);
}

/* Copies column 0 of the single row into buf; STORE_ERROR if it does not fit. */
static enum store_result
store_get_text(struct store *st, enum store_stmt id, int64_t key, char *buf,
    size_t size)
{
	struct store_buf	b = { buf, size, false };
	enum store_result	res;

	res = store_run(st, id, RUN_ONE, store_buf_row, &b, "i", key);
	if (res == STORE_OK && !b.fits) {
		log_error("store: value too long (%.60s)", store_statement_sql(id));
		return (STORE_ERROR);
	}
	return (res);
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

/* Users. */

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

int64_t
store_last_id(struct store *st)
{
	return (sqlite3_last_insert_rowid(st->db));
}

/* Insert helper for tables whose new id the caller wants. */
enum store_result
store_rowid(struct store *st, enum store_result res, int64_t *id)
{
	if (res == STORE_OK && id != NULL)
		*id = store_last_id(st);
	return (res);
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

struct store_id_cb {
	void	(*cb)(int64_t, void *);
	void	*arg;
};

static void
store_id_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_id_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), c->arg);
}

enum store_result
store_users_disabled(struct store *st, void (*cb)(int64_t, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_USERS_DISABLED, 0, store_id_row, &c, ""));
}

/* Keys. */

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

/* Invites. */

struct store_invite_state {
	int64_t		id;
	int64_t		region_id;
	enum role	role;
	bool		revoked;
	bool		used;
	bool		expired;
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
}

struct store_invite_cb {
	void	(*cb)(const struct store_invite *, void *);
	void	*arg;
};

static void
store_invite_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_invite_cb	*c = arg;
	struct store_invite	 inv;

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
	c->cb(&inv, c->arg);
}

enum store_result
store_invite_add(struct store *st, const uint8_t hash[STORE_INVITE_HASH_BYTES],
    const char *short_id, int64_t region_id, enum role role, int64_t now_ms,
    int64_t expires_ms)
{
	return (store_run(st, STMT_INVITE_ADD, RUN_WRITE, NULL, NULL, "htitii",
	    hash, short_id, region_id, role_name(role), now_ms, expires_ms));
}

/* Revoked outranks used, which outranks expired: the most final state wins. */
enum store_result
store_invite_check(struct store *st,
    const uint8_t hash[STORE_INVITE_HASH_BYTES], int64_t now_ms,
    int64_t *invite_id, int64_t *region_id, enum role *role)
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
	struct store_invite_cb	c = { cb, arg };

	return (store_run(st, STMT_INVITE_LIST, 0, store_invite_row, &c, ""));
}

enum store_result
store_invite_revoke(struct store *st, const char *short_id)
{
	return (store_run(st, STMT_INVITE_REVOKE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "t", short_id));
}

/* Rooms. */

static void
store_room_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_room	*r = arg;

	r->id = sqlite3_column_int64(stmt, 0);
	store_copy(r->ref, sizeof r->ref, stmt, 1);
	r->kind = (enum room_kind)sqlite3_column_int(stmt, 2);
	store_copy(r->name, sizeof r->name, stmt, 3);
	r->region_id = sqlite3_column_int64(stmt, 4);
	r->last_msg_id = sqlite3_column_int64(stmt, 5);
	r->owner_id = sqlite3_column_int64(stmt, 6);
	r->visible_from = sqlite3_column_count(stmt) > 7 ?
	    sqlite3_column_int64(stmt, 7) : 0;
	r->dm_blocked = sqlite3_column_count(stmt) > 8 &&
	    sqlite3_column_int(stmt, 8) != 0;
}

struct store_room_cb {
	void	(*cb)(const struct store_room *, void *);
	void	*arg;
};

static void
store_room_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_room_cb	*c = arg;
	struct store_room	 room;

	store_room_fill(stmt, &room);
	c->cb(&room, c->arg);
}

enum store_result
store_room_add(struct store *st, const char *ref, enum room_kind kind,
    const char *name, int64_t region_id, int64_t now_ms, int64_t *id)
{
	enum store_result	res;

	res = store_run(st, STMT_ROOM_ADD, RUN_WRITE, NULL, NULL, "titzi", ref,
	    (int64_t)kind, name, region_id, now_ms);
	return (store_rowid(st, res, id));
}

enum store_result
store_room_by_ref(struct store *st, const char *ref, struct store_room *out)
{
	return (store_run(st, STMT_ROOM_BY_REF, RUN_ONE, store_room_fill, out,
	    "t", ref));
}

enum store_result
store_room_by_id(struct store *st, int64_t id, struct store_room *out)
{
	return (store_run(st, STMT_ROOM_BY_ID, RUN_ONE, store_room_fill, out,
	    "i", id));
}

enum store_result
store_rooms_for_user(struct store *st, const struct store_user *user,
    void (*cb)(const struct store_room *, void *), void *arg)
{
	struct store_room_cb	c = { cb, arg };

	return (store_run(st, STMT_ROOMS_FOR_USER, 0, store_room_row, &c, "iii",
	    user->id, user->region_id, (int64_t)ROOM_REGION));
}

enum store_result
store_room_member(struct store *st, int64_t room_id, int64_t user_id,
    bool *member, int64_t *visible_from)
{
	enum store_result	res;

	*visible_from = 0;
	res = store_run(st, STMT_ROOM_MEMBER, RUN_ONE, store_row_int64,
	    visible_from, "ii", room_id, user_id);
	*member = res == STORE_OK;
	return (res == STORE_NOT_FOUND ? STORE_OK : res);
}

/* Messages. */

enum store_result
store_msg_append(struct store *st, int64_t room_id, int64_t user_id,
    const char *body, int64_t ts_ms, int64_t *id)
{
	enum store_result	res;

	res = store_run(st, STMT_MSG_APPEND, RUN_WRITE, NULL, NULL, "iiti",
	    room_id, user_id, body, ts_ms);
	return (store_rowid(st, res, id));
}

/*
 * Messages copied out of their rows, for pages that must be reordered or
 * merged before delivery. Each message's strings live in one allocation
 * that starts at its room field.
 */
struct store_msgs {
	struct store_msg	*v;
	size_t			 n;
	size_t			 size;
};

static void
store_msgs_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_msgs	*ms = arg;
	struct store_msg	*m;
	const char		*room = store_text(stmt, 2);
	const char		*from = store_text(stmt, 4);
	const char		*body = store_text(stmt, 5);
	size_t			 lroom = strlen(room) + 1, lfrom = strlen(from) + 1;
	size_t			 lbody = strlen(body) + 1;
	char			*text;

	if (ms->n == ms->size) {
		ms->size = ms->size != 0 ? ms->size * 2 : 16;
		ms->v = xrealloc(ms->v, ms->size * sizeof *ms->v);
	}
	text = xmalloc(lroom + lfrom + lbody);
	memcpy(text, room, lroom);
	memcpy(text + lroom, from, lfrom);
	memcpy(text + lroom + lfrom, body, lbody);

	m = &ms->v[ms->n++];
	m->id = sqlite3_column_int64(stmt, 0);
	m->room_id = sqlite3_column_int64(stmt, 1);
	m->room = text;
	m->user_id = sqlite3_column_int64(stmt, 3);
	m->from = text + lroom;
	m->body = text + lroom + lfrom;
	m->ts = sqlite3_column_int64(stmt, 6);
	m->edited_ms = sqlite3_column_int64(stmt, 7);
	m->hidden = sqlite3_column_int(stmt, 8) != 0;
}

static void
store_msgs_truncate(struct store_msgs *ms, size_t keep)
{
	while (ms->n > keep)
		free((char *)ms->v[--ms->n].room);
}

static int
store_msgs_cmp(const void *a, const void *b)
{
	const struct store_msg	*ma = a, *mb = b;

	return ((ma->id > mb->id) - (ma->id < mb->id));
}

/*
 * Ends a page: on error nothing is delivered; otherwise the first limit
 * messages go to cb in id order and *more says whether others were read.
 */
/* qsort must not be handed the NULL of an empty list. */
static void
store_msgs_sort(struct store_msgs *ms)
{
	if (ms->n > 1)
		qsort(ms->v, ms->n, sizeof *ms->v, store_msgs_cmp);
}

static void
store_msgs_deliver(struct store_msgs *ms, enum store_result res, int limit,
    void (*cb)(const struct store_msg *, void *), void *arg, bool *more)
{
	size_t	i;

	if (res != STORE_OK)
		store_msgs_truncate(ms, 0);
	*more = ms->n > (size_t)limit;
	store_msgs_truncate(ms, (size_t)limit);
	store_msgs_sort(ms);
	for (i = 0; i < ms->n; i++)
		cb(&ms->v[i], arg);
	store_msgs_truncate(ms, 0);
	free(ms->v);
}

static bool
store_limit_ok(int limit)
{
	if (limit > 0)
		return (true);
	log_error("store: page limit %d", limit);
	return (false);
}

/*
 * Reads limit + 1 newest first, so the extra row, the oldest, is the one
 * store_msgs_deliver drops when it says more exist.
 */
enum store_result
store_history_page(struct store *st, int64_t room_id, int64_t after,
    int64_t before, int limit, void (*cb)(const struct store_msg *, void *),
    void *arg, bool *more)
{
	struct store_msgs	ms = { NULL, 0, 0 };
	enum store_result	res;

	if (!store_limit_ok(limit))
		return (STORE_ERROR);
	res = store_run(st, STMT_HISTORY_PAGE, 0, store_msgs_row, &ms, "iiii",
	    room_id, before > 0 ? before : INT64_MAX, (int64_t)limit + 1, after);
	store_msgs_deliver(&ms, res, limit, cb, arg, more);
	return (res);
}

/*
 * One indexed range read per room, merged here by id: a single
 * "room_id IN (...) ORDER BY id" would walk the whole id index through
 * every other room's messages. Only the smallest limit + 1 ids are kept
 * between rooms, so memory is bounded by the page, not the room count.
 */
enum store_result
store_msgs_since(struct store *st, const int64_t *room_ids,
    const int64_t *floors, size_t nrooms, int64_t since, int limit,
    void (*cb)(const struct store_msg *, void *), void *arg, bool *more)
{
	struct store_msgs	ms = { NULL, 0, 0 };
	enum store_result	res = STORE_OK;
	size_t			i;

	if (!store_limit_ok(limit))
		return (STORE_ERROR);
	for (i = 0; i < nrooms && res == STORE_OK; i++) {
		res = store_run(st, STMT_MSGS_SINCE, 0, store_msgs_row, &ms,
		    "iii", room_ids[i], floors != NULL && floors[i] > since ?
		    floors[i] : since, (int64_t)limit + 1);
		store_msgs_sort(&ms);
		store_msgs_truncate(&ms, (size_t)limit + 1);
	}
	store_msgs_deliver(&ms, res, limit, cb, arg, more);
	return (res);
}

enum store_result
store_room_count_after(struct store *st, int64_t room_id, int64_t after,
    int64_t cap, int64_t *count)
{
	return (store_run(st, STMT_ROOM_COUNT_AFTER, 0, store_row_int64, count,
	    "iii", room_id, after, cap));
}

/* One message, hidden or not; STORE_NOT_FOUND when there is none. */
enum store_result
store_msg_get(struct store *st, int64_t id,
    void (*cb)(const struct store_msg *, void *), void *arg)
{
	struct store_msgs	ms = { NULL, 0, 0 };
	enum store_result	res;
	bool			more;

	res = store_run(st, STMT_MSG_GET, RUN_ONE, store_msgs_row, &ms, "i", id);
	store_msgs_deliver(&ms, res, 1, cb, arg, &more);
	return (res);
}

/* The old body is kept as a version (trigger); hidden messages stay as they are. */
enum store_result
store_msg_edit(struct store *st, int64_t id, const char *body, int64_t now_ms)
{
	return (store_run(st, STMT_MSG_EDIT, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "iti", id, body, now_ms));
}

/* STORE_NOT_FOUND when it is hidden already (or missing). */
enum store_result
store_msg_hide(struct store *st, int64_t id)
{
	return (store_run(st, STMT_MSG_HIDE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "i", id));
}

struct store_msg_version_cb {
	void	(*cb)(int64_t, const char *, void *);
	void	*arg;
};

static void
store_msg_version_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_msg_version_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), store_text(stmt, 1), c->arg);
}

enum store_result
store_msg_versions(struct store *st, int64_t id,
    void (*cb)(int64_t ts, const char *body, void *), void *arg)
{
	struct store_msg_version_cb	c = { cb, arg };

	return (store_run(st, STMT_MSG_VERSIONS, RUN_ONE, store_msg_version_row,
	    &c, "i", id));
}

enum store_result
store_msg_audience(struct store *st, int64_t room_id, int64_t msg_id,
    int limit, void (*cb)(int64_t user_id, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_MSG_AUDIENCE, 0, store_id_row, &c, "iii",
	    room_id, msg_id, (int64_t)limit));
}

/* Read markers. */

enum store_result
store_read_marker(struct store *st, int64_t user_id, int64_t room_id,
    int64_t *upto)
{
	*upto = 0;
	return (store_run(st, STMT_READ_MARKER, 0, store_row_int64, upto, "ii",
	    user_id, room_id));
}

enum store_result
store_read_marker_set(struct store *st, int64_t user_id, int64_t room_id,
    int64_t upto)
{
	return (store_run(st, STMT_READ_MARKER_SET, RUN_WRITE, NULL, NULL,
	    "iii", user_id, room_id, upto));
}

/* Mentions. A message naming someone twice is one mention. */

enum store_result
store_mention_add(struct store *st, int64_t user_id, int64_t room_id,
    int64_t msg_id)
{
	return (store_run(st, STMT_MENTION_ADD, RUN_WRITE, NULL, NULL, "iii",
	    user_id, room_id, msg_id));
}

enum store_result
store_mention_count_after(struct store *st, int64_t user_id, int64_t room_id,
    int64_t after, int64_t cap, int64_t *count)
{
	return (store_run(st, STMT_MENTION_COUNT_AFTER, 0, store_row_int64,
	    count, "iiii", user_id, room_id, after, cap));
}
