/*
 * store_messages.c: room messages (appending, pages of history, what came
 * since, edits with their versions, hiding), read markers and mentions.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "staffroom/common.h"
#include "log.h"
#include "store_private.h"

enum store_messages_stmt {
	STMT_MSG_APPEND = STORE_STMT_FIRST(STORE_MODULE_MESSAGES),
	STMT_HISTORY_PAGE,
	STMT_MSGS_SINCE,
	STMT_ROOM_COUNT_AFTER,
	STMT_READ_MARKER,
	STMT_READ_MARKER_SET,
	STMT_MENTION_ADD,
	STMT_MENTION_COUNT_AFTER,
	STMT_MSG_GET,
	STMT_MSG_EDIT,
	STMT_MSG_HIDE,
	STMT_MSG_SHOW,
	STMT_MSG_VERSIONS,
	STMT_MSG_AUDIENCE,
	STMT_MESSAGES_END
};

#define MSG_COLUMNS \
	"SELECT m.id, m.room_id, r.ref, m.user_id, u.handle, m.body, m.ts," \
	" m.edited_ms, m.hidden, m.personal_data" \
	" FROM messages m JOIN rooms r ON r.id = m.room_id" \
	" JOIN users u ON u.id = m.user_id "

static const char *const store_messages_sql[STMT_MESSAGES_END -
    STORE_STMT_FIRST(STORE_MODULE_MESSAGES)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_MESSAGES)]
	S(STMT_MSG_APPEND) =
	    "INSERT INTO messages (room_id, user_id, body, ts, personal_data)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	S(STMT_HISTORY_PAGE) = MSG_COLUMNS
	    "WHERE m.room_id = ?1 AND m.id < ?2 AND m.id > ?4"
	    " AND (?5 OR NOT m.hidden) ORDER BY m.id DESC LIMIT ?3",
	S(STMT_MSGS_SINCE) = MSG_COLUMNS
	    "WHERE m.room_id = ?1 AND m.id > ?2 AND (?4 OR NOT m.hidden)"
	    " ORDER BY m.id LIMIT ?3",
	S(STMT_ROOM_COUNT_AFTER) =
	    "SELECT count(*) FROM (SELECT 1 FROM messages"
	    " WHERE room_id = ?1 AND id > ?2 AND NOT hidden LIMIT ?3)",
	S(STMT_READ_MARKER) =
	    "SELECT upto FROM read_markers WHERE user_id = ?1 AND room_id = ?2",
	S(STMT_READ_MARKER_SET) =
	    "INSERT INTO read_markers (user_id, room_id, upto) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (user_id, room_id)"
	    " DO UPDATE SET upto = MAX(upto, excluded.upto)",
	S(STMT_MENTION_ADD) =
	    "INSERT INTO mentions (user_id, room_id, msg_id) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT DO NOTHING",
	S(STMT_MENTION_COUNT_AFTER) =
	    "SELECT count(*) FROM (SELECT 1 FROM mentions n"
	    " JOIN messages m ON m.id = n.msg_id"
	    " WHERE n.user_id = ?1 AND n.room_id = ?2 AND n.msg_id > ?3"
	    " AND NOT m.hidden LIMIT ?4)",
	S(STMT_MSG_GET) = MSG_COLUMNS "WHERE m.id = ?1",
	S(STMT_MSG_EDIT) =
	    "UPDATE messages SET body = ?2, edited_ms = ?3,"
	    " personal_data = personal_data OR ?4"
	    " WHERE id = ?1 AND NOT hidden",
	S(STMT_MSG_HIDE) =
	    "UPDATE messages SET hidden = 1, hidden_by = ?2"
	    " WHERE id = ?1 AND NOT hidden",
	S(STMT_MSG_SHOW) =
	    "UPDATE messages SET hidden = 0, hidden_by = NULL"
	    " WHERE id = ?1 AND hidden",
	S(STMT_MSG_VERSIONS) =
	    "SELECT ts, body FROM (SELECT ts, body, 0 AS last"
	    " FROM message_versions WHERE msg_id = ?1 UNION ALL"
	    " SELECT COALESCE(edited_ms, ts), body, 1 FROM messages"
	    " WHERE id = ?1) ORDER BY last, ts",
	/* Members who see the message: those who joined before it. */
	S(STMT_MSG_AUDIENCE) =
	    "SELECT user_id FROM room_members"
	    " WHERE room_id = ?1 AND visible_from < ?2 LIMIT ?3",
#undef S
};

const struct store_module store_messages_module = {
	store_messages_sql,
	STMT_MESSAGES_END - STORE_STMT_FIRST(STORE_MODULE_MESSAGES)
};

enum store_result
store_msg_append(struct store *st, int64_t room_id, int64_t user_id,
    const char *body, int64_t ts_ms, bool personal_data, int64_t *id)
{
	enum store_result	res;

	res = store_run(st, STMT_MSG_APPEND, RUN_WRITE, NULL, NULL, "iitii",
	    room_id, user_id, body, ts_ms, (int64_t)personal_data);
	return (store_rowid(st, res, id));
}

