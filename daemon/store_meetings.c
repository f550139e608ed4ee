/*
 * store_meetings.c: meeting series (their people and trusts, and who is in
 * one through series_roles), meetings with their rooms, agenda items, and
 * the records kept in a meeting, actions among them.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "store_private.h"

enum store_meetings_stmt {
	STMT_SERIES_ADD = STORE_STMT_FIRST(STORE_MODULE_MEETINGS),
	STMT_SERIES_BOARD,
	STMT_SERIES_GET,
	STMT_SERIES_ROLE,
	STMT_PERSON_SET,
	STMT_PERSON_GET,
	STMT_PERSON_REMOVE,
	STMT_TRUST_SET,
	STMT_TRUST_REMOVE,
	STMT_TRUST_ACCEPT,
	STMT_TRUST_DECLINE,
	STMT_USER_TRUST,
	STMT_TRUST_MEMBER_IDS,
	STMT_PEOPLE,
	STMT_TRUSTS,
	STMT_MEMBER_IDS,
	STMT_SERIES_OF,
	STMT_MEETING_ROOM_ADD,
	STMT_MEETING_ADD,
	STMT_MEETING_GET,
	STMT_MEETING_START,
	STMT_MEETING_END,
	STMT_MEETING_ITEM_USED,
	STMT_MEETING_ITEM,
	STMT_MEETING_TOPIC,
	STMT_MEETING_THREAD,
	STMT_MEETING_EDIT,
	STMT_MEETING_ROOM_NAME,
	STMT_ROOM_AUTHORS,
	STMT_MEETING_ROOM,
	STMT_MEETINGS_AHEAD,
	STMT_MEETING_PREVIOUS,
	STMT_SERIES_MEETINGS,
	STMT_AGENDA_ADD,
	STMT_AGENDA,
	STMT_AGENDA_POSITION,
	STMT_RECORD_ADD,
	STMT_RECORD_GET,
	STMT_RECORDS,
	STMT_RECORD_EDIT,
	STMT_RECORD_STRIKE,
	STMT_RECORD_VERSIONS,
	STMT_ACTION_DONE,
	STMT_ACTIONS_CARRIED,
	STMT_ACTIONS_OF,
	STMT_MEETINGS_END
};

#define SERIES_COLUMNS \
	"SELECT s.id, s.name, s.owner_id, u.handle," \
	" (SELECT id FROM boards WHERE series_id = s.id), s.created_ms" \
	" FROM series s JOIN users u ON u.id = s.owner_id "

#define MEETING_COLUMNS \
	"SELECT m.id, m.series_id, s.name, m.title, m.start_ms, m.length_min," \
	" m.started_ms, m.ended_ms, m.item_id, m.item_since_ms, m.topic," \
	" m.thread_id, m.created_ms, m.sequence" \
	" FROM meetings m JOIN series s ON s.id = m.series_id "

#define RECORD_COLUMNS \
	"SELECT r.id, r.meeting_id, r.item_id, r.kind, r.user_id, a.handle," \
	" r.msg_id, r.body, r.owner_id, o.handle, r.due, r.withheld, r.struck," \
	" r.ts, r.edited_ms, r.done_ms, d.handle, r.done_note, m.title," \
	" m.start_ms, m.series_id, COALESCE(r.vote_id, 0)" \
	" FROM records r JOIN users a ON a.id = r.user_id" \
	" JOIN meetings m ON m.id = r.meeting_id" \
	" LEFT JOIN users o ON o.id = r.owner_id" \
	" LEFT JOIN users d ON d.id = r.done_by "

/* The role of person ?2 in series ?1: the named one first. */
#define SERIES_ROLE_OF \
	"SELECT role FROM series_roles WHERE series_id = ?1 AND user_id = ?2"

