/*
 * store.c: the SQLite store. Every statement is prepared once in store_open,
 * named by an enum with its SQL beside it, and reset after each use; one
 * helper binds, steps and hands rows to small fill functions, so each
 * store_* function says only which statement and which values. This file
 * is the core: opening, running statements, the turn's transaction and each
 * op's savepoint, commit, backup; the data's own statements are in the
 * store_<area>.c modules (see store_private.h).
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
	STMT_READ_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_OP_SAVEPOINT,
	STMT_OP_UNDO,
	STMT_OP_RELEASE,
	STMT_DATA_VERSION,
	STMT_USER_VERSION,
	STMT_CORE_END
};

/* A backup that cannot start reading (the database locked) tries for a second. */
#define STORE_BACKUP_TRIES	100
#define STORE_BACKUP_WAIT_MS	10

static const char *const store_sql[STMT_CORE_END] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	/* Takes no lock until the first read, and then only a reader's. */
	[STMT_READ_BEGIN] = "BEGIN DEFERRED",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_OP_SAVEPOINT] = "SAVEPOINT op",
	[STMT_OP_UNDO] = "ROLLBACK TO op",
	[STMT_OP_RELEASE] = "RELEASE op",
	[STMT_DATA_VERSION] = "PRAGMA data_version",
	[STMT_USER_VERSION] = "PRAGMA user_version",
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
	[STORE_MODULE_REGIONS] = &store_regions_module,
	[STORE_MODULE_USERS] = &store_users_module,
	[STORE_MODULE_KEYS] = &store_keys_module,
	[STORE_MODULE_INVITES] = &store_invites_module,
	[STORE_MODULE_MESSAGES] = &store_messages_module,
	[STORE_MODULE_AUDIT] = &store_audit_module,
	[STORE_MODULE_MOD] = &store_mod_module,
	[STORE_MODULE_MEETINGS] = &store_meetings_module,
	[STORE_MODULE_MEETING_LIVE] = &store_meeting_live_module,
	[STORE_MODULE_PRIVACY] = &store_privacy_module,
	[STORE_MODULE_SCHOOLS] = &store_schools_module,
	[STORE_MODULE_EMAIL] = &store_email_module,
	[STORE_MODULE_RETENTION] = &store_retention_module,
	[STORE_MODULE_WORDS] = &store_words_module,
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
		if (st->disk_failed_at == 0)
			st->disk_failed_at = mono_ms();
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
static void			store_read_close(struct store *);

/*
 * Where a statement runs: the write connection, waiting for a commit the
 * writer thread holds it for, unless it is a read inside a read scope,
 * which the reader takes meanwhile (store_writer.c).
 */
static struct store *
store_runner(struct store *st, int flags)
{
	if (!st->committing)
		return (st);
	if (st->reader_open && !(flags & RUN_WRITE))
		return (st->reader);
	store_commit_wait(st);
	return (st);
}

