/*
 * sqlgen.c: the bench's own SQL, kept apart from the product (the daemon
 * speaks SQL only in store*.c). Two jobs, both on a database file no
 * daemon has open:
 *
 *   raw ingest: the same rows the daemon stored, inserted straight into a
 *   copy of its database with the same pragmas (WAL, synchronous=FULL,
 *   foreign keys), in batched transactions: the ceiling the daemon's
 *   ingest is compared with;
 *
 *   gen-messages: a big store (1M messages) for the read-path scenario,
 *   written fast because it is setup, not a measurement;
 *
 *   gen-posts: as many board posts, in threads of ten on the national
 *   board, for the board page and search read paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "bench.h"

#define SQLGEN_GEN_BATCH	50000
#define SQLGEN_MAX_IDS		4096

static sqlite3 *
sqlgen_open(const char *path, const char *pragmas)
{
	sqlite3	*db;
	char	*err = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, pragmas, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "staffroom-bench: %s: %s\n", path,
		    err != NULL ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		sqlite3_close(db);
		return (NULL);
	}
	return (db);
}

static bool
sqlgen_exec(sqlite3 *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK)
		return (true);
	fprintf(stderr, "staffroom-bench: %s: %s\n", sql, err);
	sqlite3_free(err);
	return (false);
}

/* The integer the query returns for text; 0 when none. */
static int64_t
sqlgen_lookup(sqlite3 *db, const char *sql, const char *text)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return (0);
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (id);
}

/* Every id the query returns, up to max. */
static size_t
sqlgen_ids(sqlite3 *db, const char *sql, int64_t *ids, size_t max)
{
	sqlite3_stmt	*st;
	size_t		 n = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return (0);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (n);
}

