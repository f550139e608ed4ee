/*
 * store_rooms.c: rooms — finding any room and the rooms a person sees;
 * private rooms (buddy chats and direct messages): creating them, their
 * members and pending invitations, owners and names, and the one DM room of
 * each pair.
 */
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store_private.h"

enum store_rooms_stmt {
	STMT_PRIVATE_ADD = STORE_STMT_FIRST(STORE_MODULE_ROOMS),
	STMT_MEMBER_ADD,
	STMT_MEMBER_REMOVE,
	STMT_INVITE_ADD,
	STMT_INVITE_REMOVE,
	STMT_INVITE_FROM,
	STMT_INVITES_OF,
	STMT_HEADCOUNT,
	STMT_MEMBER_COUNT,
	STMT_MEMBERS,
	STMT_MEMBERS_IMPLICIT,
	STMT_OWNER_HANDOVER,
	STMT_RENAME,
	STMT_DM_FIND,
	STMT_DM_ADD,
	STMT_DM_PARTNER,
	STMT_DM_BLOCKED,
	STMT_ROOM_ADD,
	STMT_ROOM_BY_REF,
	STMT_ROOM_BY_ID,
	STMT_ROOMS_FOR_USER,
	STMT_ROOM_MEMBER,
	STMT_ROOM_LOCK,
	STMT_ROOM_SLOW,
	STMT_ROOM_ANNOUNCE,
	STMT_ROOM_PIN_SET,
	STMT_ROOM_PIN_GET,
	STMT_ROOMS_END
};

/* last_msg_id is one seek to the end of the room's stretch of the index. */
#define ROOM_FIELDS \
	"SELECT r.id, r.ref, r.kind, r.name, r.region_id," \
	" (SELECT MAX(m.id) FROM messages m WHERE m.room_id = r.id), r.owner_id," \
	" r.locked, r.slow_s, r.announce_only, r.pin IS NOT NULL"
#define ROOM_COLUMNS	ROOM_FIELDS " FROM rooms r "
/*
 * The same, with the person's own view as two last columns: the message id
 * after which they see messages, and whether a block closes the DM.
 */
#define ROOM_COLUMNS_FROM(visible_from, dm_blocked) \
	ROOM_FIELDS ", " visible_from ", " dm_blocked " FROM rooms r "
#define MEMBER_COLUMNS \
	"SELECT u.id, u.handle, u.name, x.accepted, p.visible," \
	" p.presence_hidden, p.presence_away, coalesce(p.last_seen_ms, 0), " \
	BLOCKED_BETWEEN("?2", "u.id")
/* The series of a started meeting whose room is ?1 (cols: more columns). */
#define MEETING_SERIES_PEOPLE(cols) \
	"SELECT sr.user_id" cols " FROM meetings mt JOIN series_roles sr" \
	" ON sr.series_id = mt.series_id" \
	" WHERE mt.id = ?1 AND mt.started_ms IS NOT NULL"
/* A started meeting (mt) whose series has the person in it. */
#define MEETING_OPEN_TO(user) \
	"mt.started_ms IS NOT NULL AND mt.series_id IN" \
	" (SELECT series_id FROM series_roles WHERE user_id = " user ")"
#define DM_BLOCKED \
	"EXISTS (SELECT 1 FROM dm_pairs d WHERE d.room_id = r.id AND " \
	BLOCKED_BETWEEN("d.low_id", "d.high_id") ")"

