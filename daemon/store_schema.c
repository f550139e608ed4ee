/*
 * store_schema.c: applies the numbered schema migrations (their SQL is in
 * store_migrations_first.c and store_migrations.c); PRAGMA user_version
 * holds the last one applied.
 */
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "store.h"
#include "store_schema.h"


#define STORE_NMIGRATIONS	(STORE_MIGRATIONS_FIRST + store_migrations_later_n)

/* Migration version + 1's SQL (version: the schema's before it). */
static const char *
store_migration(int version)
{
	return (version < STORE_MIGRATIONS_FIRST ?
	    store_migrations_first[version] :
	    store_migrations_later[version - STORE_MIGRATIONS_FIRST]);
}

static int
store_schema_version_row(void *arg, int ncols, char **values, char **names)
{
	int	*version = arg;

	*version = values[0] != NULL ? atoi(values[0]) : 0;
	return (0);
}

static bool
store_schema_exec(sqlite3 *db, const char *sql, int *version)
{
	char	*err = NULL;

	if (sqlite3_exec(db, sql, version != NULL ?
	    store_schema_version_row : NULL, version, &err) == SQLITE_OK)
		return (true);
	log_error("store: migration: %s", err != NULL ? err : "out of memory");
	sqlite3_free(err);
	return (false);
}

/*
 * Applies the next migration if one is pending and the schema is older than
 * target. The version is read inside the write transaction so two processes
 * starting at once cannot both apply the same migration. *done is set when
 * the schema is at target.
 */
static bool
store_schema_step(sqlite3 *db, int target, bool *done)
{
	char	 set[64];
	int	 version = 0;

	if (!store_schema_exec(db, "BEGIN IMMEDIATE", NULL))
		return (false);
	if (!store_schema_exec(db, "PRAGMA user_version", &version))
		goto fail;
	if (version > STORE_NMIGRATIONS) {
		log_error("store: schema version %d is newer than this program "
		    "(%d)", version, STORE_NMIGRATIONS);
		goto fail;
	}
	*done = version >= target;
	if (!*done) {
		snprintf(set, sizeof set, "PRAGMA user_version = %d", version + 1);
		if (!store_schema_exec(db, store_migration(version), NULL) ||
		    !store_schema_exec(db, set, NULL))
			goto fail;
	}
	return (store_schema_exec(db, "COMMIT", NULL));

fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return (false);
}

enum store_result
store_schema_migrate_to(sqlite3 *db, int version)
{
	bool	done = false;

	if (version > STORE_NMIGRATIONS)
		version = STORE_NMIGRATIONS;
	while (!done) {
		if (!store_schema_step(db, version, &done))
			return (STORE_ERROR);
	}
	return (STORE_OK);
}

int
store_schema_latest(void)
{
	return (STORE_NMIGRATIONS);
}

enum store_result
store_schema_migrate(sqlite3 *db)
{
	return (store_schema_migrate_to(db, STORE_NMIGRATIONS));
}
