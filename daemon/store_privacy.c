/*
 * store_privacy.c: what is held about one person, for a subject access
 * request (staffroomctl export person), and erasing it (erase person).
 * Each export section is one statement with
 * the person as ?1, paged by its first column (?2: after it, ?3: how many),
 * so a person with 100,000 messages is read in short reads of bounded size
 * while the daemon runs. Third parties appear only where the person's own
 * correspondence needs them (a DM's sender); who reported them does not.
 */
#include <string.h>

#include <sqlite3.h>

#include "store_private.h"

enum store_privacy_stmt {
	STMT_EXPORT_ACCOUNT = STORE_STMT_FIRST(STORE_MODULE_PRIVACY),
	STMT_EXPORT_PROFILE,
	STMT_EXPORT_EMAIL,
	STMT_EXPORT_DIGESTS,
	STMT_EXPORT_KEYS,
	STMT_EXPORT_INVITE,
	STMT_EXPORT_TRUST,
	STMT_EXPORT_ROOMS,
	STMT_EXPORT_BOARDS,
	STMT_EXPORT_SERIES,
	STMT_EXPORT_MESSAGES,
	STMT_EXPORT_MESSAGE_VERSIONS,
	STMT_EXPORT_HELD,
	STMT_EXPORT_RECEIVED,
	STMT_EXPORT_THREADS,
	STMT_EXPORT_POSTS,
	STMT_EXPORT_POST_VERSIONS,
	STMT_EXPORT_REPORTS_MADE,
	STMT_EXPORT_REPORTS_ABOUT,
	STMT_EXPORT_SANCTIONS,
	STMT_EXPORT_MEETINGS,
	STMT_EXPORT_RECORDS,
	STMT_EXPORT_RECORD_VERSIONS,
	STMT_EXPORT_BLOCKS,
	STMT_EXPORT_BUDDY_REQUESTS,
	STMT_EXPORT_READ_MARKERS,
	STMT_EXPORT_AUDIT,
	STMT_EXPORT_END,
	STMT_ERASE_SECURE = STMT_EXPORT_END,
	STMT_ERASE_TITLES_UNINDEX,
	STMT_ERASE_TITLES,
	STMT_ERASE_TITLES_INDEX,
	STMT_ERASE_POSTS,
	STMT_ERASE_QUOTES,
	STMT_ERASE_POST_VERSIONS,
	STMT_ERASE_MESSAGES,
	STMT_ERASE_MESSAGE_VERSIONS,
	STMT_ERASE_RECORDS,
	STMT_ERASE_RECORD_NOTES,
	STMT_ERASE_RECORD_VERSIONS,
	STMT_ERASE_NAMES_IN_VOTES,
	STMT_ERASE_NAMES_IN_VOTE_VERSIONS,
	STMT_ERASE_NAMES_IN_MINUTES,
	STMT_ERASE_NAMES_IN_MINUTES_SWAP_VERSIONS,
	STMT_ERASE_NAMES_IN_MINUTES_VERSIONS,
	STMT_ERASE_HELD_REPORTS,
	STMT_ERASE_HELD_ENTRIES,
	STMT_ERASE_HELD,
	STMT_ERASE_HELD_QUOTES,
	STMT_ERASE_REPORTS,
	STMT_ERASE_SANCTIONS,
	STMT_ERASE_PROFILE,
	STMT_ERASE_KEYS,
	STMT_ERASE_BLOCKS,
	STMT_ERASE_BUDDY_REQUESTS,
	STMT_ERASE_READ_MARKERS,
	STMT_ERASE_MENTIONS,
	STMT_ERASE_THREAD_READS,
	STMT_ERASE_WATCHES,
	STMT_ERASE_POST_MENTIONS,
	STMT_ERASE_BOARD_MEMBERS,
	STMT_ERASE_TRUST_MEMBER,
	STMT_ERASE_SERIES_PEOPLE,
	STMT_ERASE_ROOM_MEMBERS,
	STMT_ERASE_ROOM_INVITES,
	STMT_ERASE_EMAIL,
	STMT_ERASE_DIGESTS_SENT,
	STMT_ERASE_ACCOUNT,
	STMT_ERASE_MESSAGES_OPTIMIZE,
	STMT_ERASE_POSTS_OPTIMIZE,
	STMT_ERASE_CHECKPOINT,
	STMT_ERASE_MESSAGES_BATCH,
	STMT_PRIVACY_END
};