static const char *const store_meetings_sql[STMT_MEETINGS_END -
    STORE_STMT_FIRST(STORE_MODULE_MEETINGS)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_MEETINGS)]
	S(STMT_SERIES_ADD) =
	    "INSERT INTO series (name, owner_id, created_ms) VALUES (?1, ?2, ?3)",
	/* Stored as a private board (the scope's CHECK predates series). */
	S(STMT_SERIES_BOARD) =
	    "INSERT INTO boards (name, scope, series_id, created_ms)"
	    " VALUES (?1, 3, ?2, ?3)",
	S(STMT_SERIES_GET) = SERIES_COLUMNS "WHERE s.id = ?1",
	S(STMT_SERIES_ROLE) = SERIES_ROLE_OF,
	S(STMT_PERSON_SET) =
	    "INSERT INTO series_people (series_id, user_id, role, accepted,"
	    " inviter_id, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (series_id, user_id) DO UPDATE SET role = ?3,"
	    " accepted = ?4",
	S(STMT_PERSON_GET) =
	    "SELECT role, accepted FROM series_people"
	    " WHERE series_id = ?1 AND user_id = ?2",
	S(STMT_PERSON_REMOVE) =
	    "DELETE FROM series_people WHERE series_id = ?1 AND user_id = ?2",
	S(STMT_TRUST_SET) =
	    "INSERT INTO series_trusts (series_id, trust_id, accepted,"
	    " invitee_id, inviter_id, created_ms)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT (series_id, trust_id) DO UPDATE SET"
	    " accepted = MAX(accepted, ?3), invitee_id = ?4",
	S(STMT_TRUST_REMOVE) =
	    "DELETE FROM series_trusts WHERE series_id = ?1 AND trust_id = ?2",
	/* Only for the invitee's own trust: one who moved on cannot answer. */
	S(STMT_TRUST_ACCEPT) =
	    "UPDATE series_trusts SET accepted = 1"
	    " WHERE series_id = ?1 AND invitee_id = ?2 AND NOT accepted"
	    " AND trust_id = (SELECT trust_id FROM trust_members"
	    "  WHERE user_id = ?2)",
	S(STMT_TRUST_DECLINE) =
	    "DELETE FROM series_trusts"
	    " WHERE series_id = ?1 AND invitee_id = ?2 AND NOT accepted",
	S(STMT_USER_TRUST) =
	    "SELECT trust_id FROM trust_members WHERE user_id = ?1",
	S(STMT_TRUST_MEMBER_IDS) =
	    "SELECT user_id FROM trust_members WHERE trust_id = ?1 LIMIT ?2",
	S(STMT_PEOPLE) =
	    "SELECT p.user_id, u.handle, u.name, p.role, p.accepted"
	    " FROM series_people p JOIN users u ON u.id = p.user_id"
	    " WHERE p.series_id = ?1 AND NOT u.disabled"
	    " ORDER BY p.accepted DESC, p.role DESC, u.handle",
	S(STMT_TRUSTS) =
	    "SELECT s.trust_id, t.name, s.accepted, COALESCE(u.handle, '')"
	    " FROM series_trusts s JOIN trusts t ON t.id = s.trust_id"
	    " LEFT JOIN users u ON u.id = s.invitee_id"
	    " WHERE s.series_id = ?1 ORDER BY t.name",
	S(STMT_MEMBER_IDS) =
	    "SELECT DISTINCT r.user_id FROM series_roles r"
	    " JOIN users u ON u.id = r.user_id"
	    " WHERE r.series_id = ?1 AND NOT u.disabled LIMIT ?2",
	S(STMT_SERIES_OF) =
	    "SELECT * FROM (SELECT s.id, s.name, s.owner_id, u.handle,"
	    " (SELECT id FROM boards WHERE series_id = s.id), s.created_ms,"
	    " (SELECT role FROM series_roles r WHERE r.series_id = s.id"
	    "  AND r.user_id = ?1) AS role,"
	    " EXISTS (SELECT 1 FROM series_people p WHERE p.series_id = s.id"
	    "  AND p.user_id = ?1 AND NOT p.accepted) OR"
	    " EXISTS (SELECT 1 FROM series_trusts t WHERE t.series_id = s.id"
	    "  AND t.invitee_id = ?1 AND NOT t.accepted) AS invited"
	    " FROM series s JOIN users u ON u.id = s.owner_id"
	    " WHERE s.id IN (SELECT series_id FROM series_people"
	    "  WHERE user_id = ?1 UNION SELECT series_id FROM series_trusts"
	    "  WHERE invitee_id = ?1 UNION SELECT t.series_id FROM"
	    "  series_trusts t JOIN trust_members m ON m.trust_id = t.trust_id"
	    "  WHERE m.user_id = ?1))"
	    " WHERE role IS NOT NULL OR invited ORDER BY 1",
	S(STMT_MEETING_ROOM_ADD) =
	    "INSERT INTO rooms (ref, kind, name, created_ms)"
	    " VALUES ('meeting:' || (SELECT COALESCE(MAX(id), 0) + 1 FROM rooms),"
	    " 5 /* ROOM_MEETING */, ?1, ?2)",
	S(STMT_MEETING_ADD) =
	    "INSERT INTO meetings (id, series_id, title, start_ms, length_min,"
	    " created_by, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	S(STMT_MEETING_GET) = MEETING_COLUMNS "WHERE m.id = ?1",
	S(STMT_MEETING_START) =
	    "UPDATE meetings SET started_ms = ?2, item_since_ms = ?2"
	    " WHERE id = ?1 AND started_ms IS NULL",
	S(STMT_MEETING_END) =
	    "UPDATE meetings SET ended_ms = ?2, thread_id = ?3"
	    " WHERE id = ?1 AND started_ms IS NOT NULL AND ended_ms IS NULL",
	S(STMT_MEETING_ITEM_USED) =
	    "UPDATE agenda_items SET used_ms = used_ms + MAX(0, ?2 -"
	    " (SELECT item_since_ms FROM meetings WHERE id = ?1))"
	    " WHERE id = (SELECT item_id FROM meetings WHERE id = ?1)",
	S(STMT_MEETING_ITEM) =
	    "UPDATE meetings SET item_id = ?2, item_since_ms = ?3 WHERE id = ?1",
	S(STMT_MEETING_TOPIC) =
	    "UPDATE meetings SET topic = ?2 WHERE id = ?1",
	S(STMT_MEETING_THREAD) =
	    "UPDATE meetings SET thread_id = ?2 WHERE id = ?1",
	/* A new start is reminded of afresh. */
	S(STMT_MEETING_EDIT) =
	    "UPDATE meetings SET title = ?2, length_min = ?4, reminded = CASE"
	    " WHEN start_ms = ?3 THEN reminded ELSE 0 END, start_ms = ?3"
	    " WHERE id = ?1 AND ended_ms IS NULL",
	S(STMT_MEETING_ROOM_NAME) =
	    "UPDATE rooms SET name = ?2 WHERE id = ?1",
	S(STMT_ROOM_AUTHORS) =
	    "SELECT DISTINCT u.handle FROM messages m"
	    " JOIN users u ON u.id = m.user_id"
	    " WHERE m.room_id = ?1 AND NOT m.hidden ORDER BY u.handle",
	S(STMT_MEETING_ROOM) =
	    "SELECT (" SERIES_ROLE_OF "), m.started_ms IS NOT NULL AND"
	    " m.ended_ms IS NULL FROM meetings m"
	    " WHERE m.id = ?3 AND m.series_id = ?1",
	S(STMT_MEETINGS_AHEAD) = MEETING_COLUMNS
	    "WHERE m.ended_ms IS NULL AND m.series_id IN"
	    " (SELECT series_id FROM series_roles WHERE user_id = ?1)"
	    " ORDER BY m.start_ms, m.id LIMIT ?2",
	/* A page of the series by start time, after meeting ?2 (0: from the first). */
	S(STMT_SERIES_MEETINGS) = MEETING_COLUMNS
	    "WHERE m.series_id = ?1 AND (?2 = 0 OR (m.start_ms, m.id) >"
	    " ((SELECT start_ms FROM meetings WHERE id = ?2), ?2))"
	    " ORDER BY m.start_ms, m.id LIMIT ?3",
	S(STMT_MEETING_PREVIOUS) =
	    "SELECT id FROM meetings WHERE series_id = ?1 AND id <> ?2"
	    " AND (start_ms < ?3 OR (start_ms = ?3 AND id < ?2))"
	    " ORDER BY start_ms DESC, id DESC LIMIT 1",
	S(STMT_AGENDA_ADD) =
	    "INSERT INTO agenda_items (meeting_id, position, title, owner_id,"
	    " minutes) VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1"
	    " FROM agenda_items WHERE meeting_id = ?1), ?2, ?3, ?4)",
	S(STMT_AGENDA) =
	    "SELECT a.id, a.position, a.title, COALESCE(a.owner_id, 0),"
	    " COALESCE(u.handle, ''), a.minutes, a.used_ms"
	    " FROM agenda_items a LEFT JOIN users u ON u.id = a.owner_id"
	    " WHERE a.meeting_id = ?1 AND a.position > 0 ORDER BY a.position",
	S(STMT_AGENDA_POSITION) =
	    "UPDATE agenda_items SET position = ?2 WHERE id = ?1",
	S(STMT_RECORD_ADD) =
	    "INSERT INTO records (meeting_id, item_id, kind, user_id, msg_id,"
	    " body, owner_id, due, withheld, ts, vote_id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, ''), ?9, ?10, ?11)",
	S(STMT_RECORD_GET) = RECORD_COLUMNS "WHERE r.id = ?1",
	S(STMT_RECORDS) = RECORD_COLUMNS "WHERE r.meeting_id = ?1 ORDER BY r.id",
	S(STMT_RECORD_EDIT) =
	    "UPDATE records SET body = ?2, owner_id = ?3, due = NULLIF(?4, ''),"
	    " withheld = ?5, edited_ms = ?6 WHERE id = ?1",
	S(STMT_RECORD_STRIKE) =
	    "UPDATE records SET struck = 1, edited_ms = ?2"
	    " WHERE id = ?1 AND NOT struck",
	S(STMT_RECORD_VERSIONS) =
	    "SELECT v.ts, v.body, COALESCE(u.handle, ''), COALESCE(v.due, ''),"
	    " v.struck FROM record_versions v"
	    " LEFT JOIN users u ON u.id = v.owner_id"
	    " WHERE v.record_id = ?1 ORDER BY v.ts, v.rowid",
	S(STMT_ACTION_DONE) =
	    "UPDATE records SET done_ms = ?4, done_by = ?2, done_note = ?3"
	    " WHERE id = ?1 AND kind = 'action' AND done_ms IS NULL",
	S(STMT_ACTIONS_CARRIED) = RECORD_COLUMNS
	    "WHERE r.kind = 'action' AND NOT r.struck AND m.series_id = ?1"
	    " AND m.id <> ?2 AND m.started_ms IS NOT NULL"
	    " AND m.started_ms < ?3 AND (r.done_ms IS NULL OR r.done_ms >= ?3)"
	    " ORDER BY m.start_ms, r.id",
	S(STMT_ACTIONS_OF) = RECORD_COLUMNS
	    "WHERE r.owner_id = ?1 AND r.kind = 'action' AND r.done_ms IS NULL"
	    " AND NOT r.struck"
	    " ORDER BY r.due IS NULL, r.due >= ?2, r.due, r.id LIMIT ?3",