static const char *const store_rooms_sql[STMT_ROOMS_END -
    STORE_STMT_FIRST(STORE_MODULE_ROOMS)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_ROOMS)]
	/*
	 * The number in the ref only has to be unique and stable; one past the
	 * largest room id is both, and keeps the insert one statement.
	 */
	S(STMT_PRIVATE_ADD) =
	    "INSERT INTO rooms (ref, kind, name, owner_id, created_ms)"
	    " VALUES (?1 || ':' || (SELECT COALESCE(MAX(id), 0) + 1 FROM rooms),"
	    " ?2, ?3, ?4, ?5)",
	S(STMT_MEMBER_ADD) =
	    "INSERT INTO room_members (room_id, user_id, joined_ms, visible_from)"
	    " VALUES (?1, ?2, ?3, ?4)",
	S(STMT_MEMBER_REMOVE) =
	    "DELETE FROM room_members WHERE room_id = ?1 AND user_id = ?2",
	S(STMT_INVITE_ADD) =
	    "INSERT INTO room_invites (room_id, user_id, inviter_id, created_ms)"
	    " VALUES (?1, ?2, ?3, ?4)",
	S(STMT_INVITE_REMOVE) =
	    "DELETE FROM room_invites WHERE room_id = ?1 AND user_id = ?2",
	S(STMT_INVITE_FROM) =
	    "SELECT inviter_id FROM room_invites"
	    " WHERE room_id = ?1 AND user_id = ?2",
	S(STMT_INVITES_OF) =
	    "SELECT r.ref, r.kind, r.name, u.handle, i.created_ms"
	    " FROM room_invites i JOIN rooms r ON r.id = i.room_id"
	    " JOIN users u ON u.id = i.inviter_id"
	    " WHERE i.user_id = ?1 ORDER BY i.created_ms, i.room_id LIMIT ?2",
	S(STMT_HEADCOUNT) =
	    "SELECT (SELECT count(*) FROM room_members WHERE room_id = ?1) +"
	    " (SELECT count(*) FROM room_invites WHERE room_id = ?1)",
	/* National and region rooms hold everyone (of the region) implicitly. */
	S(STMT_MEMBER_COUNT) =
	    "SELECT CASE WHEN ?2 THEN (SELECT count(*) FROM users WHERE NOT disabled)"
	    " WHEN ?3 > 0 THEN (SELECT count(*) FROM users"
	    "  WHERE region_id = ?3 AND NOT disabled)"
	    " ELSE (SELECT count(*) FROM (SELECT user_id FROM room_members"
	    "  WHERE room_id = ?1 UNION " MEETING_SERIES_PEOPLE("") ")) END",
	/*
	 * A page of a room's people by handle (?3: after this one; ?4: limit):
	 * members, invitations and, while its meeting runs, a meeting room's
	 * series (as MEETING_OPEN_TO lets them read it); each with what the
	 * asker (?2) may be shown: the fields they show, their presence, and
	 * whether a block stands between the two.
	 */
	S(STMT_MEMBERS) =
	    MEMBER_COLUMNS " FROM ("
	    "SELECT user_id, 1 AS accepted FROM room_members WHERE room_id = ?1"
	    " UNION "
	    "SELECT user_id, 0 FROM room_invites WHERE room_id = ?1"
	    " UNION " MEETING_SERIES_PEOPLE(", 1")
	    ") x JOIN users u ON u.id = x.user_id"
	    " JOIN profiles p ON p.user_id = u.id"
	    " WHERE NOT u.disabled AND u.handle > ?3 ORDER BY u.handle LIMIT ?4",
	/* National (?1 = 0) and region rooms: walks the handle index. */
	S(STMT_MEMBERS_IMPLICIT) =
	    MEMBER_COLUMNS " FROM users u JOIN profiles p ON p.user_id = u.id"
	    " CROSS JOIN (SELECT 1 AS accepted) x"
	    " WHERE (?1 = 0 OR u.region_id = ?1) AND NOT u.disabled"
	    " AND u.handle > ?3 ORDER BY u.handle LIMIT ?4",
	S(STMT_OWNER_HANDOVER) =
	    "UPDATE rooms SET owner_id = (SELECT user_id FROM room_members"
	    " WHERE room_id = ?1 ORDER BY joined_ms, user_id LIMIT 1)"
	    " WHERE id = ?1 AND owner_id = ?2",
	S(STMT_RENAME) = "UPDATE rooms SET name = ?2 WHERE id = ?1",
	S(STMT_DM_FIND) =
	    "SELECT room_id FROM dm_pairs WHERE low_id = ?1 AND high_id = ?2",
	S(STMT_DM_ADD) =
	    "INSERT INTO dm_pairs (low_id, high_id, room_id) VALUES (?1, ?2, ?3)",
	S(STMT_DM_PARTNER) =
	    "SELECT CASE low_id WHEN ?2 THEN high_id ELSE low_id END"
	    " FROM dm_pairs WHERE room_id = ?1",
	S(STMT_DM_BLOCKED) =
	    "SELECT " BLOCKED_BETWEEN("low_id", "high_id")
	    " FROM dm_pairs WHERE room_id = ?1",
	S(STMT_ROOM_ADD) =
	    "INSERT INTO rooms (ref, kind, name, region_id, created_ms)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	S(STMT_ROOM_BY_REF) = ROOM_COLUMNS "WHERE r.ref = ?1",
	S(STMT_ROOM_BY_ID) = ROOM_COLUMNS "WHERE r.id = ?1",
	/*
	 * Three indexed lookups rather than one OR over every room; the last
	 * leaves out rooms the first two already gave. Sorted national,
	 * region, then by id.
	 */
	S(STMT_ROOMS_FOR_USER) =
	    "SELECT * FROM ("
	    ROOM_COLUMNS_FROM("0", "0") "WHERE r.ref = 'national'"
	    " UNION ALL "
	    ROOM_COLUMNS_FROM("0", "0") "WHERE r.region_id = ?2 AND r.kind = ?3"
	    " UNION ALL "
	    ROOM_COLUMNS_FROM("j.visible_from", DM_BLOCKED)
	    "JOIN room_members j ON j.room_id = r.id"
	    " WHERE j.user_id = ?1 AND r.ref <> 'national'"
	    " AND NOT (r.region_id IS ?2 AND r.kind = ?3)"
	    " UNION ALL "
	    ROOM_COLUMNS_FROM("0", "0") "JOIN meetings mt ON mt.id = r.id"
	    " WHERE " MEETING_OPEN_TO("?1")
	    ") ORDER BY ref <> 'national', kind <> ?3 OR region_id IS NOT ?2, id",
	/* A meeting's room: everyone in its series, once it has started. */
	S(STMT_ROOM_MEMBER) =
	    "SELECT visible_from FROM room_members"
	    " WHERE room_id = ?1 AND user_id = ?2"
	    " UNION ALL "
	    "SELECT 0 FROM meetings mt WHERE mt.id = ?1 AND "
	    MEETING_OPEN_TO("?2"),
	S(STMT_ROOM_LOCK) = "UPDATE rooms SET locked = ?2 WHERE id = ?1",
	S(STMT_ROOM_SLOW) = "UPDATE rooms SET slow_s = ?2 WHERE id = ?1",
	S(STMT_ROOM_ANNOUNCE) =
	    "UPDATE rooms SET announce_only = ?2 WHERE id = ?1",
	S(STMT_ROOM_PIN_SET) =
	    "UPDATE rooms SET pin = ?2, pin_by = ?3, pin_ms = ?4 WHERE id = ?1",
	S(STMT_ROOM_PIN_GET) =
	    "SELECT r.pin, COALESCE(u.handle, ''), r.pin_ms FROM rooms r"
	    " LEFT JOIN users u ON u.id = r.pin_by"
	    " WHERE r.id = ?1 AND r.pin IS NOT NULL",