#define STMT_PRIVACY_FIRST	STORE_STMT_FIRST(STORE_MODULE_PRIVACY)
#define SQL(id)			[(id) - STMT_PRIVACY_FIRST]

/* The rooms whose messages are a person's correspondence, not a forum's. */
#define PRIVATE_ROOM	"r.kind IN (3, 4)"	/* ROOM_BUDDY, ROOM_DM */
/* The erased person's handle, before the account row is renamed. */
#define OLD_HANDLE	"(SELECT handle FROM users WHERE id = ?1)"
/* The minutes: what the chair who ended a meeting posted in its thread. */
#define MINUTES_POSTS \
	"SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id" \
	" WHERE p.user_id = t.user_id AND p.thread_id IN" \
	" (SELECT thread_id FROM meetings WHERE thread_id IS NOT NULL)"


static const char *const store_privacy_sql[] = {
	SQL(STMT_EXPORT_ACCOUNT) =
	    "SELECT u.id, u.handle, u.name, g.slug AS region, u.role,"
	    " u.disabled, u.created_ms, u.pwhash IS NOT NULL AS has_password"
	    " FROM users u JOIN regions g ON g.id = u.region_id"
	    " WHERE u.id = ?1 AND u.id > ?2 LIMIT ?3",
	SQL(STMT_EXPORT_PROFILE) =
	    "SELECT user_id AS id, role_title, job_title, school_name,"
	    " school_urn, phases, years_in_role, nasenco, npq_senco, expertise,"
	    " bio, visible,"
	    " buddy_available, presence_hidden, presence_away, last_seen_ms"
	    " FROM profiles WHERE user_id = ?1 AND user_id > ?2 LIMIT ?3",
	/* The code itself is kept hashed, and is no use to anyone: left out. */
	SQL(STMT_EXPORT_EMAIL) =
	    "SELECT user_id AS id, address, verified_ms, digest,"
	    " code_sent_ms AS last_code_sent_ms FROM emails"
	    " WHERE user_id = ?1 AND user_id > ?2 LIMIT ?3",
	/* Keyed by the period, whose text is no page key: numbered. */
	SQL(STMT_EXPORT_DIGESTS) =
	    "SELECT n AS id, period, sent_ms FROM (SELECT row_number() OVER"
	    " (ORDER BY period) AS n, period, sent_ms FROM digests_sent"
	    " WHERE user_id = ?1) WHERE n > ?2 ORDER BY n LIMIT ?3",
	SQL(STMT_EXPORT_KEYS) =
	    "SELECT id, fingerprint, type, comment, created_ms FROM user_keys"
	    " WHERE user_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
	SQL(STMT_EXPORT_INVITE) =
	    "SELECT id, short_id, created_ms, used_ms FROM invites"
	    " WHERE used_by = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
	SQL(STMT_EXPORT_TRUST) =
	    "SELECT t.id, t.name FROM trust_members m"
	    " JOIN trusts t ON t.id = m.trust_id"
	    " WHERE m.user_id = ?1 AND t.id > ?2 LIMIT ?3",
	SQL(STMT_EXPORT_ROOMS) =
	    "SELECT r.id, r.ref AS room, r.name, m.joined_ms FROM room_members m"
	    " JOIN rooms r ON r.id = m.room_id"
	    " WHERE m.user_id = ?1 AND r.id > ?2 ORDER BY r.id LIMIT ?3",
	SQL(STMT_EXPORT_BOARDS) =
	    "SELECT b.id, b.name FROM board_members m"
	    " JOIN boards b ON b.id = m.board_id"
	    " WHERE m.user_id = ?1 AND b.id > ?2 ORDER BY b.id LIMIT ?3",
	SQL(STMT_EXPORT_SERIES) =
	    "SELECT s.id, s.name, p.role, p.accepted, p.created_ms"
	    " FROM series_people p JOIN series s ON s.id = p.series_id"
	    " WHERE p.user_id = ?1 AND s.id > ?2 ORDER BY s.id LIMIT ?3",
	SQL(STMT_EXPORT_MESSAGES) =
	    "SELECT m.id, r.ref AS room, m.body, m.ts, m.edited_ms, m.hidden,"
	    " m.personal_data FROM messages m JOIN rooms r ON r.id = m.room_id"
	    " WHERE m.user_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	SQL(STMT_EXPORT_MESSAGE_VERSIONS) =
	    "SELECT v.rowid AS id, v.msg_id, v.ts, v.body"
	    " FROM message_versions v JOIN messages m ON m.id = v.msg_id"
	    " WHERE m.user_id = ?1 AND v.rowid > ?2 ORDER BY v.rowid LIMIT ?3",
	/* The rule by number and label: the word it watches is not theirs. */
	SQL(STMT_EXPORT_HELD) =
	    "SELECT h.id, r.ref AS room, b.name AS board, h.thread_id AS thread,"
	    " NULLIF(h.title, '') AS title, h.body, h.ts, CASE"
	    " WHEN h.decided_ms IS NULL THEN 'waiting'"
	    " WHEN h.msg_id IS NOT NULL OR h.post_id IS NOT NULL"
	    " THEN 'approved' ELSE 'rejected' END"
	    " AS status, h.decided_ms, h.msg_id, h.post_id, h.reason,"
	    " h.word_id AS rule, h.label AS rule_label, h.personal_data"
	    " FROM held h LEFT JOIN rooms r ON r.id = h.room_id"
	    " LEFT JOIN boards b ON b.id = h.board_id"
	    " WHERE h.user_id = ?1 AND h.id > ?2 ORDER BY h.id LIMIT ?3",
	SQL(STMT_EXPORT_RECEIVED) =
	    "SELECT m.id, r.ref AS room, u.handle AS sender, m.body, m.ts"
	    " FROM room_members rm JOIN rooms r ON r.id = rm.room_id"
	    " JOIN messages m ON m.room_id = r.id JOIN users u ON u.id = m.user_id"
	    " WHERE rm.user_id = ?1 AND " PRIVATE_ROOM " AND m.user_id <> ?1"
	    " AND NOT m.hidden AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	SQL(STMT_EXPORT_THREADS) =
	    "SELECT t.id, b.name AS board, t.title, t.created_ms FROM threads t"
	    " JOIN boards b ON b.id = t.board_id"
	    " WHERE t.user_id = ?1 AND t.id > ?2 ORDER BY t.id LIMIT ?3",
	SQL(STMT_EXPORT_POSTS) =
	    "SELECT p.id, t.title AS thread, p.body, p.quote_post, p.quote_text,"
	    " p.ts, p.edited_ms, p.hidden, p.personal_data FROM posts p"
	    " JOIN threads t ON t.id = p.thread_id"
	    " WHERE p.user_id = ?1 AND p.id > ?2 ORDER BY p.id LIMIT ?3",
	SQL(STMT_EXPORT_POST_VERSIONS) =
	    "SELECT v.rowid AS id, v.post_id, v.ts, v.body"
	    " FROM post_versions v JOIN posts p ON p.id = v.post_id"
	    " WHERE p.user_id = ?1 AND v.rowid > ?2 ORDER BY v.rowid LIMIT ?3",
	SQL(STMT_EXPORT_REPORTS_MADE) =
	    "SELECT r.id, CASE q.item_kind WHEN 0 THEN 'message' ELSE 'post' END"
	    " AS item, q.item_id, r.reason, r.created_ms FROM mod_reports r"
	    " JOIN mod_queue q ON q.id = r.entry_id"
	    " WHERE r.reporter_id = ?1 AND r.id > ?2 ORDER BY r.id LIMIT ?3",
	SQL(STMT_EXPORT_REPORTS_ABOUT) =
	    "SELECT r.id, CASE q.item_kind WHEN 0 THEN 'message' ELSE 'post' END"
	    " AS item, q.item_id, r.reason, r.created_ms, q.resolved_ms,"
	    " q.reason AS resolution FROM mod_reports r"
	    " JOIN mod_queue q ON q.id = r.entry_id"
	    " WHERE q.author_id = ?1 AND r.id > ?2 ORDER BY r.id LIMIT ?3",
	SQL(STMT_EXPORT_SANCTIONS) =
	    "SELECT s.id, CASE s.kind WHEN 0 THEN 'warning' WHEN 1 THEN 'mute'"
	    " WHEN 2 THEN 'suspension' ELSE 'ban' END AS kind, r.ref AS room,"
	    " s.reason, s.created_ms, s.until_ms, s.lifted_ms FROM sanctions s"
	    " LEFT JOIN rooms r ON r.id = s.room_id"
	    " WHERE s.user_id = ?1 AND s.id > ?2 ORDER BY s.id LIMIT ?3",
	SQL(STMT_EXPORT_MEETINGS) =
	    "SELECT m.id, m.title, m.start_ms, a.observer, a.joined_ms"
	    " FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id"
	    " WHERE a.user_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	SQL(STMT_EXPORT_RECORDS) =
	    "SELECT r.id, m.title AS meeting, r.kind, r.body,"
	    " r.owner_id = ?1 AS their_action, r.due, r.withheld, r.struck, r.ts,"
	    " r.edited_ms, r.done_ms, r.done_note FROM records r"
	    " JOIN meetings m ON m.id = r.meeting_id"
	    " WHERE (r.user_id = ?1 OR r.owner_id = ?1) AND r.id > ?2"
	    " ORDER BY r.id LIMIT ?3",
	SQL(STMT_EXPORT_RECORD_VERSIONS) =
	    "SELECT v.rowid AS id, v.record_id, v.ts, v.body, v.due, v.struck"
	    " FROM record_versions v JOIN records r ON r.id = v.record_id"
	    " WHERE r.user_id = ?1 AND v.rowid > ?2 ORDER BY v.rowid LIMIT ?3",
	SQL(STMT_EXPORT_BLOCKS) =
	    "SELECT u.id, u.handle AS blocked, b.created_ms FROM blocks b"
	    " JOIN users u ON u.id = b.blocked_id"
	    " WHERE b.blocker_id = ?1 AND u.id > ?2 ORDER BY u.id LIMIT ?3",
	/* Both directions with one person share a page key: two per person. */
	SQL(STMT_EXPORT_BUDDY_REQUESTS) =
	    "SELECT u.id * 2 + (b.from_id = ?1) AS id, u.handle AS other,"
	    " CASE WHEN b.from_id = ?1 THEN 'sent' ELSE 'received' END AS way,"
	    " b.note, b.created_ms FROM buddy_requests b"
	    " JOIN users u ON u.id = CASE WHEN b.from_id = ?1 THEN b.to_id"
	    " ELSE b.from_id END WHERE (b.from_id = ?1 OR b.to_id = ?1)"
	    " AND u.id * 2 + (b.from_id = ?1) > ?2 ORDER BY 1 LIMIT ?3",
	SQL(STMT_EXPORT_READ_MARKERS) =
	    "SELECT r.id, r.ref AS room, m.upto AS read_up_to FROM read_markers m"
	    " JOIN rooms r ON r.id = m.room_id"
	    " WHERE m.user_id = ?1 AND r.id > ?2 ORDER BY r.id LIMIT ?3",
	SQL(STMT_EXPORT_AUDIT) =
	    "SELECT id, ts, act, actor_id = ?1 AS by_them, target_kind,"
	    " target_id, reason, detail FROM audit"
	    " WHERE (actor_id = ?1 OR (target_kind = 'user' AND target_id = ?1))"
	    " AND id > ?2 ORDER BY id LIMIT ?3",

	/*
	 * Erasure: ?1 the person, ?2 the marker that takes the place of
	 * their words, ?3 the handle left on the account's row (ids keep
	 * pointing at it, so counts, threads and the audit chain hold).
	 * Freed pages are zeroed (secure_delete); edits keep versions by
	 * trigger, so versions go after the text is replaced.
	 */
	SQL(STMT_ERASE_SECURE) = "PRAGMA secure_delete = ON",
	/* A thread's title is in each of its posts' index rows. */
	SQL(STMT_ERASE_TITLES_UNINDEX) =
	    "INSERT INTO posts_fts (posts_fts, rowid, title, body)"
	    " SELECT 'delete', p.id, t.title, p.body FROM posts p"
	    " JOIN threads t ON t.id = p.thread_id WHERE t.user_id = ?1",
	SQL(STMT_ERASE_TITLES) =
	    "UPDATE threads SET title = ?2 WHERE user_id = ?1",
	SQL(STMT_ERASE_TITLES_INDEX) =
	    "INSERT INTO posts_fts (rowid, title, body)"
	    " SELECT p.id, t.title, p.body FROM posts p"
	    " JOIN threads t ON t.id = p.thread_id WHERE t.user_id = ?1",
	SQL(STMT_ERASE_POSTS) =
	    "UPDATE posts SET body = ?2, quote_text = CASE WHEN quote_text"
	    " IS NULL THEN NULL ELSE ?2 END WHERE user_id = ?1",
	/* Others' posts quoting theirs: the quote goes, the reply stays. */
	SQL(STMT_ERASE_QUOTES) =
	    "UPDATE posts SET quote_text = ?2 WHERE quote_text IS NOT NULL"
	    " AND quote_post IN (SELECT id FROM posts WHERE user_id = ?1)",
	SQL(STMT_ERASE_POST_VERSIONS) =
	    "DELETE FROM post_versions"
	    " WHERE post_id IN (SELECT id FROM posts WHERE user_id = ?1)",
	SQL(STMT_ERASE_MESSAGES) =
	    "UPDATE messages SET body = ?2 WHERE user_id = ?1",
	SQL(STMT_ERASE_MESSAGE_VERSIONS) =
	    "DELETE FROM message_versions"
	    " WHERE msg_id IN (SELECT id FROM messages WHERE user_id = ?1)",
	SQL(STMT_ERASE_RECORDS) =
	    "UPDATE records SET body = ?2 WHERE user_id = ?1",
	SQL(STMT_ERASE_RECORD_NOTES) =
	    "UPDATE records SET done_note = ?2"
	    " WHERE done_by = ?1 AND done_note IS NOT NULL",
	SQL(STMT_ERASE_RECORD_VERSIONS) =
	    "DELETE FROM record_versions"
	    " WHERE record_id IN (SELECT id FROM records WHERE user_id = ?1)",
	/*
	 * Lists of names the server wrote (a named vote's result, the
	 * minutes' present, votes and actions) name them by handle: it
	 * becomes ?3 there. The triggers keep the text as it was as a
	 * version: those versions go (a vote's result is never edited; a
	 * minutes post's newest version is the one just made, its ts the
	 * post's own), and older ones of the minutes get the new name too.
	 */
	SQL(STMT_ERASE_NAMES_IN_VOTES) =
	    "UPDATE records SET body = staffroom_name_swap(body, " OLD_HANDLE ","
	    " ?3)"
	    " WHERE vote_id IN (SELECT vote_id FROM vote_choices"
	    " WHERE user_id = ?1)",
	SQL(STMT_ERASE_NAMES_IN_VOTE_VERSIONS) =
	    "DELETE FROM record_versions WHERE record_id IN (SELECT id"
	    " FROM records WHERE vote_id IN (SELECT vote_id FROM vote_choices"
	    " WHERE user_id = ?1))",
	SQL(STMT_ERASE_NAMES_IN_MINUTES) =
	    "UPDATE posts SET body = staffroom_name_swap(body, " OLD_HANDLE ","
	    " ?3)"
	    " WHERE id IN (" MINUTES_POSTS ")"
	    " AND body <> staffroom_name_swap(body, " OLD_HANDLE ", ?3)",
	SQL(STMT_ERASE_NAMES_IN_MINUTES_SWAP_VERSIONS) =
	    "DELETE FROM post_versions WHERE post_id IN (" MINUTES_POSTS ")"
	    " AND ts = (SELECT COALESCE(p.edited_ms, p.ts) FROM posts p"
	    " WHERE p.id = post_id)"
	    " AND body <> staffroom_name_swap(body, " OLD_HANDLE ", ?3)",
	SQL(STMT_ERASE_NAMES_IN_MINUTES_VERSIONS) =
	    "UPDATE post_versions"
	    " SET body = staffroom_name_swap(body, " OLD_HANDLE ", ?3)"
	    " WHERE post_id IN (" MINUTES_POSTS ")",
	/*
	 * Messages a watched word held, decided or not, go with their queue
	 * entries (a waiting one leaves the queue); an approved one's message
	 * is erased as their messages are. No sanction comes from such an
	 * entry (mod.resolve refuses them).
	 */
	SQL(STMT_ERASE_HELD_REPORTS) =
	    "DELETE FROM mod_reports WHERE entry_id IN (SELECT q.id"
	    " FROM mod_queue q JOIN held h ON h.id = q.held_id"
	    " WHERE h.user_id = ?1)",
	SQL(STMT_ERASE_HELD_ENTRIES) =
	    "DELETE FROM mod_queue"
	    " WHERE held_id IN (SELECT id FROM held WHERE user_id = ?1)",
	SQL(STMT_ERASE_HELD) = "DELETE FROM held WHERE user_id = ?1",
	/* Others' held replies quoting their posts: the quote goes, as in posts. */
	SQL(STMT_ERASE_HELD_QUOTES) =
	    "UPDATE held SET quote_text = ?2 WHERE quote_text IS NOT NULL"
	    " AND quote_post IN (SELECT id FROM posts WHERE user_id = ?1)",
	SQL(STMT_ERASE_REPORTS) =
	    "UPDATE mod_reports SET reason = ?2 WHERE reporter_id = ?1",
	SQL(STMT_ERASE_SANCTIONS) = "DELETE FROM sanctions WHERE user_id = ?1",
	SQL(STMT_ERASE_PROFILE) = "DELETE FROM profiles WHERE user_id = ?1",
	SQL(STMT_ERASE_KEYS) = "DELETE FROM user_keys WHERE user_id = ?1",
	SQL(STMT_ERASE_BLOCKS) =
	    "DELETE FROM blocks WHERE blocker_id = ?1 OR blocked_id = ?1",
	SQL(STMT_ERASE_BUDDY_REQUESTS) =
	    "DELETE FROM buddy_requests WHERE from_id = ?1 OR to_id = ?1",
	SQL(STMT_ERASE_READ_MARKERS) =
	    "DELETE FROM read_markers WHERE user_id = ?1",
	SQL(STMT_ERASE_MENTIONS) = "DELETE FROM mentions WHERE user_id = ?1",
	SQL(STMT_ERASE_THREAD_READS) =
	    "DELETE FROM thread_reads WHERE user_id = ?1",
	SQL(STMT_ERASE_WATCHES) = "DELETE FROM watches WHERE user_id = ?1",
	SQL(STMT_ERASE_POST_MENTIONS) =
	    "DELETE FROM post_mentions WHERE user_id = ?1",
	SQL(STMT_ERASE_BOARD_MEMBERS) =
	    "DELETE FROM board_members WHERE user_id = ?1",
	SQL(STMT_ERASE_TRUST_MEMBER) =
	    "DELETE FROM trust_members WHERE user_id = ?1",
	SQL(STMT_ERASE_SERIES_PEOPLE) =
	    "DELETE FROM series_people WHERE user_id = ?1",
	SQL(STMT_ERASE_ROOM_MEMBERS) =
	    "DELETE FROM room_members WHERE user_id = ?1",
	SQL(STMT_ERASE_ROOM_INVITES) =
	    "DELETE FROM room_invites WHERE user_id = ?1",
	SQL(STMT_ERASE_EMAIL) = "DELETE FROM emails WHERE user_id = ?1",
	SQL(STMT_ERASE_DIGESTS_SENT) =
	    "DELETE FROM digests_sent WHERE user_id = ?1",
	/* Disabled: the daemon ends their sessions when it sees the commit. */
	SQL(STMT_ERASE_ACCOUNT) =
	    "UPDATE users SET handle = ?3, name = ?2, pwhash = NULL,"
	    " disabled = 1 WHERE id = ?1",
	/* Merged into one segment: deleted terms leave the index's pages. */
	SQL(STMT_ERASE_MESSAGES_OPTIMIZE) =
	    "INSERT INTO messages_fts (messages_fts) VALUES ('optimize')",
	SQL(STMT_ERASE_POSTS_OPTIMIZE) =
	    "INSERT INTO posts_fts (posts_fts) VALUES ('optimize')",
	SQL(STMT_ERASE_CHECKPOINT) = "PRAGMA wal_checkpoint(TRUNCATE)",
	/* From a cursor (?4): each batch reads on from the last, not from 0. */
	SQL(STMT_ERASE_MESSAGES_BATCH) =
	    "UPDATE messages SET body = ?2 WHERE id IN (SELECT id FROM messages"
	    " WHERE user_id = ?1 AND id > ?4 ORDER BY id LIMIT ?3) RETURNING id",
};