#undef S
};

const struct store_module store_meetings_module = {
	store_meetings_sql,
	STMT_MEETINGS_END - STORE_STMT_FIRST(STORE_MODULE_MEETINGS)
};

/* Series. */

enum store_result
store_series_add(struct store *st, const char *name, int64_t owner_id,
    int64_t now_ms, int64_t *id)
{
	enum store_result	res;

	if ((res = store_rowid(st, store_run(st, STMT_SERIES_ADD, RUN_WRITE,
	    NULL, NULL, "tii", name, owner_id, now_ms), id)) != STORE_OK ||
	    (res = store_run(st, STMT_SERIES_BOARD, RUN_WRITE, NULL, NULL,
	    "tii", name, *id, now_ms)) != STORE_OK)
		return (res);
	return (store_series_person_set(st, *id, owner_id, SERIES_CHAIR, true,
	    owner_id, now_ms));
}

static void
store_series_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_series	*s = arg;

	s->id = sqlite3_column_int64(stmt, 0);
	store_copy(s->name, sizeof s->name, stmt, 1);
	s->owner_id = sqlite3_column_int64(stmt, 2);
	store_copy(s->owner, sizeof s->owner, stmt, 3);
	s->board_id = sqlite3_column_int64(stmt, 4);
	s->created_ms = sqlite3_column_int64(stmt, 5);
}