#undef S
};

const struct store_module store_rooms_module = {
	store_rooms_sql,
	STMT_ROOMS_END - STORE_STMT_FIRST(STORE_MODULE_ROOMS)
};

enum store_result
store_private_room_add(struct store *st, enum room_kind kind,
    const char *name, int64_t owner_id, int64_t now_ms, int64_t *id)
{
	enum store_result	res;

	res = store_run(st, STMT_PRIVATE_ADD, RUN_WRITE, NULL, NULL, "titzi",
	    proto_room_kind_name(kind), (int64_t)kind, name, owner_id, now_ms);
	if (res == STORE_OK)
		*id = store_last_id(st);
	return (res);
}

enum store_result
store_member_add(struct store *st, int64_t room_id, int64_t user_id,
    int64_t visible_from, int64_t now_ms)
{
	return (store_run(st, STMT_MEMBER_ADD, RUN_WRITE, NULL, NULL, "iiii",
	    room_id, user_id, now_ms, visible_from));
}

enum store_result
store_member_remove(struct store *st, int64_t room_id, int64_t user_id)
{
	return (store_run(st, STMT_MEMBER_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", room_id, user_id));
}

enum store_result
store_room_invite_add(struct store *st, int64_t room_id, int64_t user_id,
    int64_t inviter_id, int64_t now_ms)
{
	return (store_run(st, STMT_INVITE_ADD, RUN_WRITE, NULL, NULL, "iiii",
	    room_id, user_id, inviter_id, now_ms));
}

enum store_result
store_room_invite_remove(struct store *st, int64_t room_id, int64_t user_id)
{
	return (store_run(st, STMT_INVITE_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", room_id, user_id));
}

enum store_result
store_room_invite_from(struct store *st, int64_t room_id, int64_t user_id,
    int64_t *inviter_id)
{
	return (store_run(st, STMT_INVITE_FROM, RUN_ONE, store_row_int64,
	    inviter_id, "ii", room_id, user_id));
}

struct store_invitation_cb {
	void	(*cb)(const struct store_invitation *, void *);
	void	*arg;
};

static void
store_invitation_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_invitation_cb	*c = arg;
	struct store_invitation		 inv;

	inv.room = store_text(stmt, 0);
	inv.kind = (enum room_kind)sqlite3_column_int(stmt, 1);
	inv.name = store_text(stmt, 2);
	inv.from = store_text(stmt, 3);
	inv.ts = sqlite3_column_int64(stmt, 4);
	c->cb(&inv, c->arg);
}

enum store_result
store_room_invites_of(struct store *st, int64_t user_id, int limit,
    void (*cb)(const struct store_invitation *, void *), void *arg)
{
	struct store_invitation_cb	c = { cb, arg };

	return (store_run(st, STMT_INVITES_OF, 0, store_invitation_row, &c,
	    "ii", user_id, (int64_t)limit));
}

enum store_result
store_room_headcount(struct store *st, int64_t room_id, int64_t *count)
{
	return (store_run(st, STMT_HEADCOUNT, 0, store_row_int64, count, "i",
	    room_id));
}

enum store_result
store_room_member_count(struct store *st, const struct store_room *room,
    int64_t *count)
{
	return (store_run(st, STMT_MEMBER_COUNT, 0, store_row_int64, count,
	    "iii", room->id, (int64_t)(room->kind == ROOM_NATIONAL),
	    room->kind == ROOM_REGION ? room->region_id : 0));
}

struct store_member_cb {
	void	(*cb)(const struct store_member *, void *);
	void	*arg;
};

static void
store_member_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_member_cb	*c = arg;
	struct store_member	 m;

	m.user_id = sqlite3_column_int64(stmt, 0);
	m.handle = store_text(stmt, 1);
	m.name = store_text(stmt, 2);
	m.accepted = sqlite3_column_int(stmt, 3) != 0;
	m.visible = (uint32_t)sqlite3_column_int64(stmt, 4);
	m.presence_hidden = sqlite3_column_int(stmt, 5) != 0;
	m.presence_away = sqlite3_column_int(stmt, 6) != 0;
	m.last_seen_ms = sqlite3_column_int64(stmt, 7);
	m.blocked = sqlite3_column_int(stmt, 8) != 0;
	c->cb(&m, c->arg);
}

enum store_result
store_room_members(struct store *st, const struct store_room *room,
    int64_t asker_id, const char *after, int limit,
    void (*cb)(const struct store_member *, void *), void *arg)
{
	struct store_member_cb	c = { cb, arg };

	if (room->kind == ROOM_NATIONAL || room->kind == ROOM_REGION)
		return (store_run(st, STMT_MEMBERS_IMPLICIT, 0,
		    store_member_row, &c, "iiti", room->kind == ROOM_REGION ?
		    room->region_id : 0, asker_id, after, (int64_t)limit));
	return (store_run(st, STMT_MEMBERS, 0, store_member_row, &c, "iiti",
	    room->id, asker_id, after, (int64_t)limit));
}

enum store_result
store_room_owner_handover(struct store *st, int64_t room_id, int64_t leaver)
{
	return (store_run(st, STMT_OWNER_HANDOVER, RUN_WRITE, NULL, NULL, "ii",
	    room_id, leaver));
}

enum store_result
store_room_rename(struct store *st, int64_t room_id, const char *name)
{
	return (store_run(st, STMT_RENAME, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "it", room_id, name));
}

enum store_result
store_dm_find(struct store *st, int64_t a, int64_t b, int64_t *room_id)
{
	return (store_run(st, STMT_DM_FIND, RUN_ONE, store_row_int64, room_id,
	    "ii", a < b ? a : b, a < b ? b : a));
}

enum store_result
store_dm_add(struct store *st, int64_t a, int64_t b, int64_t room_id)
{
	return (store_run(st, STMT_DM_ADD, RUN_WRITE, NULL, NULL, "iii",
	    a < b ? a : b, a < b ? b : a, room_id));
}

enum store_result
store_dm_partner(struct store *st, int64_t room_id, int64_t user_id,
    int64_t *partner_id)
{
	return (store_run(st, STMT_DM_PARTNER, RUN_ONE, store_row_int64,
	    partner_id, "ii", room_id, user_id));
}

enum store_result
store_dm_blocked(struct store *st, int64_t room_id, bool *blocked)
{
	int64_t			v = 0;
	enum store_result	res;

	res = store_run(st, STMT_DM_BLOCKED, 0, store_row_int64, &v, "i",
	    room_id);
	*blocked = v != 0;
	return (res);
}

/* Every room: the national and region rooms and the private ones. */

static void
store_room_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_room	*r = arg;

	r->id = sqlite3_column_int64(stmt, 0);
	store_copy(r->ref, sizeof r->ref, stmt, 1);
	r->kind = (enum room_kind)sqlite3_column_int(stmt, 2);
	store_copy(r->name, sizeof r->name, stmt, 3);
	r->region_id = sqlite3_column_int64(stmt, 4);
	r->last_msg_id = sqlite3_column_int64(stmt, 5);
	r->owner_id = sqlite3_column_int64(stmt, 6);
	r->locked = sqlite3_column_int(stmt, 7) != 0;
	r->slow_s = sqlite3_column_int(stmt, 8);
	r->announce_only = sqlite3_column_int(stmt, 9) != 0;
	r->pinned = sqlite3_column_int(stmt, 10) != 0;
	r->visible_from = sqlite3_column_count(stmt) > 11 ?
	    sqlite3_column_int64(stmt, 11) : 0;
	r->dm_blocked = sqlite3_column_count(stmt) > 12 &&
	    sqlite3_column_int(stmt, 12) != 0;
	r->series_role = SERIES_NONE;
	r->live = false;
}

struct store_room_cb {
	void	(*cb)(const struct store_room *, void *);
	void	*arg;
};

static void
store_room_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_room_cb	*c = arg;
	struct store_room	 room;

	store_room_fill(stmt, &room);
	c->cb(&room, c->arg);
}