_Static_assert(sizeof store_privacy_sql / sizeof store_privacy_sql[0] ==
    STMT_PRIVACY_END - STMT_PRIVACY_FIRST, "a statement without its SQL");

const struct store_module store_privacy_module = {
	store_privacy_sql, STMT_PRIVACY_END - STMT_PRIVACY_FIRST
};

/* In the order a reader meets them: who they are, then what they wrote. */
static const struct store_export_section store_export_sections[] = {
	{ "account", "Account" },
	{ "profile", "Profile (what the directory shows, and last seen)" },
	{ "email", "Email address (theirs alone to see) and digest choice" },
	{ "digests", "Digests sent to them, by period" },
	{ "keys", "SSH keys (fingerprints)" },
	{ "invite", "The invite they joined with" },
	{ "trust", "Trust" },
	{ "rooms", "Rooms they belong to" },
	{ "boards", "Private boards they belong to" },
	{ "series", "Meeting series" },
	{ "messages", "Messages they wrote (every room, DMs and buddy chats "
	    "included)" },
	{ "message_versions", "Earlier versions of their edited messages" },
	{ "held", "Messages and board posts a watched word held for a "
	    "moderator: waiting, approved (then also among their messages or "
	    "posts) or rejected, with the moderator's reason" },
	{ "received", "Messages others sent them in DMs and buddy chats" },
	{ "threads", "Threads they started" },
	{ "posts", "Posts they wrote" },
	{ "post_versions", "Earlier versions of their edited posts" },
	{ "reports_made", "Reports they made" },
	{ "reports_about", "Reports about what they wrote (reporters not named)" },
	{ "sanctions", "Warnings, mutes, suspensions and bans" },
	{ "meetings", "Meetings they attended" },
	{ "records", "Meeting records they made, and actions given to them" },
	{ "record_versions", "Earlier versions of their meeting records" },
	{ "blocks", "People they block" },
	{ "buddy_requests", "Buddy requests" },
	{ "read_markers", "How far they have read, per room" },
	{ "audit", "Audit log rows naming them (as actor or as target)" },
};