enum store_result
store_series_get(struct store *st, int64_t id, struct store_series *out)
{
	return (store_run(st, STMT_SERIES_GET, RUN_ONE, store_series_fill, out,
	    "i", id));
}

static void
store_role_row(sqlite3_stmt *stmt, void *arg)
{
	enum series_role	*role = arg;

	/* series_roles has one row a person: the named role, or a trust's. */
	*role = (enum series_role)sqlite3_column_int(stmt, 0);
}

enum series_role
store_series_role(struct store *st, int64_t series_id, int64_t user_id)
{
	enum series_role	found = SERIES_NONE;

	if (store_run(st, STMT_SERIES_ROLE, 0, store_role_row, &found, "ii",
	    series_id, user_id) != STORE_OK)
		return (SERIES_NONE);
	return (found);
}

enum store_result
store_series_person_set(struct store *st, int64_t series_id, int64_t user_id,
    enum series_role role, bool accepted, int64_t inviter_id, int64_t now_ms)
{
	return (store_run(st, STMT_PERSON_SET, RUN_WRITE, NULL, NULL, "iiiizi",
	    series_id, user_id, (int64_t)role, (int64_t)accepted, inviter_id,
	    now_ms));
}

struct store_person_row {
	enum series_role	*role;
	bool			*accepted;
};

static void
store_person_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_person_row	*p = arg;

	*p->role = (enum series_role)sqlite3_column_int(stmt, 0);
	*p->accepted = sqlite3_column_int(stmt, 1) != 0;
}

enum store_result
store_series_person(struct store *st, int64_t series_id, int64_t user_id,
    enum series_role *role, bool *accepted)
{
	struct store_person_row	p = { role, accepted };