/*
 * Messages copied out of their rows, for pages that must be reordered or
 * merged before delivery. Each message's strings live in one allocation
 * that starts at its room field.
 */
struct store_msgs {
	struct store_msg	*v;
	size_t			 n;
	size_t			 size;
};

static void
store_msgs_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_msgs	*ms = arg;
	struct store_msg	*m;
	const char		*room = store_text(stmt, 2);
	const char		*from = store_text(stmt, 4);
	const char		*body = store_text(stmt, 5);
	size_t			 lroom = strlen(room) + 1, lfrom = strlen(from) + 1;
	size_t			 lbody = strlen(body) + 1;
	char			*text;

	if (ms->n == ms->size) {
		ms->size = ms->size != 0 ? ms->size * 2 : 16;
		ms->v = xrealloc(ms->v, ms->size * sizeof *ms->v);
	}
	text = xmalloc(lroom + lfrom + lbody);
	memcpy(text, room, lroom);
	memcpy(text + lroom, from, lfrom);
	memcpy(text + lroom + lfrom, body, lbody);

	m = &ms->v[ms->n++];
	m->id = sqlite3_column_int64(stmt, 0);
	m->room_id = sqlite3_column_int64(stmt, 1);
	m->room = text;
	m->user_id = sqlite3_column_int64(stmt, 3);
	m->from = text + lroom;
	m->body = text + lroom + lfrom;
	m->ts = sqlite3_column_int64(stmt, 6);
	m->edited_ms = sqlite3_column_int64(stmt, 7);
	m->hidden = sqlite3_column_int(stmt, 8) != 0;
	m->personal_data = sqlite3_column_int(stmt, 9) != 0;
}

static void
store_msgs_truncate(struct store_msgs *ms, size_t keep)
{
	while (ms->n > keep)
		free((char *)ms->v[--ms->n].room);
}

static int
store_msgs_cmp(const void *a, const void *b)
{
	const struct store_msg	*ma = a, *mb = b;

	return ((ma->id > mb->id) - (ma->id < mb->id));
}

/*
 * Ends a page: on error nothing is delivered; otherwise the first limit
 * messages go to cb in id order and *more says whether others were read.
 */
/* qsort must not be handed the NULL of an empty list. */
static void
store_msgs_sort(struct store_msgs *ms)
{
	if (ms->n > 1)
		qsort(ms->v, ms->n, sizeof *ms->v, store_msgs_cmp);
}

static void
store_msgs_deliver(struct store_msgs *ms, enum store_result res, int limit,
    void (*cb)(const struct store_msg *, void *), void *arg, bool *more)
{
	size_t	i;

	if (res != STORE_OK)
		store_msgs_truncate(ms, 0);
	*more = ms->n > (size_t)limit;
	store_msgs_truncate(ms, (size_t)limit);
	store_msgs_sort(ms);
	for (i = 0; i < ms->n; i++)
		cb(&ms->v[i], arg);
	store_msgs_truncate(ms, 0);
	free(ms->v);
}

static bool
store_limit_ok(int limit)
{
	if (limit > 0)
		return (true);
	log_error("store: page limit %d", limit);
	return (false);
}

/*
 * Reads limit + 1 newest first, so the extra row, the oldest, is the one
 * store_msgs_deliver drops when it says more exist.
 */
enum store_result
store_history_page(struct store *st, int64_t room_id, int64_t after,
    int64_t before, int limit, bool with_hidden,
    void (*cb)(const struct store_msg *, void *), void *arg, bool *more)
{
	struct store_msgs	ms = { NULL, 0, 0 };
	enum store_result	res;

	if (!store_limit_ok(limit))
		return (STORE_ERROR);
	res = store_run(st, STMT_HISTORY_PAGE, 0, store_msgs_row, &ms, "iiiii",
	    room_id, before > 0 ? before : INT64_MAX, (int64_t)limit + 1, after,
	    (int64_t)with_hidden);
	store_msgs_deliver(&ms, res, limit, cb, arg, more);
	return (res);
}

/*
 * One indexed range read per room, merged here by id: a single
 * "room_id IN (...) ORDER BY id" would walk the whole id index through
 * every other room's messages. Only the smallest limit + 1 ids are kept
 * between rooms, so memory is bounded by the page, not the room count.
 */
enum store_result
store_msgs_since(struct store *st, const int64_t *room_ids,
    const int64_t *floors, const bool *with_hidden, size_t nrooms,
    int64_t since, int limit,
    void (*cb)(const struct store_msg *, void *), void *arg, bool *more)
{
	struct store_msgs	ms = { NULL, 0, 0 };
	enum store_result	res = STORE_OK;
	size_t			i;

	if (!store_limit_ok(limit))
		return (STORE_ERROR);
	for (i = 0; i < nrooms && res == STORE_OK; i++) {
		res = store_run(st, STMT_MSGS_SINCE, 0, store_msgs_row, &ms,
		    "iiii", room_ids[i], floors != NULL && floors[i] > since ?
		    floors[i] : since, (int64_t)limit + 1,
		    (int64_t)(with_hidden != NULL && with_hidden[i]));
		store_msgs_sort(&ms);
		store_msgs_truncate(&ms, (size_t)limit + 1);
	}
	store_msgs_deliver(&ms, res, limit, cb, arg, more);
	return (res);
}