_Static_assert(sizeof store_export_sections / sizeof store_export_sections[0]
    == STMT_EXPORT_END - STMT_PRIVACY_FIRST, "a section without its query");

int
store_export_section_count(void)
{
	return ((int)(sizeof store_export_sections /
	    sizeof store_export_sections[0]));
}

const struct store_export_section *
store_export_section(int section)
{
	if (section < 0 || section >= store_export_section_count())
		return (NULL);
	return (&store_export_sections[section]);
}

struct store_export_cb {
	void	(*cb)(const struct store_value *, int, void *);
	void	*arg;
	int64_t	 last;
	int	 rows;
};

/* One row as named values; integers stay integers, NULL stays null. */
static void
store_export_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_export_cb	*c = arg;
	struct store_value	 v[STORE_EXPORT_MAX_COLUMNS];
	int			 i, n = sqlite3_column_count(stmt);

	if (n > STORE_EXPORT_MAX_COLUMNS)
		n = STORE_EXPORT_MAX_COLUMNS;
	for (i = 0; i < n; i++) {
		v[i].name = sqlite3_column_name(stmt, i);
		v[i].type = STORE_VALUE_INT;
		switch (sqlite3_column_type(stmt, i)) {
		case SQLITE_NULL:
			v[i].type = STORE_VALUE_NULL;
			break;
		case SQLITE_INTEGER:
			v[i].i = sqlite3_column_int64(stmt, i);
			break;
		default:
			v[i].type = STORE_VALUE_TEXT;
			v[i].s = store_text(stmt, i);
			break;
		}
	}
	c->last = sqlite3_column_int64(stmt, 0);
	c->rows++;
	c->cb(v, n, c->arg);
}