	return (store_run(st, STMT_PERSON_GET, RUN_ONE, store_person_row, &p,
	    "ii", series_id, user_id));
}

enum store_result
store_series_person_remove(struct store *st, int64_t series_id,
    int64_t user_id)
{
	return (store_run(st, STMT_PERSON_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", series_id, user_id));
}

enum store_result
store_series_trust_set(struct store *st, int64_t series_id, int64_t trust_id,
    bool accepted, int64_t invitee_id, int64_t inviter_id, int64_t now_ms)
{
	return (store_run(st, STMT_TRUST_SET, RUN_WRITE, NULL, NULL, "iiizzi",
	    series_id, trust_id, (int64_t)accepted, invitee_id, inviter_id,
	    now_ms));
}

enum store_result
store_series_trust_remove(struct store *st, int64_t series_id,
    int64_t trust_id)
{
	return (store_run(st, STMT_TRUST_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", series_id, trust_id));
}

enum store_result
store_series_trust_accept(struct store *st, int64_t series_id,
    int64_t invitee_id, int64_t *accepted)
{
	enum store_result	res;

	res = store_run(st, STMT_TRUST_ACCEPT, RUN_WRITE, NULL, NULL, "ii",
	    series_id, invitee_id);
	*accepted = res == STORE_OK ? sqlite3_changes(st->db) : 0;
	return (res);
}

enum store_result
store_series_trust_decline(struct store *st, int64_t series_id,
    int64_t invitee_id, bool *declined)
{
	enum store_result	res;

	res = store_run(st, STMT_TRUST_DECLINE, RUN_WRITE, NULL, NULL, "ii",
	    series_id, invitee_id);
	if (res == STORE_OK && sqlite3_changes(st->db) > 0)
		*declined = true;
	return (res);
}

enum store_result
store_user_trust(struct store *st, int64_t user_id, int64_t *trust_id)
{
	*trust_id = 0;
	return (store_run(st, STMT_USER_TRUST, 0, store_row_int64, trust_id,
	    "i", user_id));
}

enum store_result
store_trust_member_ids(struct store *st, int64_t trust_id, int limit,
    void (*cb)(int64_t, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_TRUST_MEMBER_IDS, 0, store_id_row, &c, "ii",
	    trust_id, (int64_t)limit));
}

struct store_people_cb {
	void	(*cb)(const struct store_series_person *, void *);
	void	*arg;
};

static void
store_people_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_people_cb		*c = arg;
	struct store_series_person	 p;

	p.user_id = sqlite3_column_int64(stmt, 0);
	p.handle = store_text(stmt, 1);
	p.name = store_text(stmt, 2);
	p.role = (enum series_role)sqlite3_column_int(stmt, 3);
	p.accepted = sqlite3_column_int(stmt, 4) != 0;
	c->cb(&p, c->arg);
}

enum store_result
store_series_people(struct store *st, int64_t series_id,
    void (*cb)(const struct store_series_person *, void *), void *arg)
{
	struct store_people_cb	c = { cb, arg };

	return (store_run(st, STMT_PEOPLE, 0, store_people_row, &c, "i",
	    series_id));
}

struct store_trusts_cb {
	void	(*cb)(const struct store_series_trust *, void *);
	void	*arg;
};

static void
store_trusts_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_trusts_cb		*c = arg;
	struct store_series_trust	 t;

	t.trust_id = sqlite3_column_int64(stmt, 0);
	t.name = store_text(stmt, 1);
	t.accepted = sqlite3_column_int(stmt, 2) != 0;
	t.invitee = store_text(stmt, 3);
	c->cb(&t, c->arg);
}

enum store_result
store_series_trusts(struct store *st, int64_t series_id,
    void (*cb)(const struct store_series_trust *, void *), void *arg)
{
	struct store_trusts_cb	c = { cb, arg };

	return (store_run(st, STMT_TRUSTS, 0, store_trusts_row, &c, "i",
	    series_id));
}

enum store_result
store_series_member_ids(struct store *st, int64_t series_id, int limit,
    void (*cb)(int64_t, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_MEMBER_IDS, 0, store_id_row, &c, "ii",
	    series_id, (int64_t)limit));
}

struct store_series_of_cb {
	void	(*cb)(const struct store_series *, enum series_role, bool,
		    void *);
	void	*arg;
};

static void
store_series_of_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_series_of_cb	*c = arg;
	struct store_series		 s;
	enum series_role		 role = SERIES_NONE;

	store_series_fill(stmt, &s);
	if (sqlite3_column_type(stmt, 6) != SQLITE_NULL)
		role = (enum series_role)sqlite3_column_int(stmt, 6);
	c->cb(&s, role, sqlite3_column_int(stmt, 7) != 0, c->arg);
}