enum store_result
store_room_count_after(struct store *st, int64_t room_id, int64_t after,
    int64_t cap, int64_t *count)
{
	return (store_run(st, STMT_ROOM_COUNT_AFTER, 0, store_row_int64, count,
	    "iii", room_id, after, cap));
}

/* One message, hidden or not; STORE_NOT_FOUND when there is none. */
enum store_result
store_msg_get(struct store *st, int64_t id,
    void (*cb)(const struct store_msg *, void *), void *arg)
{
	struct store_msgs	ms = { NULL, 0, 0 };
	enum store_result	res;
	bool			more;

	res = store_run(st, STMT_MSG_GET, RUN_ONE, store_msgs_row, &ms, "i", id);
	store_msgs_deliver(&ms, res, 1, cb, arg, &more);
	return (res);
}

/* The old body is kept as a version (trigger); hidden messages stay as they are. */
enum store_result
store_msg_edit(struct store *st, int64_t id, const char *body, int64_t now_ms,
    bool personal_data)
{
	return (store_run(st, STMT_MSG_EDIT, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "itii", id, body, now_ms, (int64_t)personal_data));
}

/* STORE_NOT_FOUND when it is hidden already (or missing). */
enum store_result
store_msg_hide(struct store *st, int64_t id, int64_t by)
{
	return (store_run(st, STMT_MSG_HIDE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", id, by));
}

/* STORE_NOT_FOUND when it is not hidden (or missing). */
enum store_result
store_msg_show(struct store *st, int64_t id)
{
	return (store_run(st, STMT_MSG_SHOW, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "i", id));
}

struct store_msg_version_cb {
	void	(*cb)(int64_t, const char *, void *);
	void	*arg;
};

static void
store_msg_version_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_msg_version_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), store_text(stmt, 1), c->arg);
}

enum store_result
store_msg_versions(struct store *st, int64_t id,
    void (*cb)(int64_t ts, const char *body, void *), void *arg)
{
	struct store_msg_version_cb	c = { cb, arg };

	return (store_run(st, STMT_MSG_VERSIONS, RUN_ONE, store_msg_version_row,
	    &c, "i", id));
}

enum store_result
store_msg_audience(struct store *st, int64_t room_id, int64_t msg_id,
    int limit, void (*cb)(int64_t user_id, void *), void *arg)
{
	struct store_id_cb	c = { cb, arg };

	return (store_run(st, STMT_MSG_AUDIENCE, 0, store_id_row, &c, "iii",
	    room_id, msg_id, (int64_t)limit));
}

/* Read markers. */

enum store_result
store_read_marker(struct store *st, int64_t user_id, int64_t room_id,
    int64_t *upto)
{
	*upto = 0;
	return (store_run(st, STMT_READ_MARKER, 0, store_row_int64, upto, "ii",
	    user_id, room_id));
}

enum store_result
store_read_marker_set(struct store *st, int64_t user_id, int64_t room_id,
    int64_t upto)
{
	return (store_run(st, STMT_READ_MARKER_SET, RUN_WRITE, NULL, NULL,
	    "iii", user_id, room_id, upto));
}

/* Mentions. A message naming someone twice is one mention. */

enum store_result
store_mention_add(struct store *st, int64_t user_id, int64_t room_id,
    int64_t msg_id)
{
	return (store_run(st, STMT_MENTION_ADD, RUN_WRITE, NULL, NULL, "iii",
	    user_id, room_id, msg_id));
}

enum store_result
store_mention_count_after(struct store *st, int64_t user_id, int64_t room_id,
    int64_t after, int64_t cap, int64_t *count)
{
	return (store_run(st, STMT_MENTION_COUNT_AFTER, 0, store_row_int64,
	    count, "iiii", user_id, room_id, after, cap));
}

/*
 * The person's marker, never below the first message they may see (a
 * member who joined late), and what lies after it.
 */
enum store_result
store_room_unread(struct store *st, int64_t user_id,
    const struct store_room *room, int64_t cap, struct store_unread *out)
{
	enum store_result	res;

	memset(out, 0, sizeof *out);
	if ((res = store_read_marker(st, user_id, room->id, &out->upto)) !=
	    STORE_OK)
		return (res);
	if (out->upto < room->visible_from)
		out->upto = room->visible_from;
	if ((res = store_room_count_after(st, room->id, out->upto, cap,
	    &out->messages)) != STORE_OK)
		return (res);
	return (store_mention_count_after(st, user_id, room->id, out->upto,
	    cap, &out->mentions));
}