enum store_result
store_export_page(struct store *st, int section, int64_t user_id,
    int64_t after, int limit,
    void (*cb)(const struct store_value *, int ncols, void *), void *arg,
    int64_t *last, int *rows)
{
	struct store_export_cb	c = { cb, arg, after, 0 };
	enum store_result	res;

	if (store_export_section(section) == NULL)
		return (STORE_NOT_FOUND);
	res = store_run(st, STMT_PRIVACY_FIRST + section, 0, store_export_row,
	    &c, "iii", user_id, after, (int64_t)limit);
	*last = c.last;
	*rows = c.rows;
	return (res);
}

/* What an erasing statement binds: SQLite refuses a value it has no ?N for. */
static const char *
store_erase_args(int id)
{
	switch (id) {
	case STMT_ERASE_MESSAGES_OPTIMIZE:
	case STMT_ERASE_POSTS_OPTIMIZE:
		return ("");
	case STMT_ERASE_TITLES:
	case STMT_ERASE_POSTS:
	case STMT_ERASE_QUOTES:
	case STMT_ERASE_HELD_QUOTES:
	case STMT_ERASE_MESSAGES:
	case STMT_ERASE_RECORDS:
	case STMT_ERASE_RECORD_NOTES:
	case STMT_ERASE_REPORTS:
		return ("it");
	case STMT_ERASE_ACCOUNT:
	case STMT_ERASE_NAMES_IN_VOTES:
	case STMT_ERASE_NAMES_IN_MINUTES:
	case STMT_ERASE_NAMES_IN_MINUTES_SWAP_VERSIONS:
	case STMT_ERASE_NAMES_IN_MINUTES_VERSIONS:
		return ("itt");
	default:
		return ("i");
	}
}