enum store_result
store_series_of(struct store *st, int64_t user_id,
    void (*cb)(const struct store_series *, enum series_role, bool, void *),
    void *arg)
{
	struct store_series_of_cb	c = { cb, arg };

	return (store_run(st, STMT_SERIES_OF, 0, store_series_of_row, &c, "i",
	    user_id));
}

/* Meetings. */

enum store_result
store_meeting_add(struct store *st, int64_t series_id, const char *title,
    int64_t start_ms, int length_min, int64_t created_by, int64_t now_ms,
    int64_t *id)
{
	enum store_result	res;

	if ((res = store_rowid(st, store_run(st, STMT_MEETING_ROOM_ADD,
	    RUN_WRITE, NULL, NULL, "ti", title, now_ms), id)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_MEETING_ADD, RUN_WRITE, NULL, NULL,
	    "iitiiii", *id, series_id, title, start_ms, (int64_t)length_min,
	    created_by, now_ms));
}

static void
store_meeting_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_meeting	*m = arg;

	m->id = sqlite3_column_int64(stmt, 0);
	m->series_id = sqlite3_column_int64(stmt, 1);
	store_copy(m->series, sizeof m->series, stmt, 2);
	store_copy(m->title, sizeof m->title, stmt, 3);
	m->start_ms = sqlite3_column_int64(stmt, 4);
	m->length_min = sqlite3_column_int(stmt, 5);
	m->started_ms = sqlite3_column_int64(stmt, 6);
	m->ended_ms = sqlite3_column_int64(stmt, 7);
	m->item_id = sqlite3_column_int64(stmt, 8);
	m->item_since_ms = sqlite3_column_int64(stmt, 9);
	store_copy(m->topic, sizeof m->topic, stmt, 10);
	m->thread_id = sqlite3_column_int64(stmt, 11);
	m->created_ms = sqlite3_column_int64(stmt, 12);
	m->sequence = sqlite3_column_int64(stmt, 13);
}

enum store_result
store_meeting_get(struct store *st, int64_t id, struct store_meeting *out)
{
	return (store_run(st, STMT_MEETING_GET, RUN_ONE, store_meeting_fill,
	    out, "i", id));
}

