/*
 * store_schema.c: numbered schema migrations. Migration N (1-based) is
 * store_migrations[N - 1]; PRAGMA user_version holds the last one applied.
 * Never edit a migration that has shipped: add a new one at the end.
 *
 * All timestamps are UTC milliseconds since the epoch.
 */
#include <stdio.h>
#include <stdlib.h>

#include "staffroomd.h"
#include "store_schema.h"

static const char *const store_migrations[] = {
	/* 1: accounts, regions, rooms and messages. */
	"CREATE TABLE regions ("
	"	id		INTEGER PRIMARY KEY,"
	"	slug		TEXT NOT NULL UNIQUE,"
	"	name		TEXT NOT NULL,"
	"	neighbours	TEXT NOT NULL DEFAULT ''"	/* comma-separated slugs */
	");"
	"CREATE TABLE users ("
	"	id		INTEGER PRIMARY KEY,"
	/* NOCASE so "Asha" cannot sit beside "asha" and pass for her. */
	"	handle		TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"	name		TEXT NOT NULL,"
	"	region_id	INTEGER NOT NULL REFERENCES regions(id),"
	"	role		TEXT NOT NULL"
	"			CHECK (role IN ('member', 'moderator', 'admin')),"
	"	pwhash		TEXT,"				/* NULL: key-only */
	"	disabled	INTEGER NOT NULL DEFAULT 0,"
	"	created_ms	INTEGER NOT NULL"
	");"
	"CREATE INDEX users_disabled ON users(id) WHERE disabled;"
	"CREATE TABLE user_keys ("
	"	id		INTEGER PRIMARY KEY,"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	fingerprint	TEXT NOT NULL UNIQUE,"
	"	type		TEXT NOT NULL,"
	"	blob		TEXT NOT NULL,"
	"	comment		TEXT NOT NULL DEFAULT '',"
	"	created_ms	INTEGER NOT NULL"
	");"
	"CREATE INDEX user_keys_user ON user_keys(user_id);"
	"CREATE TABLE invites ("
	"	id		INTEGER PRIMARY KEY,"
	"	short_id	TEXT NOT NULL UNIQUE,"
	"	code_hash	BLOB NOT NULL UNIQUE,"
	"	region_id	INTEGER NOT NULL REFERENCES regions(id),"
	"	role		TEXT NOT NULL"
	"			CHECK (role IN ('member', 'moderator', 'admin')),"
	"	created_ms	INTEGER NOT NULL,"
	"	expires_ms	INTEGER NOT NULL,"
	"	used_ms		INTEGER,"
	"	used_by		INTEGER REFERENCES users(id),"
	"	revoked		INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE rooms ("
	"	id		INTEGER PRIMARY KEY,"
	"	ref		TEXT NOT NULL UNIQUE,"
	"	kind		INTEGER NOT NULL,"		/* enum room_kind */
	"	name		TEXT NOT NULL,"
	"	region_id	INTEGER REFERENCES regions(id),"
	"	created_ms	INTEGER NOT NULL"
	");"
	"CREATE INDEX rooms_region ON rooms(region_id, kind);"
	/*
	 * A region without its room would leave its people nowhere to talk;
	 * the trigger makes both one statement, so neither exists alone.
	 */
	"CREATE TRIGGER regions_room AFTER INSERT ON regions BEGIN"
	"	INSERT INTO rooms (ref, kind, name, region_id, created_ms)"
	"	VALUES ('region:' || NEW.slug, 1 /* ROOM_REGION */, NEW.name, NEW.id,"
	"	    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));"
	" END;"
	"CREATE TABLE room_members ("
	"	room_id		INTEGER NOT NULL REFERENCES rooms(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	joined_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (room_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX room_members_user ON room_members(user_id, room_id);"
	/* AUTOINCREMENT: one server-wide id sequence, never reused. */
	"CREATE TABLE messages ("
	"	id		INTEGER PRIMARY KEY AUTOINCREMENT,"
	"	room_id		INTEGER NOT NULL REFERENCES rooms(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	body		TEXT NOT NULL,"
	"	ts		INTEGER NOT NULL"
	");"
	"CREATE INDEX messages_room_id ON messages(room_id, id);"
	"CREATE TABLE read_markers ("
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	room_id		INTEGER NOT NULL REFERENCES rooms(id),"
	"	upto		INTEGER NOT NULL,"
	"	PRIMARY KEY (user_id, room_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE mentions ("
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	room_id		INTEGER NOT NULL REFERENCES rooms(id),"
	"	msg_id		INTEGER NOT NULL REFERENCES messages(id),"
	"	PRIMARY KEY (user_id, room_id, msg_id)"
	") WITHOUT ROWID;",

	/*
	 * 2: buddy chats and DMs. A member sees the messages after
	 * visible_from (the room's last id when they joined); invited people
	 * are not members until they accept; a pair has one DM room.
	 */
	"ALTER TABLE rooms ADD COLUMN owner_id INTEGER REFERENCES users(id);"
	"ALTER TABLE room_members ADD COLUMN"
	"	visible_from INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE room_invites ("
	"	room_id		INTEGER NOT NULL REFERENCES rooms(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	inviter_id	INTEGER NOT NULL REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (room_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX room_invites_user ON room_invites(user_id, created_ms);"
	"CREATE TABLE dm_pairs ("
	"	low_id		INTEGER NOT NULL REFERENCES users(id),"
	"	high_id		INTEGER NOT NULL REFERENCES users(id),"
	"	room_id		INTEGER NOT NULL UNIQUE REFERENCES rooms(id),"
	"	PRIMARY KEY (low_id, high_id),"
	"	CHECK (low_id < high_id)"
	") WITHOUT ROWID;",

	/*
	 * 3: profiles, blocks and presence. Every person has a profile row
	 * (the trigger makes it with the account); phases and expertise are
	 * bit sets and visible the set of fields others see (people.c names
	 * the bits; 1023 is every field).
	 */
	"CREATE TABLE profiles ("
	"	user_id		INTEGER PRIMARY KEY REFERENCES users(id),"
	"	role_title	TEXT NOT NULL DEFAULT '',"
	"	school_name	TEXT NOT NULL DEFAULT '',"
	"	school_urn	TEXT NOT NULL DEFAULT '',"
	"	phases		INTEGER NOT NULL DEFAULT 0,"
	"	years_in_role	INTEGER,"
	"	nasenco		INTEGER NOT NULL DEFAULT 0,"
	"	npq_senco	INTEGER NOT NULL DEFAULT 0,"
	"	expertise	INTEGER NOT NULL DEFAULT 0,"
	"	bio		TEXT NOT NULL DEFAULT '',"
	"	visible		INTEGER NOT NULL DEFAULT 1023,"
	"	buddy_available	INTEGER NOT NULL DEFAULT 0,"
	"	presence_hidden	INTEGER NOT NULL DEFAULT 0,"
	"	presence_away	INTEGER NOT NULL DEFAULT 0,"
	"	last_seen_ms	INTEGER"
	");"
	"INSERT INTO profiles (user_id) SELECT id FROM users;"
	"CREATE TRIGGER users_profile AFTER INSERT ON users BEGIN"
	"	INSERT INTO profiles (user_id) VALUES (NEW.id);"
	" END;"
	"CREATE INDEX profiles_buddies ON profiles(user_id) WHERE buddy_available;"
	"CREATE INDEX users_region ON users(region_id);"
	"CREATE TABLE blocks ("
	"	blocker_id	INTEGER NOT NULL REFERENCES users(id),"
	"	blocked_id	INTEGER NOT NULL REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (blocker_id, blocked_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX blocks_blocked ON blocks(blocked_id, blocker_id);",
};

#define STORE_NMIGRATIONS \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

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
 * Applies the next migration if one is pending. The version is read inside
 * the write transaction so two processes starting at once cannot both apply
 * the same migration. *done is set when the schema is current.
 */
static bool
store_schema_step(sqlite3 *db, bool *done)
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
	*done = version == STORE_NMIGRATIONS;
	if (!*done) {
		snprintf(set, sizeof set, "PRAGMA user_version = %d", version + 1);
		if (!store_schema_exec(db, store_migrations[version], NULL) ||
		    !store_schema_exec(db, set, NULL))
			goto fail;
	}
	return (store_schema_exec(db, "COMMIT", NULL));

fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return (false);
}

enum store_result
store_schema_migrate(sqlite3 *db)
{
	bool	done = false;

	while (!done) {
		if (!store_schema_step(db, &done))
			return (STORE_ERROR);
	}
	return (STORE_OK);
}