static int64_t
sqlgen_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Inserts n rows, round robin over the (room, user) pairs, batch per transaction. */
static bool
sqlgen_insert(sqlite3 *db, const int64_t *rooms, const int64_t *users,
    size_t npairs, size_t body_len, long n, int batch)
{
	sqlite3_stmt	*st;
	char		*body;
	long		 i;
	bool		 ok = true;

	if (sqlite3_prepare_v2(db, "INSERT INTO messages (room_id, user_id, body, ts)"
	    " VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		return (false);
	if ((body = malloc(body_len + 32)) == NULL)
		abort();
	for (i = 0; i < n && ok; i++) {
		if (i % batch == 0 && !sqlgen_exec(db, "BEGIN"))
			ok = false;
		snprintf(body, body_len + 32, "bench %ld %ld %0*d", i, i,
		    (int)(body_len > 24 ? body_len - 24 : 1), 0);
		sqlite3_bind_int64(st, 1, rooms[(size_t)i % npairs]);
		sqlite3_bind_int64(st, 2, users[(size_t)i % npairs]);
		sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, sqlgen_now_ms());
		if (sqlite3_step(st) != SQLITE_DONE)
			ok = false;
		sqlite3_reset(st);
		if (ok && ((i + 1) % batch == 0 || i + 1 == n))
			ok = sqlgen_exec(db, "COMMIT");
	}
	if (!ok)
		fprintf(stderr, "staffroom-bench: insert: %s\n", sqlite3_errmsg(db));
	free(body);
	sqlite3_finalize(st);
	return (ok);
}

double
sqlgen_raw_ingest(const char *path, const char *const *rooms,
    const char *const *handles, size_t npairs, size_t body_len, long n, int batch)
{
	sqlite3		*db;
	int64_t		*room_ids, *user_ids;
	uint64_t	 t0, t1;
	size_t		 i;
	bool		 ok = true;

	if ((db = sqlgen_open(path, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")) == NULL)
		return (0);
	room_ids = calloc(npairs, sizeof *room_ids);
	user_ids = calloc(npairs, sizeof *user_ids);
	if (room_ids == NULL || user_ids == NULL)
		abort();
	for (i = 0; i < npairs && ok; i++) {
		room_ids[i] = sqlgen_lookup(db, "SELECT id FROM rooms WHERE ref = ?1",
		    rooms[i]);
		user_ids[i] = sqlgen_lookup(db, "SELECT id FROM users WHERE handle = ?1",
		    handles[i]);
		ok = room_ids[i] != 0 && user_ids[i] != 0;
	}
	t0 = bench_now_us();
	ok = ok && sqlgen_insert(db, room_ids, user_ids, npairs, body_len, n, batch);
	t1 = bench_now_us();
	free(room_ids);
	free(user_ids);
	sqlite3_close(db);
	return (ok && t1 > t0 ? (double)n * 1e6 / (double)(t1 - t0) : 0);
}

int
sqlgen_messages(const char *path, long n)
{
	sqlite3		*db;
	int64_t		*rooms, *users;
	size_t		 nrooms, nusers, i;
	uint64_t	 t0 = bench_now_us();
	bool		 ok;

	/* Setup, not a measurement: no fsync per commit. */
	if ((db = sqlgen_open(path, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON")) == NULL)
		return (-1);
	rooms = calloc(SQLGEN_MAX_IDS, sizeof *rooms);
	users = calloc(SQLGEN_MAX_IDS, sizeof *users);
	if (rooms == NULL || users == NULL)
		abort();
	nrooms = sqlgen_ids(db, "SELECT id FROM rooms ORDER BY id", rooms,
	    SQLGEN_MAX_IDS);
	nusers = sqlgen_ids(db, "SELECT id FROM users ORDER BY id", users,
	    SQLGEN_MAX_IDS);
	/* Pairs of room i with user i mod nusers, so every room gets rows. */
	for (i = 0; i < nrooms && nusers > 0; i++)
		users[i] = users[i % nusers];
	ok = nrooms > 0 && nusers > 0 &&
	    sqlgen_insert(db, rooms, users, nrooms, 80, n, SQLGEN_GEN_BATCH) &&
	    sqlgen_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	fprintf(stderr, "staffroom-bench: %ld messages over %zu rooms in %.1f s\n",
	    ok ? n : 0, nrooms, (double)(bench_now_us() - t0) / 1e6);
	free(rooms);
	free(users);
	sqlite3_close(db);
	return (ok ? 0 : -1);
}

/*
 * Threads of ten posts on the national board (id 1, made by init). Every
 * post says "pupil" (a word search finds everywhere) and one of a thousand
 * "topicN" words (each in a thousandth of the posts).
 */
int
sqlgen_posts(const char *path, long n)
{
	sqlite3		*db;
	char		 sql[1024];
	uint64_t	 t0 = bench_now_us();
	bool		 ok;

	if ((db = sqlgen_open(path, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON")) == NULL)
		return (-1);
	snprintf(sql, sizeof sql,
	    "BEGIN;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < %ld)"
	    " INSERT INTO threads (board_id, user_id, title, tags, created_ms,"
	    " last_post_ts) SELECT 1, (SELECT min(id) FROM users),"
	    " 'Thread ' || i || ' on provision', 1 << (i %% 21), i, i FROM n;"
	    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < %ld - 1)"
	    " INSERT INTO posts (thread_id, board_id, user_id, body, ts)"
	    " SELECT (SELECT min(id) FROM threads) + i / 10, 1,"
	    " (SELECT min(id) FROM users), 'Post ' || i || ': the pupil needs"
	    " support with topic' || (i %% 1000) || ' and reading', i FROM n;"
	    "COMMIT;", (n + 9) / 10, n);
	ok = sqlgen_exec(db, sql) &&
	    sqlgen_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	fprintf(stderr, "staffroom-bench: %ld posts in %ld threads in %.1f s\n",
	    ok ? n : 0, ok ? (n + 9) / 10 : 0,
	    (double)(bench_now_us() - t0) / 1e6);
	sqlite3_close(db);
	return (ok ? 0 : -1);
}