enum store_result
store_room_add(struct store *st, const char *ref, enum room_kind kind,
    const char *name, int64_t region_id, int64_t now_ms, int64_t *id)
{
	enum store_result	res;

	res = store_run(st, STMT_ROOM_ADD, RUN_WRITE, NULL, NULL, "titzi", ref,
	    (int64_t)kind, name, region_id, now_ms);
	return (store_rowid(st, res, id));
}

enum store_result
store_room_by_ref(struct store *st, const char *ref, struct store_room *out)
{
	return (store_run(st, STMT_ROOM_BY_REF, RUN_ONE, store_room_fill, out,
	    "t", ref));
}

enum store_result
store_room_by_id(struct store *st, int64_t id, struct store_room *out)
{
	return (store_run(st, STMT_ROOM_BY_ID, RUN_ONE, store_room_fill, out,
	    "i", id));
}

enum store_result
store_rooms_for_user(struct store *st, const struct store_user *user,
    void (*cb)(const struct store_room *, void *), void *arg)
{
	struct store_room_cb	c = { cb, arg };

	return (store_run(st, STMT_ROOMS_FOR_USER, 0, store_room_row, &c, "iii",
	    user->id, user->region_id, (int64_t)ROOM_REGION));
}

enum store_result
store_room_member(struct store *st, int64_t room_id, int64_t user_id,
    bool *member, int64_t *visible_from)
{
	enum store_result	res;

	*visible_from = 0;
	res = store_run(st, STMT_ROOM_MEMBER, RUN_ONE, store_row_int64,
	    visible_from, "ii", room_id, user_id);
	*member = res == STORE_OK;
	return (res == STORE_NOT_FOUND ? STORE_OK : res);
}