/*
 * Replaces what the person wrote with marker and removes what identifies
 * them; the account row stays, renamed handle, disabled, so every id that
 * names it still resolves. In the caller's transaction; see
 * store_person_erase_settle for after its commit.
 */
enum store_result
store_person_erase(struct store *st, int64_t user_id, const char *marker,
    const char *handle)
{
	enum store_result	res;
	int			id;

	if ((res = store_run(st, STMT_ERASE_SECURE, 0, NULL, NULL, "")) !=
	    STORE_OK)
		return (res);
	for (id = STMT_ERASE_SECURE + 1; id < STMT_ERASE_CHECKPOINT; id++) {
		if ((res = store_run(st, id, RUN_WRITE, NULL, NULL,
		    store_erase_args(id), user_id, marker, handle)) != STORE_OK)
			return (res);
	}
	return (STORE_OK);
}

/*
 * After the erasure's commit: the WAL, which still holds the pages as they
 * were, is written back and emptied. STORE_INTERRUPTED when a reader (the
 * daemon, a moment) kept it from finishing.
 */
enum store_result
store_person_erase_settle(struct store *st)
{
	enum store_result	res;
	int64_t			busy = 0;

	res = store_run(st, STMT_ERASE_CHECKPOINT, 0, store_row_int64, &busy,
	    "");
	return (res == STORE_OK && busy != 0 ? STORE_INTERRUPTED : res);
}

