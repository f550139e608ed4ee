/*
 * store_private.h: what the store*.c files share and nobody else sees. Each
 * file is a module with its own statements (an enum with the SQL beside it);
 * a statement id carries its module in the bits above STORE_MODULE_SHIFT, so
 * every module runs its statements through the same store_run.
 */
#ifndef STAFFROOM_STORE_PRIVATE_H
#define STAFFROOM_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store.h"

enum store_module_id {
	STORE_MODULE_CORE,	/* store.c: transactions, savepoints, pragmas */
	STORE_MODULE_ROOMS,	/* store_rooms.c: rooms, buddy chats and DMs */
	STORE_MODULE_PEOPLE,	/* store_people.c: profiles, blocks, presence */
	STORE_MODULE_BOARDS,	/* store_boards.c: trusts, boards, threads, posts */
	STORE_MODULE_SEARCH,	/* store_search.c: full-text search */
	STORE_MODULE_GUARD,	/* store_guard.c: the pupil-data guard's rules */
	STORE_MODULE_REGIONS,	/* store_regions.c: regions */
	STORE_MODULE_USERS,	/* store_users.c: accounts */
	STORE_MODULE_KEYS,	/* store_keys.c: SSH public keys */
	STORE_MODULE_INVITES,	/* store_invites.c: invite codes */
	STORE_MODULE_MESSAGES,	/* store_messages.c: messages, read markers, mentions */
	STORE_MODULE_AUDIT,	/* store_audit.c: the hash-chained audit log */
	STORE_MODULE_MOD,	/* store_mod.c: reports, the queue, sanctions */
	STORE_MODULE_MEETINGS,	/* store_meetings.c: series, meetings, agendas, records */
	STORE_MODULE_MEETING_LIVE,	/* store_meeting_live.c: a meeting as it runs */
	STORE_MODULE_PRIVACY,	/* store_privacy.c: subject access and erasure */
	STORE_MODULE_SCHOOLS,	/* store_schools.c: the GIAS schools register */
	STORE_MODULE_EMAIL,	/* store_email.c: email addresses, digests sent */
	STORE_MODULE_RETENTION,	/* store_retention.c: retention periods, the purge */
	STORE_MODULE_WORDS,	/* store_words.c: watched words per scope */
	STORE_MODULE_COUNT
};

#define STORE_MODULE_SHIFT	8
#define STORE_STMT_FIRST(module)	((module) << STORE_MODULE_SHIFT)

struct store_module {
	const char *const	*sql;	/* indexed by the module's own statement index */
	int			 count;
};

extern const struct store_module store_core_module;
extern const struct store_module store_rooms_module;
extern const struct store_module store_people_module;
extern const struct store_module store_boards_module;
extern const struct store_module store_search_module;
extern const struct store_module store_guard_module;
extern const struct store_module store_regions_module;
extern const struct store_module store_users_module;
extern const struct store_module store_keys_module;
extern const struct store_module store_invites_module;
extern const struct store_module store_messages_module;
extern const struct store_module store_audit_module;
extern const struct store_module store_mod_module;
extern const struct store_module store_meetings_module;
extern const struct store_module store_meeting_live_module;
extern const struct store_module store_privacy_module;
extern const struct store_module store_schools_module;
extern const struct store_module store_email_module;
extern const struct store_module store_retention_module;
extern const struct store_module store_words_module;

struct store {
	sqlite3		*db;
	sqlite3_stmt	**stmt[STORE_MODULE_COUNT];
	void		(*hook)(void *);
	void		*hook_arg;

	bool		 txn;		/* BEGIN ran, and no COMMIT or ROLLBACK since */
	int		 read_holds;	/* store_read_hold calls not yet released */
	bool		 read_open;	/* their read transaction is open */
	bool		 op;		/* an op is open (store_op_begin) */
	bool		 op_savepoint;	/* it has written: its SAVEPOINT is open */
	bool		 op_disk;	/* it met a full, read-only or failing disk */
	bool		 disk_failed;	/* the last failure was the disk's */
	uint64_t	 disk_failed_at;	/* monotonic: the first of a run of them, or 0 */
	uint64_t	 refuse_until_ms;	/* monotonic: writes refused until then */
	char		*dir;		/* the state directory (audit.head) */
	bool		 audit_appended;	/* since the last commit or rollback */
	int64_t		 audit_logged_id;	/* the head last logged */

	/* The daemon's (store_writer.c); staffroomctl commits where it asks. */
	struct store_writer *writer;	/* the thread that runs each COMMIT */
	bool		 committing;	/* it holds db: the loop must not touch it */
	struct store	*reader;	/* query_only: reads meanwhile */
	int		 read_scopes;	/* store_read_scope_enter calls not yet left */
	bool		 reader_open;	/* the scopes' read transaction on reader */
};

