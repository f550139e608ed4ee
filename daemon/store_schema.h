/*
 * store_schema.h: the SQLite schema, private to store*.c. Only the store
 * knows SQL; this header exists so store.c can ask for migrations without
 * store.h mentioning SQLite.
 */
#ifndef STAFFROOM_STORE_SCHEMA_H
#define STAFFROOM_STORE_SCHEMA_H

#include <sqlite3.h>

#include "store.h"

/*
 * Applies every pending numbered migration in order, each in its own
 * transaction, and records progress in PRAGMA user_version.
 */
enum store_result store_schema_migrate(sqlite3 *db);
/* The same, stopping after migration version (tests build older schemas). */
enum store_result store_schema_migrate_to(sqlite3 *db, int version);

/*
 * The migrations' SQL, in two lists by number: 1 to STORE_MIGRATIONS_FIRST
 * (store_migrations_first.c), then the rest (store_migrations.c).
 */
#define STORE_MIGRATIONS_FIRST	15
extern const char *const store_migrations_first[STORE_MIGRATIONS_FIRST];
extern const char *const store_migrations_later[];
extern const int store_migrations_later_n;

/* The migration that brought trusts, boards and search. */
#define STORE_SCHEMA_BOARDS	4
/* The migration that brought the moderators table. */
#define STORE_SCHEMA_MODERATORS	17
/* The migration that let held rows be board posts. */
#define STORE_SCHEMA_HELD_POSTS	37

#endif
