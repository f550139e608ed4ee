/*
 * store_migrations_first.c: schema migrations 1 to 15, the schema up to
 * meetings' attendance (store_schema.c runs them). Migration N (1-based)
 * is the Nth string of the two lists.
 * Never edit a migration that has shipped: new ones go at the end of
 * store_migrations.c.
 *
 * All timestamps are UTC milliseconds since the epoch.
 */
#include "store_schema.h"

const char *const store_migrations_first[STORE_MIGRATIONS_FIRST] = {
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

	/*
	 * 4: trusts, discussion boards and search. Boards are scoped
	 * (enum board_scope: 0 national, 1 region, 2 trust, 3 private); the
	 * national board and one board per region exist from here on, for
	 * state directories made before boards too.
	 */
	"CREATE TABLE trusts ("
	"	id		INTEGER PRIMARY KEY,"
	"	name		TEXT NOT NULL UNIQUE,"
	"	region_id	INTEGER NOT NULL REFERENCES regions(id),"
	"	created_ms	INTEGER NOT NULL"
	");"
	/* One trust a person: the key is the person. */
	"CREATE TABLE trust_members ("
	"	user_id		INTEGER PRIMARY KEY REFERENCES users(id),"
	"	trust_id	INTEGER NOT NULL REFERENCES trusts(id)"
	");"
	"CREATE INDEX trust_members_trust ON trust_members(trust_id);"
	"CREATE TABLE boards ("
	"	id		INTEGER PRIMARY KEY,"
	"	name		TEXT NOT NULL,"
	"	scope		INTEGER NOT NULL CHECK (scope BETWEEN 0 AND 3),"
	"	region_id	INTEGER REFERENCES regions(id),"	/* scope 1 */
	"	trust_id	INTEGER REFERENCES trusts(id),"		/* scope 2 */
	"	archived	INTEGER NOT NULL DEFAULT 0,"
	"	created_ms	INTEGER NOT NULL"
	");"
	"CREATE INDEX boards_region ON boards(region_id) WHERE region_id IS NOT NULL;"
	"CREATE INDEX boards_trust ON boards(trust_id) WHERE trust_id IS NOT NULL;"
	"CREATE TABLE board_members ("
	"	board_id	INTEGER NOT NULL REFERENCES boards(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	PRIMARY KEY (board_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX board_members_user ON board_members(user_id, board_id);"
	"INSERT INTO boards (name, scope, created_ms) VALUES ('National', 0,"
	"    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));"
	"INSERT INTO boards (name, scope, region_id, created_ms)"
	"    SELECT name, 1, id,"
	"    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
	"    FROM regions ORDER BY id;"
	/* Like regions_room: a region never exists without its board. */
	"CREATE TRIGGER regions_board AFTER INSERT ON regions BEGIN"
	"	INSERT INTO boards (name, scope, region_id, created_ms)"
	"	VALUES (NEW.name, 1, NEW.id,"
	"	    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));"
	" END;"
	"CREATE TRIGGER regions_board_rename AFTER UPDATE OF name ON regions BEGIN"
	"	UPDATE boards SET name = NEW.name WHERE scope = 1 AND region_id = NEW.id;"
	" END;"
	/* A trust comes with its chat room and its board. */
	"CREATE TRIGGER trusts_room AFTER INSERT ON trusts BEGIN"
	"	INSERT INTO rooms (ref, kind, name, created_ms)"
	"	VALUES ('trust:' || NEW.id, 2 /* ROOM_TRUST */, NEW.name,"
	"	    NEW.created_ms);"
	"	INSERT INTO boards (name, scope, trust_id, created_ms)"
	"	VALUES (NEW.name, 2, NEW.id, NEW.created_ms);"
	" END;"
	/* Trust membership is membership of the trust's room, kept in step. */
	"CREATE TRIGGER trust_members_add AFTER INSERT ON trust_members BEGIN"
	"	INSERT INTO room_members (room_id, user_id, joined_ms)"
	"	SELECT id, NEW.user_id,"
	"	    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
	"	FROM rooms WHERE ref = 'trust:' || NEW.trust_id"
	"	ON CONFLICT DO NOTHING;"
	" END;"
	"CREATE TRIGGER trust_members_leave AFTER DELETE ON trust_members BEGIN"
	"	DELETE FROM room_members WHERE user_id = OLD.user_id"
	"	AND room_id = (SELECT id FROM rooms WHERE ref = 'trust:' || OLD.trust_id);"
	" END;"
	"CREATE TABLE threads ("
	"	id		INTEGER PRIMARY KEY,"
	"	board_id	INTEGER NOT NULL REFERENCES boards(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	title		TEXT NOT NULL,"
	"	tags		INTEGER NOT NULL DEFAULT 0,"	/* bit mask, proto_tag_name */
	"	pinned		INTEGER NOT NULL DEFAULT 0,"
	"	locked		INTEGER NOT NULL DEFAULT 0,"
	"	created_ms	INTEGER NOT NULL,"
	/* Kept by the posts triggers: visible posts and the newest of them. */
	"	posts		INTEGER NOT NULL DEFAULT 0,"
	"	last_post_id	INTEGER NOT NULL DEFAULT 0,"
	"	last_post_ts	INTEGER NOT NULL DEFAULT 0"
	");"
	/* A board's page: pinned first, then by the newest post (ids are unique). */
	"CREATE INDEX threads_board ON threads(board_id, pinned, last_post_id);"
	/* AUTOINCREMENT: post ids are one sequence, never reused. */
	"CREATE TABLE posts ("
	"	id		INTEGER PRIMARY KEY AUTOINCREMENT,"
	"	thread_id	INTEGER NOT NULL REFERENCES threads(id),"
	"	board_id	INTEGER NOT NULL REFERENCES boards(id),"	/* the thread's */
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	body		TEXT NOT NULL,"
	"	quote_post	INTEGER REFERENCES posts(id),"
	"	quote_text	TEXT,"
	"	ts		INTEGER NOT NULL,"
	"	edited_ms	INTEGER,"				/* NULL: never edited */
	"	hidden		INTEGER NOT NULL DEFAULT 0,"
	"	hidden_by	INTEGER REFERENCES users(id)"
	");"
	"CREATE INDEX posts_thread ON posts(thread_id, id);"
	"CREATE INDEX posts_board ON posts(board_id, id);"
	"CREATE INDEX posts_hidden ON posts(board_id, id) WHERE hidden;"
	/* Earlier versions of a post's body, each with the time it was written. */
	"CREATE TABLE post_versions ("
	"	post_id		INTEGER NOT NULL REFERENCES posts(id),"
	"	ts		INTEGER NOT NULL,"
	"	body		TEXT NOT NULL"
	");"
	"CREATE INDEX post_versions_post ON post_versions(post_id, ts);"
	"CREATE TRIGGER posts_add AFTER INSERT ON posts BEGIN"
	"	UPDATE threads SET posts = posts + 1, last_post_id = NEW.id,"
	"	    last_post_ts = NEW.ts WHERE id = NEW.thread_id;"
	" END;"
	"CREATE TRIGGER posts_version BEFORE UPDATE OF body ON posts BEGIN"
	"	INSERT INTO post_versions (post_id, ts, body)"
	"	VALUES (OLD.id, COALESCE(OLD.edited_ms, OLD.ts), OLD.body);"
	" END;"
	"CREATE TRIGGER posts_visibility AFTER UPDATE OF hidden ON posts BEGIN"
	"	UPDATE threads SET"
	"	    posts = (SELECT count(*) FROM posts"
	"	        WHERE thread_id = NEW.thread_id AND NOT hidden),"
	"	    last_post_id = COALESCE((SELECT max(id) FROM posts"
	"	        WHERE thread_id = NEW.thread_id AND NOT hidden), 0)"
	"	    WHERE id = NEW.thread_id;"
	"	UPDATE threads SET last_post_ts = COALESCE((SELECT ts FROM posts"
	"	    WHERE id = threads.last_post_id), created_ms)"
	"	    WHERE id = NEW.thread_id;"
	" END;"
	/* A moved thread takes its posts and their mentions along. */
	"CREATE TRIGGER threads_move AFTER UPDATE OF board_id ON threads BEGIN"
	"	UPDATE posts SET board_id = NEW.board_id WHERE thread_id = NEW.id;"
	"	UPDATE post_mentions SET board_id = NEW.board_id"
	"	    WHERE post_id IN (SELECT id FROM posts WHERE thread_id = NEW.id);"
	" END;"
	"CREATE TABLE thread_reads ("
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	thread_id	INTEGER NOT NULL REFERENCES threads(id),"
	"	upto		INTEGER NOT NULL,"
	"	PRIMARY KEY (user_id, thread_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE post_mentions ("
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	board_id	INTEGER NOT NULL REFERENCES boards(id),"
	"	post_id		INTEGER NOT NULL REFERENCES posts(id),"
	"	PRIMARY KEY (user_id, board_id, post_id)"
	") WITHOUT ROWID;"
	/* kind 0: a board, 1: a thread. */
	"CREATE TABLE watches ("
	"	kind		INTEGER NOT NULL CHECK (kind IN (0, 1)),"
	"	target		INTEGER NOT NULL,"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	PRIMARY KEY (kind, target, user_id)"
	") WITHOUT ROWID;"
	/*
	 * Search: external-content FTS5 tables kept in step by triggers. A
	 * post is found by its thread's title too, through a view.
	 */
	"CREATE VIEW posts_text AS SELECT p.id, t.title, p.body"
	"    FROM posts p JOIN threads t ON t.id = p.thread_id;"
	"CREATE VIRTUAL TABLE posts_fts USING fts5(title, body,"
	"    content = 'posts_text', content_rowid = 'id',"
	"    tokenize = 'unicode61 remove_diacritics 2', prefix = '3');"
	"CREATE TRIGGER posts_fts_add AFTER INSERT ON posts BEGIN"
	"	INSERT INTO posts_fts (rowid, title, body) VALUES (NEW.id,"
	"	    (SELECT title FROM threads WHERE id = NEW.thread_id), NEW.body);"
	" END;"
	"CREATE TRIGGER posts_fts_edit AFTER UPDATE OF body ON posts BEGIN"
	"	INSERT INTO posts_fts (posts_fts, rowid, title, body)"
	"	VALUES ('delete', OLD.id,"
	"	    (SELECT title FROM threads WHERE id = OLD.thread_id), OLD.body);"
	"	INSERT INTO posts_fts (rowid, title, body) VALUES (NEW.id,"
	"	    (SELECT title FROM threads WHERE id = NEW.thread_id), NEW.body);"
	" END;"
	"CREATE VIRTUAL TABLE messages_fts USING fts5(body,"
	"    content = 'messages', content_rowid = 'id',"
	"    tokenize = 'unicode61 remove_diacritics 2', prefix = '3');"
	"INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');"
	"CREATE TRIGGER messages_fts_add AFTER INSERT ON messages BEGIN"
	"	INSERT INTO messages_fts (rowid, body) VALUES (NEW.id, NEW.body);"
	" END;"
	"CREATE TRIGGER messages_fts_edit AFTER UPDATE OF body ON messages BEGIN"
	"	INSERT INTO messages_fts (messages_fts, rowid, body)"
	"	VALUES ('delete', OLD.id, OLD.body);"
	"	INSERT INTO messages_fts (rowid, body) VALUES (NEW.id, NEW.body);"
	" END;"
	"CREATE TRIGGER messages_fts_remove AFTER DELETE ON messages BEGIN"
	"	INSERT INTO messages_fts (messages_fts, rowid, body)"
	"	VALUES ('delete', OLD.id, OLD.body);"
	" END;",

	/*
	 * 5: buddy requests (one pending per asker and asked) and reports of
	 * single messages for the moderation queue.
	 */
	"CREATE TABLE buddy_requests ("
	"	from_id		INTEGER NOT NULL REFERENCES users(id),"
	"	to_id		INTEGER NOT NULL REFERENCES users(id),"
	"	note		TEXT NOT NULL DEFAULT '',"
	"	created_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (from_id, to_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX buddy_requests_to ON buddy_requests(to_id, created_ms);"
	"CREATE INDEX buddy_requests_from ON buddy_requests(from_id, created_ms);"
	"CREATE TABLE reports ("
	"	id		INTEGER PRIMARY KEY,"
	"	msg_id		INTEGER NOT NULL REFERENCES messages(id),"
	"	reporter_id	INTEGER NOT NULL REFERENCES users(id),"
	"	reason		TEXT NOT NULL,"
	"	created_ms	INTEGER NOT NULL,"
	"	UNIQUE (msg_id, reporter_id)"
	");"
	"CREATE INDEX reports_created ON reports(created_ms);",

	/*
	 * 6: chat messages are edited and hidden by their authors, like posts:
	 * every earlier body is kept; a hidden message leaves pages, counts
	 * and search.
	 */
	"ALTER TABLE messages ADD COLUMN edited_ms INTEGER;"	/* NULL: never */
	"ALTER TABLE messages ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE message_versions ("
	"	msg_id		INTEGER NOT NULL REFERENCES messages(id),"
	"	ts		INTEGER NOT NULL,"
	"	body		TEXT NOT NULL"
	");"
	"CREATE INDEX message_versions_msg ON message_versions(msg_id, ts);"
	"CREATE TRIGGER messages_version BEFORE UPDATE OF body ON messages BEGIN"
	"	INSERT INTO message_versions (msg_id, ts, body)"
	"	VALUES (OLD.id, COALESCE(OLD.edited_ms, OLD.ts), OLD.body);"
	" END;",

	/*
	 * 7: a board's threads by latest activity, pinned or not, so unread
	 * counts walk only the most recently active threads.
	 */
	"CREATE INDEX threads_active ON threads(board_id, last_post_id);",

	/*
	 * 8: whose trust membership staffroomctl changed, so the daemon can
	 * give their sessions the trust room's live messages at once (it
	 * takes the rows when it sees staffroomctl's commit).
	 */
	"CREATE TABLE trust_changes (user_id INTEGER PRIMARY KEY);"
	"CREATE TRIGGER trust_members_changed_add AFTER INSERT ON trust_members"
	" BEGIN"
	"	INSERT OR IGNORE INTO trust_changes (user_id) VALUES (NEW.user_id);"
	" END;"
	"CREATE TRIGGER trust_members_changed_leave AFTER DELETE ON trust_members"
	" BEGIN"
	"	INSERT OR IGNORE INTO trust_changes (user_id) VALUES (OLD.user_id);"
	" END;",

	/*
	 * 9: the same list for any change staffroomctl makes to what a
	 * session holds of its person: their trust, and their region, role
	 * or name (an open session must not go on reading and posting in
	 * its old region, or managing rooms as an admin no longer).
	 */
	"CREATE TABLE user_changes (user_id INTEGER PRIMARY KEY);"
	"INSERT INTO user_changes (user_id) SELECT user_id FROM trust_changes;"
	"DROP TRIGGER trust_members_changed_add;"
	"DROP TRIGGER trust_members_changed_leave;"
	"DROP TABLE trust_changes;"
	"CREATE TRIGGER trust_members_changed_add AFTER INSERT ON trust_members"
	" BEGIN"
	"	INSERT OR IGNORE INTO user_changes (user_id) VALUES (NEW.user_id);"
	" END;"
	"CREATE TRIGGER trust_members_changed_leave AFTER DELETE ON trust_members"
	" BEGIN"
	"	INSERT OR IGNORE INTO user_changes (user_id) VALUES (OLD.user_id);"
	" END;"
	"CREATE TRIGGER users_changed AFTER UPDATE OF name, region_id, role"
	" ON users WHEN OLD.name IS NOT NEW.name OR"
	" OLD.region_id IS NOT NEW.region_id OR OLD.role IS NOT NEW.role"
	" BEGIN"
	"	INSERT OR IGNORE INTO user_changes (user_id) VALUES (NEW.id);"
	" END;",

	/*
	 * 10: the pupil-data guard's rule for a scope (a kind of room, or
	 * boards) where an operator changed it; no row: the default.
	 */
	"CREATE TABLE guard_rules ("
	"	scope TEXT PRIMARY KEY CHECK (scope IN ('national', 'region',"
	"	    'trust', 'board', 'dm', 'buddy', 'meeting')),"
	"	rule TEXT NOT NULL CHECK (rule IN ('block', 'confirm', 'off')),"
	"	changed_ms INTEGER NOT NULL"
	") WITHOUT ROWID;",

	/*
	 * 11: the audit log (store_audit.c has the chain's encoding). Actor
	 * and target are bare ids, not foreign keys, so erasing a person
	 * later keeps every row and the chain; actor 0 is the operator
	 * (staffroomctl). The triggers keep the program itself from changing
	 * or removing a row; someone with the file can drop them, and the
	 * chain and audit.head are what show it then.
	 */
	"CREATE TABLE audit ("
	"	id		INTEGER PRIMARY KEY,"
	"	ts		INTEGER NOT NULL,"
	"	actor_id	INTEGER NOT NULL,"
	"	target_kind	TEXT NOT NULL DEFAULT '',"
	"	target_id	INTEGER NOT NULL DEFAULT 0,"
	"	act		TEXT NOT NULL,"
	"	reason		TEXT NOT NULL DEFAULT '',"
	"	detail		TEXT NOT NULL DEFAULT '',"
	"	prev		BLOB NOT NULL,"
	"	hash		BLOB NOT NULL"
	");"
	"CREATE INDEX audit_actor ON audit(actor_id, id);"
	"CREATE INDEX audit_target ON audit(target_kind, target_id, id);"
	"CREATE INDEX audit_ts ON audit(ts);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"	SELECT RAISE(ABORT, 'the audit log is append-only');"
	" END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"	SELECT RAISE(ABORT, 'the audit log is append-only');"
	" END;",

	/*
	 * 12: moderation. Reports of one item (a message, item_kind 0, or a
	 * post, 1) gather in one open queue entry, kept in the item's scope
	 * (enum board_scope; region_id is the region's, or the trust's
	 * region) so each moderator sees only their scopes' entries. Today's
	 * reports each become an entry of their message, kind 'other' (4).
	 * Sanctions (kind 0 warn, 1 mute, 2 suspend, 3 ban) end at until_ms
	 * (NULL: when lifted); a mute with room_id holds in that room only.
	 * Messages hidden by a moderator say who hid them, like posts.
	 */
	"CREATE TABLE mod_queue ("
	"	id		INTEGER PRIMARY KEY,"
	"	item_kind	INTEGER NOT NULL CHECK (item_kind IN (0, 1)),"
	"	item_id		INTEGER NOT NULL,"
	"	author_id	INTEGER NOT NULL REFERENCES users(id),"
	"	scope		INTEGER NOT NULL CHECK (scope BETWEEN 0 AND 3),"
	"	region_id	INTEGER REFERENCES regions(id),"
	"	trust_id	INTEGER REFERENCES trusts(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	resolved_ms	INTEGER,"
	"	resolved_by	INTEGER REFERENCES users(id),"
	"	action		INTEGER,"
	"	reason		TEXT"
	");"
	"CREATE UNIQUE INDEX mod_queue_item ON mod_queue(item_kind, item_id)"
	"    WHERE resolved_ms IS NULL;"
	"CREATE INDEX mod_queue_open ON mod_queue(scope, region_id, id)"
	"    WHERE resolved_ms IS NULL;"
	"INSERT INTO mod_queue (item_kind, item_id, author_id, scope, region_id,"
	"    trust_id, created_ms)"
	"    SELECT 0, m.id, m.user_id,"
	"    CASE r.kind WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 3 END,"
	"    CASE r.kind WHEN 1 THEN r.region_id WHEN 2 THEN t.region_id END,"
	"    t.id, min(p.created_ms)"
	"    FROM reports p JOIN messages m ON m.id = p.msg_id"
	"    JOIN rooms r ON r.id = m.room_id"
	"    LEFT JOIN trusts t ON r.kind = 2 AND r.ref = 'trust:' || t.id"
	"    GROUP BY m.id;"
	"CREATE TABLE mod_reports ("
	"	id		INTEGER PRIMARY KEY,"
	"	entry_id	INTEGER NOT NULL REFERENCES mod_queue(id),"
	"	reporter_id	INTEGER NOT NULL REFERENCES users(id),"
	"	kind		INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 4),"
	"	reason		TEXT NOT NULL,"
	"	created_ms	INTEGER NOT NULL,"
	"	UNIQUE (entry_id, reporter_id)"
	");"
	"INSERT INTO mod_reports (id, entry_id, reporter_id, kind, reason,"
	"    created_ms)"
	"    SELECT p.id, q.id, p.reporter_id, 4, p.reason, p.created_ms"
	"    FROM reports p JOIN mod_queue q ON q.item_kind = 0"
	"    AND q.item_id = p.msg_id;"
	"DROP TABLE reports;"
	"CREATE TABLE sanctions ("
	"	id		INTEGER PRIMARY KEY,"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	kind		INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),"
	"	room_id		INTEGER REFERENCES rooms(id),"
	"	reason		TEXT NOT NULL,"
	"	by_id		INTEGER NOT NULL REFERENCES users(id),"
	"	entry_id	INTEGER REFERENCES mod_queue(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	until_ms	INTEGER,"
	"	lifted_ms	INTEGER,"
	"	seen_ms		INTEGER"
	");"
	"CREATE INDEX sanctions_user ON sanctions(user_id, id);"
	"ALTER TABLE messages ADD COLUMN hidden_by INTEGER REFERENCES users(id);",
	/*
	 * 13: meeting series, their meetings, agendas and records. A series
	 * has named people (role 0 observer, 1 member, 2 minute taker,
	 * 3 chair; accepted 0 while invited) and whole trusts (accepted 0
	 * while the member invited for the trust has not answered). Who is in
	 * a series is series_roles: the named role where there is one, else
	 * member through a trust, so a trust's later members follow. A
	 * meeting's id is its room's ("meeting:<id>"); its board is one with
	 * series_id set. Records keep every earlier text (record_versions).
	 */
	"CREATE TABLE series ("
	"	id		INTEGER PRIMARY KEY,"
	"	name		TEXT NOT NULL,"
	"	owner_id	INTEGER NOT NULL REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL"
	");"
	"CREATE TABLE series_people ("
	"	series_id	INTEGER NOT NULL REFERENCES series(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	role		INTEGER NOT NULL CHECK (role BETWEEN 0 AND 3),"
	"	accepted	INTEGER NOT NULL,"
	"	inviter_id	INTEGER REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (series_id, user_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX series_people_user ON series_people(user_id, series_id);"
	"CREATE TABLE series_trusts ("
	"	series_id	INTEGER NOT NULL REFERENCES series(id),"
	"	trust_id	INTEGER NOT NULL REFERENCES trusts(id),"
	"	accepted	INTEGER NOT NULL,"
	"	invitee_id	INTEGER REFERENCES users(id),"
	"	inviter_id	INTEGER REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (series_id, trust_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX series_trusts_trust ON series_trusts(trust_id, series_id);"
	"CREATE VIEW series_roles (series_id, user_id, role) AS"
	"	SELECT series_id, user_id, role FROM series_people WHERE accepted"
	"	UNION ALL"
	"	SELECT s.series_id, m.user_id, 1 FROM series_trusts s"
	"	JOIN trust_members m ON m.trust_id = s.trust_id"
	"	WHERE s.accepted AND NOT EXISTS (SELECT 1 FROM series_people p"
	"	    WHERE p.series_id = s.series_id AND p.user_id = m.user_id"
	"	    AND p.accepted);"
	"ALTER TABLE boards ADD COLUMN series_id INTEGER REFERENCES series(id);"
	"CREATE UNIQUE INDEX boards_series ON boards(series_id)"
	"    WHERE series_id IS NOT NULL;"
	"CREATE TABLE meetings ("
	"	id		INTEGER PRIMARY KEY REFERENCES rooms(id),"
	"	series_id	INTEGER NOT NULL REFERENCES series(id),"
	"	title		TEXT NOT NULL,"
	"	start_ms	INTEGER NOT NULL,"
	"	length_min	INTEGER NOT NULL,"
	"	started_ms	INTEGER,"
	"	ended_ms	INTEGER,"
	"	item_id		INTEGER,"		/* the current agenda item */
	"	item_since_ms	INTEGER,"
	"	topic		TEXT NOT NULL DEFAULT '',"
	"	thread_id	INTEGER REFERENCES threads(id),"	/* the minutes */
	"	created_by	INTEGER NOT NULL REFERENCES users(id),"
	"	created_ms	INTEGER NOT NULL"
	");"
	"CREATE INDEX meetings_series ON meetings(series_id, start_ms);"
	"CREATE TABLE agenda_items ("
	"	id		INTEGER PRIMARY KEY,"
	"	meeting_id	INTEGER NOT NULL REFERENCES meetings(id),"
	"	position	INTEGER NOT NULL,"	/* 1..n; 0: dropped */
	"	title		TEXT NOT NULL,"
	"	owner_id	INTEGER REFERENCES users(id),"
	"	minutes		INTEGER NOT NULL DEFAULT 0,"
	"	used_ms		INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);"
	"CREATE TABLE records ("
	"	id		INTEGER PRIMARY KEY,"
	"	meeting_id	INTEGER NOT NULL REFERENCES meetings(id),"
	"	item_id		INTEGER REFERENCES agenda_items(id),"
	"	kind		TEXT NOT NULL CHECK (kind IN ('info', 'agreed',"
	"	    'action', 'present', 'regrets')),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	msg_id		INTEGER REFERENCES messages(id),"
	"	body		TEXT NOT NULL DEFAULT '',"
	"	owner_id	INTEGER REFERENCES users(id),"	/* actions */
	"	due		TEXT,"				/* YYYY-MM-DD */
	"	withheld	INTEGER NOT NULL DEFAULT 0,"	/* confirmed past the guard */
	"	struck		INTEGER NOT NULL DEFAULT 0,"
	"	ts		INTEGER NOT NULL,"
	"	edited_ms	INTEGER,"
	"	done_ms		INTEGER,"
	"	done_by		INTEGER REFERENCES users(id),"
	"	done_note	TEXT"
	");"
	"CREATE INDEX records_meeting ON records(meeting_id, id);"
	"CREATE INDEX records_open_actions ON records(owner_id)"
	"    WHERE kind = 'action' AND done_ms IS NULL AND NOT struck;"
	"CREATE TABLE record_versions ("
	"	record_id	INTEGER NOT NULL REFERENCES records(id),"
	"	ts		INTEGER NOT NULL,"
	"	by_id		INTEGER REFERENCES users(id),"
	"	body		TEXT NOT NULL,"
	"	owner_id	INTEGER,"
	"	due		TEXT,"
	"	struck		INTEGER NOT NULL"
	");"
	"CREATE INDEX record_versions_record ON record_versions(record_id, ts);"
	"CREATE TRIGGER records_version BEFORE UPDATE OF body, owner_id, due,"
	" struck ON records BEGIN"
	"	INSERT INTO record_versions (record_id, ts, by_id, body, owner_id,"
	"	    due, struck)"
	"	VALUES (OLD.id, COALESCE(OLD.edited_ms, OLD.ts), NULL, OLD.body,"
	"	    OLD.owner_id, OLD.due, OLD.struck);"
	" END;",
	/*
	 * 14: a message its author sent past the pupil-data guard's
	 * question (confirm_personal_data) is marked, for everyone to see.
	 */
	"ALTER TABLE messages ADD COLUMN personal_data INTEGER NOT NULL"
	"    DEFAULT 0;",
	/*
	 * 15: who joined a meeting's room while it ran (the client joins on
	 * opening it), for the minutes' attendance; observers apart.
	 */
	"CREATE TABLE meeting_attendance ("
	"	meeting_id	INTEGER NOT NULL REFERENCES meetings(id),"
	"	user_id		INTEGER NOT NULL REFERENCES users(id),"
	"	observer	INTEGER NOT NULL,"
	"	joined_ms	INTEGER NOT NULL,"
	"	PRIMARY KEY (meeting_id, user_id)"
	") WITHOUT ROWID;",
};