struct store_erase_batch {
	int64_t	last;
	int	rows;
};

static void
store_erase_batch_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_erase_batch	*b = arg;
	int64_t				 id = sqlite3_column_int64(stmt, 0);

	if (id > b->last)
		b->last = id;
	b->rows++;
}

/*
 * Up to limit of the person's messages after *after replaced by marker, in
 * the caller's transaction; *after moves to the last one, *changed says
 * how many. A prolific writer's words go in several short transactions, so
 * the daemon's writes never wait long.
 */
enum store_result
store_person_erase_messages(struct store *st, int64_t user_id,
    const char *marker, int limit, int64_t *after, int *changed)
{
	struct store_erase_batch	b = { *after, 0 };
	enum store_result		res;

	*changed = 0;
	if ((res = store_run(st, STMT_ERASE_SECURE, 0, NULL, NULL, "")) !=
	    STORE_OK || (res = store_run(st, STMT_ERASE_MESSAGES_BATCH,
	    RUN_WRITE, store_erase_batch_row, &b, "itii", user_id, marker,
	    (int64_t)limit, *after)) != STORE_OK)
		return (res);
	*after = b.last;
	*changed = b.rows;
	return (STORE_OK);
}

/*
 * Whether text[i..] is old as a whole handle: not inside a longer one (a
 * full stop after it ends a sentence, unless a handle goes on after it).
 */
