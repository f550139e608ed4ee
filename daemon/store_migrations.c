/*
 * store_migrations.c: schema migrations from 16 on (store_schema.c runs
 * them). Migration N (1-based) is the Nth string of the two lists.
 * Never edit a migration that has shipped: add a new one at the
 * end of this list.
 *
 * All timestamps are UTC milliseconds since the epoch.
 */
#include "store_schema.h"

const char *const store_migrations_later[] = {
	/* 16: the same mark on a board's posts (a board set to confirm). */
	"ALTER TABLE posts ADD COLUMN personal_data INTEGER NOT NULL"
	"    DEFAULT 0;",
	/*
	 * 17: who moderates what. A row is a scope (enum board_scope 0
	 * national, ref_id 0; 1 a region, ref_id its id, with its trusts;
	 * 2 a trust, ref_id its id). Today's moderators keep what the role
	 * gave them: the national scope and their region. The role stays the
	 * label of having scopes: the triggers give a person made a moderator
	 * without scopes those two, and keep the role and the rows in step
	 * both ways; every change reaches their open sessions (user_changes).
	 * And reports learn whether their reporter was told the outcome.
	 */
	"CREATE TABLE moderators ("
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	scope		INTEGER NOT NULL CHECK (scope BETWEEN 0 AND 2),"
	"	ref_id		INTEGER NOT NULL,"
	"	PRIMARY KEY (user_id, scope, ref_id)"
	") WITHOUT ROWID;"
	"INSERT INTO moderators (user_id, scope, ref_id)"
	"    SELECT id, 0, 0 FROM users WHERE role = 'moderator'"
	"    UNION ALL SELECT id, 1, region_id FROM users"
	"    WHERE role = 'moderator';"
	"CREATE TRIGGER moderators_added AFTER INSERT ON moderators BEGIN"
	"	UPDATE users SET role = 'moderator' WHERE id = NEW.user_id"
	"	    AND role = 'member';"
	"	INSERT OR IGNORE INTO user_changes (user_id) VALUES (NEW.user_id);"
	" END;"
	"CREATE TRIGGER moderators_removed AFTER DELETE ON moderators BEGIN"
	"	UPDATE users SET role = 'member' WHERE id = OLD.user_id"
	"	    AND role = 'moderator' AND NOT EXISTS (SELECT 1 FROM"
	"	    moderators WHERE user_id = OLD.user_id);"
	"	INSERT OR IGNORE INTO user_changes (user_id) VALUES (OLD.user_id);"
	" END;"
	"CREATE TRIGGER users_moderator_added AFTER INSERT ON users"
	" WHEN NEW.role = 'moderator' BEGIN"
	"	INSERT OR IGNORE INTO moderators (user_id, scope, ref_id)"
	"	    VALUES (NEW.id, 0, 0), (NEW.id, 1, NEW.region_id);"
	" END;"
	"CREATE TRIGGER users_moderator_made AFTER UPDATE OF role ON users"
	" WHEN NEW.role = 'moderator' AND OLD.role IS NOT 'moderator'"
	" AND NOT EXISTS (SELECT 1 FROM moderators WHERE user_id = NEW.id)"
	" BEGIN"
	"	INSERT OR IGNORE INTO moderators (user_id, scope, ref_id)"
	"	    VALUES (NEW.id, 0, 0), (NEW.id, 1, NEW.region_id);"
	" END;"
	"CREATE TRIGGER users_moderator_unmade AFTER UPDATE OF role ON users"
	" WHEN OLD.role = 'moderator' AND NEW.role IS NOT 'moderator' BEGIN"
	"	DELETE FROM moderators WHERE user_id = NEW.id;"
	" END;"
	/*
	 * A reporter offline when their report's entry is resolved hears the
	 * outcome at their next login: told_ms is NULL until they have been
	 * told (today's reports count as told).
	 */
	"ALTER TABLE mod_reports ADD COLUMN told_ms INTEGER;"
	"UPDATE mod_reports SET told_ms = created_ms;"
	"CREATE INDEX mod_reports_untold ON mod_reports(reporter_id)"
	"    WHERE told_ms IS NULL;",
	/*
	 * 18: the floor of a meeting. The speaker queue (in the order people
	 * asked). Votes with their options; a named vote keeps each person's
	 * choice (vote_choices), an anonymous one only a counter per option
	 * and who has voted (vote_voters: no choice, no time, and no rowid
	 * whose order could pair a voter with a counter's change).
	 */
	"CREATE TABLE speaker_queue ("
	"	id		INTEGER PRIMARY KEY,"
	"	meeting_id	INTEGER NOT NULL REFERENCES meetings(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	note		TEXT NOT NULL DEFAULT '',"
	"	UNIQUE (meeting_id, user_id)"
	");"
	"CREATE TABLE votes ("
	"	id		INTEGER PRIMARY KEY,"
	"	meeting_id	INTEGER NOT NULL REFERENCES meetings(id),"
	"	item_id		INTEGER REFERENCES agenda_items(id),"
	"	question	TEXT NOT NULL,"
	"	anonymous	INTEGER NOT NULL,"
	"	opened_by	INTEGER NOT NULL REFERENCES users(id),"
	"	opened_ms	INTEGER NOT NULL,"
	"	closed_ms	INTEGER"
	");"
	"CREATE INDEX votes_meeting ON votes(meeting_id, id);"
	"CREATE TABLE vote_options ("
	"	vote_id		INTEGER NOT NULL REFERENCES votes(id),"
	"	n		INTEGER NOT NULL,"
	"	text		TEXT NOT NULL,"
	"	count		INTEGER NOT NULL DEFAULT 0,"	/* anonymous votes */
	"	PRIMARY KEY (vote_id, n)"
	") WITHOUT ROWID;"
	"CREATE TABLE vote_choices ("
	"	vote_id		INTEGER NOT NULL REFERENCES votes(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	n		INTEGER NOT NULL,"
	"	ts		INTEGER NOT NULL,"
	"	PRIMARY KEY (vote_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE vote_voters ("
	"	vote_id		INTEGER NOT NULL REFERENCES votes(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	PRIMARY KEY (vote_id, user_id)"
	") WITHOUT ROWID;",
	/*
	 * 19: the schools register, from the DfE's GIAS export (staffroomctl
	 * import gias), keyed by URN; a school is marked closed, never
	 * deleted. Trusts it names are known by their GIAS code.
	 */
	"ALTER TABLE trusts ADD COLUMN gias_code TEXT;"
	"CREATE UNIQUE INDEX trusts_gias_code ON trusts(gias_code)"
	"    WHERE gias_code IS NOT NULL;"
	"CREATE TABLE schools ("
	"	urn		INTEGER PRIMARY KEY,"
	"	name		TEXT NOT NULL,"
	"	kind		TEXT NOT NULL,"		/* TypeOfEstablishment */
	"	phase		TEXT NOT NULL,"
	"	status		TEXT NOT NULL,"
	"	closed		INTEGER NOT NULL,"
	"	la		TEXT NOT NULL,"
	"	region_id	INTEGER NOT NULL REFERENCES regions(id),"
	"	trust_id	INTEGER REFERENCES trusts(id),"
	"	updated_ms	INTEGER NOT NULL"
	");"
	"CREATE INDEX schools_trust ON schools(trust_id)"
	"    WHERE trust_id IS NOT NULL;",
	/*
	 * 20: which reminders of a meeting went out (1: 15 minutes before,
	 * 2: at the start too), so a restart sends none twice.
	 */
	"ALTER TABLE meetings ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0;",
	/* 21: a room its moderators locked: read, not written in. */
	"ALTER TABLE rooms ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;",
	/*
	 * 22: a person's email address for digests, apart from profiles so
	 * no query about others can read it; verified by a code kept hashed.
	 * digests_sent holds one row per person and period sent (or being
	 * sent), so a rerun sends nothing twice.
	 */
	"CREATE TABLE emails ("
	"	user_id		INTEGER PRIMARY KEY REFERENCES users(id),"
	"	address		TEXT NOT NULL,"
	"	verified_ms	INTEGER,"
	"	code_hash	BLOB,"
	"	code_expires_ms	INTEGER,"
	"	code_tries	INTEGER NOT NULL DEFAULT 0,"
	"	code_sent_ms	INTEGER,"
	"	digest		TEXT NOT NULL DEFAULT 'off'"
	"	    CHECK (digest IN ('off', 'daily', 'weekly'))"
	");"
	"CREATE TABLE digests_sent ("
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	period		TEXT NOT NULL,"		/* 2026-12-05, 2026-W49 */
	"	sent_ms		INTEGER NOT NULL,"
	"	PRIMARY KEY (user_id, period)"
	") WITHOUT ROWID;",
	/*
	 * 23: queue entries the system files: the pupil-data guard's scan
	 * (source 1) and watched words (2, rule naming which) report with no
	 * person behind them (reporter_id NULL); people's reports are
	 * source 0. One system report per item, source and rule, whatever
	 * became of its entry, so a rerun files nothing twice
	 * (mod_queue_items finds an item's entries, open or resolved).
	 */
	"CREATE TABLE mod_reports_new ("
	"	id		INTEGER PRIMARY KEY,"
	"	entry_id	INTEGER NOT NULL REFERENCES mod_queue(id),"
	"	reporter_id	INTEGER REFERENCES users(id),"
	"	source		INTEGER NOT NULL DEFAULT 0"
	"	    CHECK (source BETWEEN 0 AND 2),"
	"	rule		TEXT NOT NULL DEFAULT '',"
	"	kind		INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 4),"
	"	reason		TEXT NOT NULL,"
	"	created_ms	INTEGER NOT NULL,"
	"	told_ms		INTEGER,"
	"	CHECK ((source = 0) = (reporter_id IS NOT NULL)),"
	"	UNIQUE (entry_id, reporter_id)"
	");"
	"INSERT INTO mod_reports_new (id, entry_id, reporter_id, kind, reason,"
	"    created_ms, told_ms)"
	"    SELECT id, entry_id, reporter_id, kind, reason, created_ms, told_ms"
	"    FROM mod_reports;"
	"DROP TABLE mod_reports;"
	"ALTER TABLE mod_reports_new RENAME TO mod_reports;"
	"CREATE INDEX mod_reports_untold ON mod_reports(reporter_id)"
	"    WHERE told_ms IS NULL;"
	"CREATE INDEX mod_queue_items ON mod_queue(item_kind, item_id);",
	/* 24: a person's watches, for the threads a digest reports on. */
	"CREATE INDEX watches_user ON watches(user_id, kind, target);",
	/* 25: slow mode: a room takes one message per person per slow_s seconds. */
	"ALTER TABLE rooms ADD COLUMN slow_s INTEGER NOT NULL DEFAULT 0;",
	/*
	 * 26: what people call their job ("SENCO and Assistant Head"), free
	 * text beside the role title chosen from the list.
	 */
	"ALTER TABLE profiles ADD COLUMN job_title TEXT NOT NULL DEFAULT '';",
	/*
	 * 27: announcement-only rooms (only the scope's moderators post) and
	 * a room's pinned announcement, with who pinned it and when.
	 */
	"ALTER TABLE rooms ADD COLUMN announce_only INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE rooms ADD COLUMN pin TEXT;"
	"ALTER TABLE rooms ADD COLUMN pin_by INTEGER REFERENCES users(id);"
	"ALTER TABLE rooms ADD COLUMN pin_ms INTEGER;",
	/*
	 * 28: how long each kind of room's messages (and boards' posts) are
	 * kept, where an operator set it (no row: kept); the purge finds the
	 * rows that point at a message or post by it, hence the indexes.
	 */
	"CREATE TABLE retention ("
	"	kind TEXT PRIMARY KEY CHECK (kind IN ('national', 'region',"
	"	    'trust', 'buddy', 'dm', 'board')),"
	"	days INTEGER NOT NULL CHECK (days > 0),"
	"	changed_ms INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX mentions_msg ON mentions(msg_id);"
	"CREATE INDEX post_mentions_post ON post_mentions(post_id);"
	"CREATE INDEX posts_quote ON posts(quote_post)"
	"    WHERE quote_post IS NOT NULL;"
	"CREATE INDEX thread_reads_thread ON thread_reads(thread_id);",
	/*
	 * 29: sanctions the operator makes (staffroomctl mute, suspend, ban)
	 * are nobody's: by_id NULL, as the audit log's actor 0.
	 */
	"CREATE TABLE sanctions_new ("
	"	id		INTEGER PRIMARY KEY,"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	kind		INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),"
	"	room_id		INTEGER REFERENCES rooms(id),"
	"	reason		TEXT NOT NULL,"
	"	by_id		INTEGER REFERENCES users(id),"
	"	entry_id	INTEGER REFERENCES mod_queue(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	until_ms	INTEGER,"
	"	lifted_ms	INTEGER,"
	"	seen_ms		INTEGER"
	");"
	"INSERT INTO sanctions_new SELECT id, user_id, kind, room_id, reason,"
	"    by_id, entry_id, created_ms, until_ms, lifted_ms, seen_ms"
	"    FROM sanctions;"
	"DROP TABLE sanctions;"
	"ALTER TABLE sanctions_new RENAME TO sanctions;"
	"CREATE INDEX sanctions_user ON sanctions(user_id, id);",
	/*
	 * 30: a meeting's iCalendar SEQUENCE, raised by every change its
	 * calendar entry shows (title, time, length, the agenda), so a
	 * calendar that imported it takes the new version.
	 */
	"ALTER TABLE meetings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;"
	"CREATE TRIGGER meetings_sequence AFTER UPDATE OF title, start_ms,"
	"    length_min ON meetings BEGIN"
	"	UPDATE meetings SET sequence = sequence + 1 WHERE id = NEW.id;"
	" END;"
	"CREATE TRIGGER agenda_sequence_add AFTER INSERT ON agenda_items BEGIN"
	"	UPDATE meetings SET sequence = sequence + 1"
	"	    WHERE id = NEW.meeting_id;"
	" END;"
	"CREATE TRIGGER agenda_sequence_edit AFTER UPDATE OF position, title,"
	"    owner_id, minutes ON agenda_items BEGIN"
	"	UPDATE meetings SET sequence = sequence + 1"
	"	    WHERE id = NEW.meeting_id;"
	" END;",
	/*
	 * 31: the school an invite is for (a URN of the register; NULL: none),
	 * which the person joining with it gets in their profile.
	 */
	"ALTER TABLE invites ADD COLUMN school_urn INTEGER;",
	/*
	 * 32: watched words per scope (scope and ref_id as in moderators):
	 * the rule as typed, its folded key (words.c), the action (0 block,
	 * 1 hold, 2 flag), a label people may read in the rule's stead, and
	 * who made it (NULL: the operator).
	 */
	"CREATE TABLE watched_words ("
	"	id		INTEGER PRIMARY KEY,"
	"	scope		INTEGER NOT NULL CHECK (scope BETWEEN 0 AND 2),"
	"	ref_id		INTEGER NOT NULL,"
	"	rule		TEXT NOT NULL,"
	"	key		TEXT NOT NULL,"
	"	action		INTEGER NOT NULL CHECK (action BETWEEN 0 AND 2),"
	"	label		TEXT NOT NULL DEFAULT '',"
	"	by_id		INTEGER REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	UNIQUE (scope, ref_id, key)"
	");",
	/*
	 * 33: messages a watched word's hold rule keeps out of their room
	 * until a moderator decides: approved, the message is stored then
	 * (msg_id, a new id); rejected, never. Their queue entry names the
	 * held message (held_id; item_id 0), so the one-open-entry-an-item
	 * index leaves them out.
	 */
	"CREATE TABLE held ("
	"	id		INTEGER PRIMARY KEY,"
	"	room_id		INTEGER NOT NULL REFERENCES rooms(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	body		TEXT NOT NULL,"
	"	personal_data	INTEGER NOT NULL DEFAULT 0,"
	"	word_id		INTEGER NOT NULL,"
	"	label		TEXT NOT NULL DEFAULT '',"
	"	ts		INTEGER NOT NULL,"
	"	decided_ms	INTEGER,"
	"	msg_id		INTEGER REFERENCES messages(id)"
	");"
	"CREATE INDEX held_user ON held(user_id);"
	"ALTER TABLE mod_queue ADD COLUMN held_id INTEGER REFERENCES held(id);"
	"DROP INDEX mod_queue_item;"
	"CREATE UNIQUE INDEX mod_queue_item ON mod_queue(item_kind, item_id)"
	"    WHERE resolved_ms IS NULL AND held_id IS NULL;",
	/*
	 * 34: a vote's result as a record (kind 'vote' to the protocol; stored
	 * as 'info' with its vote, as the kind's CHECK predates votes).
	 */
	"ALTER TABLE records ADD COLUMN vote_id INTEGER REFERENCES votes(id);",
	/*
	 * 35: who has the floor of a live meeting (given by a chair), so that
	 * a late joiner's catch-up says so; it goes with the queue when the
	 * item moves and when the meeting ends.
	 */
	"CREATE TABLE meeting_floor ("
	"	meeting_id	INTEGER PRIMARY KEY REFERENCES meetings(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	by_id		INTEGER NOT NULL REFERENCES users(id)"
	");",
	/*
	 * 36: a held message's outcome reaches its author even when they were
	 * offline: a rejection keeps its reason (the author's to read, and in
	 * their export), and told_ms is NULL until they have been told
	 * (those decided before count as told).
	 */
	"ALTER TABLE held ADD COLUMN reason TEXT;"
	"ALTER TABLE held ADD COLUMN told_ms INTEGER;"
	"UPDATE held SET told_ms = decided_ms,"
	"    reason = (SELECT q.reason FROM mod_queue q WHERE q.held_id = held.id)"
	"    WHERE decided_ms IS NOT NULL;"
	"UPDATE held SET reason = NULL WHERE msg_id IS NOT NULL;"
	"CREATE INDEX held_untold ON held(user_id)"
	"    WHERE told_ms IS NULL AND decided_ms IS NOT NULL;",
	/*
	 * 37: board posts wait too. A held row is a chat message (room_id) or
	 * a post (board_id: a reply to thread_id, with its quote, or a new
	 * thread's first post with its title and tags); approved, the post is
	 * stored then (post_id). Rebuilt as room_id may now be NULL: the
	 * queue's entries point at their rows again before the commit, which
	 * the deferred foreign-key check sees.
	 */
	"PRAGMA defer_foreign_keys = ON;"
	"CREATE TEMP TABLE held_before AS SELECT * FROM held;"
	"DROP TABLE held;"
	"CREATE TABLE held ("
	"	id		INTEGER PRIMARY KEY,"
	"	room_id		INTEGER REFERENCES rooms(id),"
	"	board_id	INTEGER REFERENCES boards(id),"
	"	thread_id	INTEGER REFERENCES threads(id),"
	"	title		TEXT NOT NULL DEFAULT '',"
	"	tags		INTEGER NOT NULL DEFAULT 0,"
	"	quote_post	INTEGER,"
	"	quote_text	TEXT,"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	body		TEXT NOT NULL,"
	"	personal_data	INTEGER NOT NULL DEFAULT 0,"
	"	word_id		INTEGER NOT NULL,"
	"	label		TEXT NOT NULL DEFAULT '',"
	"	ts		INTEGER NOT NULL,"
	"	decided_ms	INTEGER,"
	"	msg_id		INTEGER REFERENCES messages(id),"
	"	post_id		INTEGER REFERENCES posts(id),"
	"	reason		TEXT,"
	"	told_ms		INTEGER,"
	"	CHECK ((room_id IS NULL) <> (board_id IS NULL))"
	");"
	"INSERT INTO held (id, room_id, user_id, body, personal_data, word_id,"
	"    label, ts, decided_ms, msg_id, reason, told_ms)"
	"  SELECT id, room_id, user_id, body, personal_data, word_id, label, ts,"
	"    decided_ms, msg_id, reason, told_ms FROM held_before;"
	"DROP TABLE held_before;"
	"CREATE INDEX held_user ON held(user_id);"
	"CREATE INDEX held_untold ON held(user_id)"
	"    WHERE told_ms IS NULL AND decided_ms IS NOT NULL;",
};

const int store_migrations_later_n =
    (int)(sizeof store_migrations_later / sizeof store_migrations_later[0]);