enum store_result
store_meeting_start(struct store *st, int64_t id, int64_t now_ms)
{
	return (store_run(st, STMT_MEETING_START, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", id, now_ms));
}

enum store_result
store_meeting_end(struct store *st, int64_t id, int64_t now_ms,
    int64_t thread_id)
{
	enum store_result	res;

	/* The item running at the end has its time counted too. */
	if ((res = store_run(st, STMT_MEETING_ITEM_USED, RUN_WRITE, NULL, NULL,
	    "ii", id, now_ms)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_MEETING_END, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "iiz", id, now_ms, thread_id));
}

enum store_result
store_meeting_set_item(struct store *st, int64_t id, int64_t item_id,
    int64_t now_ms)
{
	enum store_result	res;

	if ((res = store_run(st, STMT_MEETING_ITEM_USED, RUN_WRITE, NULL, NULL,
	    "ii", id, now_ms)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_MEETING_ITEM, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "izi", id, item_id, now_ms));
}

enum store_result
store_meeting_set_topic(struct store *st, int64_t id, const char *topic)
{
	return (store_run(st, STMT_MEETING_TOPIC, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "it", id, topic));
}

enum store_result
store_meeting_set_thread(struct store *st, int64_t id, int64_t thread_id)
{
	return (store_run(st, STMT_MEETING_THREAD, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", id, thread_id));
}

enum store_result
store_meeting_edit(struct store *st, int64_t id, const char *title,
    int64_t start_ms, int length_min)
{
	enum store_result	res;

	if ((res = store_run(st, STMT_MEETING_EDIT, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "itii", id, title, start_ms, (int64_t)length_min)) !=
	    STORE_OK)
		return (res);
	return (store_run(st, STMT_MEETING_ROOM_NAME, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "it", id, title));
}

struct store_text_cb {
	void	(*cb)(const char *, void *);
	void	*arg;
};

static void
store_text_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_text_cb	*c = arg;

	c->cb(store_text(stmt, 0), c->arg);
}

enum store_result
store_room_authors(struct store *st, int64_t room_id,
    void (*cb)(const char *, void *), void *arg)
{
	struct store_text_cb	c = { cb, arg };

	return (store_run(st, STMT_ROOM_AUTHORS, 0, store_text_row, &c, "i",
	    room_id));
}

struct store_meeting_room_row {
	enum series_role	*role;
	bool			*live;
};

static void
store_meeting_room_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_meeting_room_row	*r = arg;

	*r->role = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? SERIES_NONE :
	    (enum series_role)sqlite3_column_int(stmt, 0);
	*r->live = sqlite3_column_int(stmt, 1) != 0;
}

enum store_result
store_meeting_room(struct store *st, int64_t room_id, int64_t user_id,
    enum series_role *role, bool *live)
{
	struct store_meeting_room_row	r = { role, live };
	struct store_meeting		m;
	enum store_result		res;

	*role = SERIES_NONE;
	*live = false;
	if ((res = store_meeting_get(st, room_id, &m)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_MEETING_ROOM, RUN_ONE,
	    store_meeting_room_row, &r, "iii", m.series_id, user_id, room_id));
}

struct store_meeting_cb {
	void	(*cb)(const struct store_meeting *, void *);
	void	*arg;
};

static void
store_meeting_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_meeting_cb	*c = arg;
	struct store_meeting	 m;

	store_meeting_fill(stmt, &m);
	c->cb(&m, c->arg);
}

enum store_result
store_meetings_ahead(struct store *st, int64_t user_id, int limit,
    void (*cb)(const struct store_meeting *, void *), void *arg)
{
	struct store_meeting_cb	c = { cb, arg };

	return (store_run(st, STMT_MEETINGS_AHEAD, 0, store_meeting_row, &c,
	    "ii", user_id, (int64_t)limit));
}

enum store_result
store_series_meetings(struct store *st, int64_t series_id, int64_t after,
    int limit, void (*cb)(const struct store_meeting *, void *), void *arg)
{
	struct store_meeting_cb	c = { cb, arg };

	return (store_run(st, STMT_SERIES_MEETINGS, 0, store_meeting_row, &c,
	    "iii", series_id, after, (int64_t)limit));
}

enum store_result
store_meeting_previous(struct store *st, const struct store_meeting *m,
    int64_t *id)
{
	return (store_run(st, STMT_MEETING_PREVIOUS, RUN_ONE, store_row_int64,
	    id, "iii", m->series_id, m->id, m->start_ms));
}

/* Agenda. */

enum store_result
store_agenda_add(struct store *st, int64_t meeting_id, const char *title,
    int64_t owner_id, int minutes, int64_t *id)
{
	return (store_rowid(st, store_run(st, STMT_AGENDA_ADD, RUN_WRITE, NULL,
	    NULL, "itzi", meeting_id, title, owner_id, (int64_t)minutes), id));
}

struct store_agenda_cb {
	void	(*cb)(const struct store_agenda_item *, void *);
	void	*arg;
};

static void
store_agenda_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_agenda_cb		*c = arg;
	struct store_agenda_item	 a;

	a.id = sqlite3_column_int64(stmt, 0);
	a.position = sqlite3_column_int(stmt, 1);
	a.title = store_text(stmt, 2);
	a.owner_id = sqlite3_column_int64(stmt, 3);
	a.owner = store_text(stmt, 4);
	a.minutes = sqlite3_column_int(stmt, 5);
	a.used_ms = sqlite3_column_int64(stmt, 6);
	c->cb(&a, c->arg);
}

enum store_result
store_agenda(struct store *st, int64_t meeting_id,
    void (*cb)(const struct store_agenda_item *, void *), void *arg)
{
	struct store_agenda_cb	c = { cb, arg };

	return (store_run(st, STMT_AGENDA, 0, store_agenda_row, &c, "i",
	    meeting_id));
}