static enum store_result
store_vrun(struct store *st, int id, int flags, store_row_fn row, void *arg,
    const char *fmt, va_list ap)
{
	sqlite3_stmt		*stmt = store_statement(st, id);
	enum store_result	 res;
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

	rc = store_bind(stmt, fmt, ap);
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

/* The one place statements run. */
enum store_result
store_run(struct store *st, int id, int flags, store_row_fn row, void *arg,
    const char *fmt, ...)
{
	enum store_result	res;
	va_list			ap;

	va_start(ap, fmt);
	res = store_vrun(store_runner(st, flags), id, flags, row, arg, fmt, ap);
	va_end(ap);
	return (res);
}

sqlite3 *
store_db(struct store *st)
{
	store_commit_wait(st);
	return (st->db);
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

	store_commit_wait(st);
	if (store_transaction_lost(st)) {
		st->op_disk |= st->disk_failed;
		return (STORE_ERROR);
	}
	if (!st->txn) {
		if (mono_ms() < st->refuse_until_ms) {
			st->op_disk = true;
			return (STORE_ERROR);
		}
		store_read_close(st);
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

/* "[1,5]": ids for json_each. */
void
store_json_ids(const int64_t *ids, int n, char *buf, size_t size)
{
	size_t	len;
	int	i;

	snprintf(buf, size, "[");
	for (i = 0; i < n; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%lld", i > 0 ? "," : "",
		    (long long)ids[i]);
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, "]");
}

int64_t
store_last_id(struct store *st)
{
	return (sqlite3_last_insert_rowid(store_db(st)));
}

/* Insert helper for tables whose new id the caller wants. */
enum store_result
store_rowid(struct store *st, enum store_result res, int64_t *id)
{
	if (res == STORE_OK && id != NULL)
		*id = store_last_id(st);
	return (res);
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
enum store_result
store_get_text(struct store *st, int id, int64_t key, char *buf,
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

void
store_id_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_id_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), c->arg);
}

/* Prepares module m's statements for the connection's life. */
static bool
store_prepare(struct store *st, int m)
{
	int	i;

	st->stmt[m] = xcalloc(store_modules[m]->count, sizeof *st->stmt[m]);
	for (i = 0; i < store_modules[m]->count; i++) {
		if (sqlite3_prepare_v3(st->db, store_modules[m]->sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[m][i], NULL) !=
		    SQLITE_OK) {
			store_error(st, store_modules[m]->sql[i]);
			return (false);
		}
	}
	return (true);
}

enum store_result
store_open(const char *dir, bool create, int busy_timeout_ms,
    struct store **out)
{
	char		 path[PATH_MAX];
	struct store	*st;
	mode_t		 mask;
	int		 m, rc, flags = SQLITE_OPEN_READWRITE;

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
	st->dir = xstrdup(dir);
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
	if (!store_privacy_functions(st->db)) {
		log_error("store: %s: %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	for (m = 0; m < STORE_MODULE_COUNT; m++) {
		if (!store_prepare(st, m))
			goto fail;
	}
	*out = st;
	return (STORE_OK);

fail:
	store_close(st);
	return (STORE_ERROR);
}

/*
 * A second connection to DIR's database that reads committed data and can
 * write nothing (query_only), with module's statements prepared (all of
 * them for STORE_MODULE_COUNT).
 */
enum store_result
store_open_query_only(const char *dir, int busy_timeout_ms, int module,
    struct store **out)
{
	struct store	*st;
	char		 path[PATH_MAX];
	int		 m;

	*out = NULL;
	if (!path_join(path, sizeof path, dir, STORE_DB_FILE)) {
		log_error("store: path too long: %s", dir);
		return (STORE_ERROR);
	}
	st = xcalloc(1, sizeof *st);
	/* Its statements are the write connection's: the same functions. */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK || sqlite3_exec(st->db, "PRAGMA query_only = ON", NULL,
	    NULL, NULL) != SQLITE_OK || !store_privacy_functions(st->db)) {
		log_error("store: %s: %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, busy_timeout_ms);
	for (m = 0; m < STORE_MODULE_COUNT; m++) {
		if ((m == module || module == STORE_MODULE_COUNT) &&
		    !store_prepare(st, m))
			goto fail;
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
	store_writer_stop(st);
	for (m = 0; m < STORE_MODULE_COUNT; m++) {
		for (i = 0; st->stmt[m] != NULL && i < store_modules[m]->count; i++)
			sqlite3_finalize(st->stmt[m][i]);
		free(st->stmt[m]);
	}
	sqlite3_close(st->db);
	free(st->dir);
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

	store_commit_wait(st);
	if (!st->txn)
		return (STORE_OK);
	if (!store_transaction_lost(st) &&
	    (res = store_run(st, STMT_COMMIT, 0, NULL, NULL, "")) == STORE_OK) {
		store_committed(st);
		return (STORE_OK);
	}
	store_rollback(st);
	return (res == STORE_OK ? STORE_ERROR : res);
}

/* The turn's COMMIT returned OK, here or on the writer thread. */
void
store_committed(struct store *st)
{
	st->txn = false;
	/* The operator who read that the disk refused reads that it takes writes again. */
	if (st->disk_failed_at != 0)
		log_info("store: the disk takes writes again, %.1f s after "
		    "it first refused", (mono_ms() - st->disk_failed_at) / 1e3);
	st->disk_failed_at = 0;
	st->disk_failed = false;
	st->refuse_until_ms = 0;
	if (st->audit_appended)
		store_audit_committed(st);
}

/* For the writer thread, which runs them on the write connection alone. */
void
store_commit_statements(struct store *st, sqlite3_stmt **commit,
    sqlite3_stmt **rollback)
{
	*commit = store_statement(st, STMT_COMMIT);
	*rollback = store_statement(st, STMT_ROLLBACK);
}

/* The writer thread's COMMIT failed, and it rolled the transaction back. */
void
store_commit_failed(struct store *st, int errcode, const char *errmsg)
{
	log_error("store: %s (in: COMMIT)", errmsg);
	store_note_failure(st, errcode & 0xff);
	st->txn = false;
	st->audit_appended = false;
}

void
store_rollback(struct store *st)
{
	store_commit_wait(st);
	if (!sqlite3_get_autocommit(st->db))
		store_run(st, STMT_ROLLBACK, 0, NULL, NULL, "");
	st->txn = false;
	st->audit_appended = false;
}

enum store_result
store_read_begin(struct store *st)
{
	if (st->txn)
		return (STORE_ERROR);	/* a write's transaction is open */
	return (store_run(st, STMT_READ_BEGIN, 0, NULL, NULL, ""));
}

void
store_read_end(struct store *st)
{
	store_commit_wait(st);
	if (!st->txn && !sqlite3_get_autocommit(st->db))
		store_run(st, STMT_COMMIT, 0, NULL, NULL, "");
}

void
store_read_hold(struct store *st)
{
	/* While a commit holds the write connection, the reader serves them. */
	store_read_scope_enter(st);
	if (st->read_holds++ > 0 || st->committing || st->txn ||
	    !sqlite3_get_autocommit(st->db))
		return;
	st->read_open = store_run(st, STMT_READ_BEGIN, 0, NULL, NULL, "") ==
	    STORE_OK;
}

/* Ends the holds' read transaction, if it is still theirs. */
static void
store_read_close(struct store *st)
{
	if (!st->read_open)
		return;
	st->read_open = false;
	if (!sqlite3_get_autocommit(st->db))
		store_run(st, STMT_COMMIT, 0, NULL, NULL, "");
}

void
store_read_release(struct store *st)
{
	if (--st->read_holds == 0)
		store_read_close(st);
	store_read_scope_leave(st);
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
	store_commit_wait(st);
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

/* The first column of the statement's first row, as text into out. */
static bool
store_file_pragma(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt	*stmt;
	const char	*text;
	bool		 ok = false;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return (false);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(stmt, 0);
		snprintf(out, size, "%s", text != NULL ? text : "");
		ok = true;
	}
	sqlite3_finalize(stmt);
	return (ok);
}

enum store_result
store_file_check(const char *path, int *version, char *why, size_t size)
{
	sqlite3		*db = NULL;
	char		*uri, *p, answer[256];
	const char	*c;
	bool		 ok = false;

	/*
	 * immutable=1: no locks, no -wal or -shm beside the backup, nothing
	 * written. The path is escaped for the URI.
	 */
	uri = p = xmalloc(strlen(path) * 3 + 32);
	p += sprintf(p, "file:");
	for (c = path; *c != '\0'; c++) {
		if (*c == '%' || *c == '?' || *c == '#')
			p += sprintf(p, "%%%02X", (unsigned char)*c);
		else
			*p++ = *c;
	}
	strcpy(p, "?mode=ro&immutable=1");
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL) != SQLITE_OK)
		snprintf(why, size, "%s", db != NULL ? sqlite3_errmsg(db) :
		    "out of memory");
	else if (!store_file_pragma(db, "PRAGMA integrity_check", answer,
	    sizeof answer))
		snprintf(why, size, "%s", sqlite3_errmsg(db));
	else if (strcmp(answer, "ok") != 0)
		snprintf(why, size, "damaged: %s", answer);
	else if (!store_file_pragma(db, "SELECT count(*) FROM sqlite_schema "
	    "WHERE type = 'table' AND name = 'users'", answer, sizeof answer) ||
	    strcmp(answer, "1") != 0)
		snprintf(why, size, "not a staffroom database");
	else if (!store_file_pragma(db, "PRAGMA user_version", answer,
	    sizeof answer))
		snprintf(why, size, "%s", sqlite3_errmsg(db));
	else {
		*version = atoi(answer);
		ok = true;
	}
	sqlite3_close(db);
	free(uri);
	return (ok ? STORE_OK : STORE_ERROR);
}