/* store.c: the write connection, once no commit holds it (waits for one). */
sqlite3		*store_db(struct store *);
enum store_result store_open_query_only(const char *dir, int busy_timeout_ms,
		    int module, struct store **out);
void		 store_committed(struct store *);
void		 store_commit_statements(struct store *, sqlite3_stmt **commit,
		    sqlite3_stmt **rollback);
void		 store_commit_failed(struct store *, int errcode,
		    const char *errmsg);
/* store_writer.c: the loop waits for a commit in flight and settles it. */
void		 store_commit_wait(struct store *);
void		 store_writer_stop(struct store *);

/* store_audit.c: after a commit that appended rows, records the head. */
void		 store_audit_committed(struct store *);
/* SQL functions the statements use (store_privacy.c's name swap); before preparing. */
bool		 store_privacy_functions(sqlite3 *);

/* SQL: whether either of two people (SQL expressions) blocks the other. */
#define BLOCKED_BETWEEN(a, b) \
	"EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = " a \
	" AND blocked_id = " b ") OR (blocker_id = " b " AND blocked_id = " a "))"

/*
 * SQL: the scopes the person u.id moderates, as "scope:ref_id,..."; a
 * row's column of it is read by store_mod_scopes_read (store_mod.c).
 */
#define MOD_SCOPES_OF_U \
	"(SELECT group_concat(ms.scope || ':' || ms.ref_id) FROM moderators ms" \
	" WHERE ms.user_id = u.id)"
void		 store_mod_scopes_read(sqlite3_stmt *, int col,
		    struct store_mod_scopes *);

/*
 * SQL: where an item of room r (or board b) is moderated, as three columns
 * (scope, region, trust) that store_scope_columns reads: room kinds 0-2
 * are scopes 0-2, every other room is private (3); a series' board is
 * private too. A trust's region is its trust's. Each needs its JOIN.
 */
#define STORE_ROOM_SCOPE_COLUMNS \
	"CASE r.kind WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 3 END," \
	" COALESCE(CASE r.kind WHEN 1 THEN r.region_id" \
	" WHEN 2 THEN t.region_id END, 0), COALESCE(t.id, 0)"
#define STORE_ROOM_SCOPE_JOIN \
	"LEFT JOIN trusts t ON r.kind = 2 AND r.ref = 'trust:' || t.id"
#define STORE_BOARD_SCOPE_COLUMNS \
	"CASE WHEN b.scope BETWEEN 0 AND 2 THEN b.scope ELSE 3 END," \
	" COALESCE(CASE b.scope WHEN 1 THEN b.region_id" \
	" WHEN 2 THEN t.region_id END, 0), COALESCE(t.id, 0)"
#define STORE_BOARD_SCOPE_JOIN \
	"LEFT JOIN trusts t ON b.scope = 2 AND t.id = b.trust_id"
void		 store_scope_columns(sqlite3_stmt *, int col,
		    struct store_mod_scope *);

/* How store_run treats a statement. */
#define RUN_WRITE	0x1	/* opens a transaction first */
#define RUN_ONE		0x2	/* STORE_NOT_FOUND when no row is read or changed */

typedef void	(*store_row_fn)(sqlite3_stmt *, void *);

/*
 * Runs statement id: opens a transaction for writes, binds by fmt ('i'
 * int64_t, 'z' int64_t stored as NULL unless positive, 'n' int64_t stored
 * as NULL when negative, 't' string, 'h' an
 * invite hash), steps, passes each row to row (may be NULL) and resets.
 */
enum store_result store_run(struct store *, int id, int flags, store_row_fn row,
		    void *arg, const char *fmt, ...);
const char	*store_statement_sql(int id);
/* Passes res through, setting *id (when not NULL) to the new row's id on success. */
enum store_result store_rowid(struct store *, enum store_result res, int64_t *id);

/* Column helpers: NULL text reads as "". */
const char	*store_text(sqlite3_stmt *, int col);
void		 store_copy(char *buf, size_t size, sqlite3_stmt *, int col);
enum role	 store_role(sqlite3_stmt *, int col);
void		 store_row_int64(sqlite3_stmt *, void *);
/* "[1,5]": ids as a JSON array, for json_each in SQL. */
void		 store_json_ids(const int64_t *ids, int n, char *buf, size_t size);
/* The rowid of the last insert on this connection. */
int64_t		 store_last_id(struct store *);
/* Copies column 0 of statement id's single row (bound to key) into buf. */
enum store_result store_get_text(struct store *, int id, int64_t key, char *buf,
		    size_t size);
/* Hands column 0 of each row to cb, for lists of ids. */
struct store_id_cb {
	void	(*cb)(int64_t, void *);
	void	*arg;
};
void		 store_id_row(sqlite3_stmt *, void *);	/* arg: struct store_id_cb */

#endif