enum store_result
store_agenda_set_position(struct store *st, int64_t item_id, int position)
{
	return (store_run(st, STMT_AGENDA_POSITION, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", item_id, (int64_t)position));
}

/* Records. */

enum store_result
store_record_add(struct store *st, const struct store_record *r, int64_t *id)
{
	bool	vote = r->kind == PROTO_RECORD_VOTE;

	/* A vote's result is stored as info with its vote (migration 34). */
	return (store_rowid(st, store_run(st, STMT_RECORD_ADD, RUN_WRITE, NULL,
	    NULL, "iztiztztiiz", r->meeting_id, r->item_id,
	    proto_record_kind_name(vote ? PROTO_RECORD_INFO : r->kind),
	    r->user_id, r->msg_id, r->body, r->owner_id, r->due,
	    (int64_t)r->withheld, r->ts, vote ? r->vote_id : 0), id));
}

struct store_record_cb {
	void	(*cb)(const struct store_record *, void *);
	void	*arg;
};

static void
store_record_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_record_cb	*c = arg;
	struct store_record	 r;

	r.id = sqlite3_column_int64(stmt, 0);
	r.meeting_id = sqlite3_column_int64(stmt, 1);
	r.item_id = sqlite3_column_int64(stmt, 2);
	if (!proto_record_kind_parse(store_text(stmt, 3), &r.kind))
		r.kind = PROTO_RECORD_INFO;
	r.user_id = sqlite3_column_int64(stmt, 4);
	r.author = store_text(stmt, 5);
	r.msg_id = sqlite3_column_int64(stmt, 6);
	r.body = store_text(stmt, 7);
	r.owner_id = sqlite3_column_int64(stmt, 8);
	r.owner = store_text(stmt, 9);
	r.due = store_text(stmt, 10);
	r.withheld = sqlite3_column_int(stmt, 11) != 0;
	r.struck = sqlite3_column_int(stmt, 12) != 0;
	r.ts = sqlite3_column_int64(stmt, 13);
	r.edited_ms = sqlite3_column_int64(stmt, 14);
	r.done_ms = sqlite3_column_int64(stmt, 15);
	r.done_by = store_text(stmt, 16);
	r.done_note = store_text(stmt, 17);
	r.meeting_title = store_text(stmt, 18);
	r.meeting_start_ms = sqlite3_column_int64(stmt, 19);
	r.series_id = sqlite3_column_int64(stmt, 20);
	if ((r.vote_id = sqlite3_column_int64(stmt, 21)) != 0)
		r.kind = PROTO_RECORD_VOTE;
	c->cb(&r, c->arg);
}

enum store_result
store_record_get(struct store *st, int64_t id,
    void (*cb)(const struct store_record *, void *), void *arg)
{
	struct store_record_cb	c = { cb, arg };

	return (store_run(st, STMT_RECORD_GET, RUN_ONE, store_record_row, &c,
	    "i", id));
}

enum store_result
store_records(struct store *st, int64_t meeting_id,
    void (*cb)(const struct store_record *, void *), void *arg)
{
	struct store_record_cb	c = { cb, arg };

	return (store_run(st, STMT_RECORDS, 0, store_record_row, &c, "i",
	    meeting_id));
}

enum store_result
store_record_edit(struct store *st, int64_t id, const char *body,
    int64_t owner_id, const char *due, bool withheld, int64_t now_ms)
{
	return (store_run(st, STMT_RECORD_EDIT, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "itztii", id, body, owner_id, due, (int64_t)withheld, now_ms));
}

enum store_result
store_record_strike(struct store *st, int64_t id, int64_t now_ms)
{
	return (store_run(st, STMT_RECORD_STRIKE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", id, now_ms));
}

struct store_version_cb {
	void	(*cb)(const struct store_record_version *, void *);
	void	*arg;
};

static void
store_version_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_version_cb		*c = arg;
	struct store_record_version	 v;

	v.ts = sqlite3_column_int64(stmt, 0);
	v.body = store_text(stmt, 1);
	v.owner = store_text(stmt, 2);
	v.due = store_text(stmt, 3);
	v.struck = sqlite3_column_int(stmt, 4) != 0;
	c->cb(&v, c->arg);
}

enum store_result
store_record_versions(struct store *st, int64_t id,
    void (*cb)(const struct store_record_version *, void *), void *arg)
{
	struct store_version_cb	c = { cb, arg };

	return (store_run(st, STMT_RECORD_VERSIONS, 0, store_version_row, &c,
	    "i", id));
}

enum store_result
store_action_done(struct store *st, int64_t id, int64_t by, const char *note,
    int64_t now_ms)
{
	return (store_run(st, STMT_ACTION_DONE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "iiti", id, by, note, now_ms));
}

enum store_result
store_actions_carried(struct store *st, const struct store_meeting *m,
    void (*cb)(const struct store_record *, void *), void *arg)
{
	struct store_record_cb	c = { cb, arg };
	int64_t			since = m->started_ms;

	/* Not started yet: what is open now, and anything closed since. */
	if (since == 0)
		since = INT64_MAX;
	return (store_run(st, STMT_ACTIONS_CARRIED, 0, store_record_row, &c,
	    "iii", m->series_id, m->id, since));
}

enum store_result
store_actions_of(struct store *st, int64_t owner_id, const char *today,
    int limit, void (*cb)(const struct store_record *, void *), void *arg)
{
	struct store_record_cb	c = { cb, arg };

	return (store_run(st, STMT_ACTIONS_OF, 0, store_record_row, &c, "iti",
	    owner_id, today, (int64_t)limit));
}