static bool
store_name_at(const char *text, size_t len, size_t i, const char *old,
    size_t oldlen)
{
	size_t	end = i + oldlen;

	if (end > len || memcmp(text + i, old, oldlen) != 0 ||
	    (i > 0 && proto_handle_char(text[i - 1])))
		return (false);
	if (end == len || !proto_handle_char(text[end]))
		return (true);
	return (text[end] == '.' &&
	    (end + 1 == len || !proto_handle_char(text[end + 1])));
}

/* staffroom_name_swap(TEXT, OLD, NEW): TEXT, each whole handle OLD made NEW. */
static void
store_name_swap(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char	*text = (const char *)sqlite3_value_text(argv[0]);
	const char	*old = (const char *)sqlite3_value_text(argv[1]);
	const char	*new = (const char *)sqlite3_value_text(argv[2]);
	size_t		 len, oldlen, i, from;
	sqlite3_str	*out;

	(void)argc;
	if (text == NULL || *text == '\0' || old == NULL || new == NULL ||
	    *old == '\0') {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	len = (size_t)sqlite3_value_bytes(argv[0]);
	oldlen = strlen(old);
	out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
	for (i = from = 0; i < len; i++) {
		if (!store_name_at(text, len, i, old, oldlen))
			continue;
		sqlite3_str_append(out, text + from, (int)(i - from));
		sqlite3_str_appendall(out, new);
		from = i + oldlen;
		i = from - 1;
	}
	sqlite3_str_append(out, text + from, (int)(len - from));
	if (sqlite3_str_errcode(out) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(out));
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
}

bool
store_privacy_functions(sqlite3 *db)
{
	return (sqlite3_create_function(db, "staffroom_name_swap", 3,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
	    store_name_swap, NULL, NULL) == SQLITE_OK);
}