enum store_result
store_room_set_locked(struct store *st, int64_t room_id, bool locked)
{
	return (store_run(st, STMT_ROOM_LOCK, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", room_id, (int64_t)locked));
}

enum store_result
store_room_set_slow(struct store *st, int64_t room_id, int seconds)
{
	return (store_run(st, STMT_ROOM_SLOW, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", room_id, (int64_t)seconds));
}

enum store_result
store_room_set_announce_only(struct store *st, int64_t room_id, bool on)
{
	return (store_run(st, STMT_ROOM_ANNOUNCE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", room_id, (int64_t)on));
}

enum store_result
store_room_pin_set(struct store *st, int64_t room_id, const char *text,
    int64_t by, int64_t now_ms)
{
	return (store_run(st, STMT_ROOM_PIN_SET, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "itzz", room_id, text, text != NULL ? by : 0,
	    text != NULL ? now_ms : 0));
}

struct store_pin_cb {
	void	(*cb)(const char *, const char *, int64_t, void *);
	void	*arg;
};

static void
store_pin_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_pin_cb	*c = arg;

	c->cb(store_text(stmt, 0), store_text(stmt, 1),
	    sqlite3_column_int64(stmt, 2), c->arg);
}

enum store_result
store_room_pin_get(struct store *st, int64_t room_id,
    void (*cb)(const char *text, const char *by, int64_t ms, void *),
    void *arg)
{
	struct store_pin_cb	c = { cb, arg };

	return (store_run(st, STMT_ROOM_PIN_GET, RUN_ONE, store_pin_row, &c,
	    "i", room_id));
}
