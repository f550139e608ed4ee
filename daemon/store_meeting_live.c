/*
 * store_meeting_live.c: a meeting as it runs — who joined its room (the
 * attendance the minutes count beside present+), the speaker queue, and
 * votes: named ones keep each choice, anonymous ones only counters and who
 * has voted.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store_private.h"

enum store_meeting_live_stmt {
	STMT_JOIN = STORE_STMT_FIRST(STORE_MODULE_MEETING_LIVE),
	STMT_ATTENDEES,
	STMT_QUEUE_ADD,
	STMT_QUEUE_REMOVE,
	STMT_QUEUE_CLEAR,
	STMT_QUEUE,
	STMT_FLOOR_GIVE,
	STMT_FLOOR_CLEAR,
	STMT_FLOOR,
	STMT_VOTE_ADD,
	STMT_VOTE_OPTION_ADD,
	STMT_VOTE_GET,
	STMT_VOTES,
	STMT_VOTE_OPTIONS,
	STMT_VOTE_CHOICES,
	STMT_VOTE_CHOOSE,
	STMT_VOTE_VOTER_ADD,
	STMT_VOTE_COUNT,
	STMT_VOTE_CLOSE,
	STMT_REMINDERS_DUE,
	STMT_REMINDED,
	STMT_REMINDER_NEXT,
	STMT_MEETING_LIVE_END
};

#define VOTE_COLUMNS \
	"SELECT v.id, v.meeting_id, COALESCE(v.item_id, 0), v.question," \
	" v.anonymous, u.handle, v.opened_ms, COALESCE(v.closed_ms, 0)," \
	" CASE WHEN v.anonymous THEN (SELECT COUNT(*) FROM vote_voters w" \
	"  WHERE w.vote_id = v.id) ELSE (SELECT COUNT(*) FROM vote_choices c" \
	"  WHERE c.vote_id = v.id) END," \
	" (SELECT COUNT(*) FROM vote_options o WHERE o.vote_id = v.id)" \
	" FROM votes v JOIN users u ON u.id = v.opened_by "

static const char *const store_meeting_live_sql[STMT_MEETING_LIVE_END -
    STORE_STMT_FIRST(STORE_MODULE_MEETING_LIVE)] = {
#define S(id) [(id) - STORE_STMT_FIRST(STORE_MODULE_MEETING_LIVE)]
	/* The first join counts; joining again changes nothing. */
	S(STMT_JOIN) =
	    "INSERT INTO meeting_attendance (meeting_id, user_id, observer,"
	    " joined_ms) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT (meeting_id, user_id) DO NOTHING",
	S(STMT_ATTENDEES) =
	    "SELECT u.handle, a.observer FROM meeting_attendance a"
	    " JOIN users u ON u.id = a.user_id"
	    " WHERE a.meeting_id = ?1 ORDER BY u.handle",
	/* Asking again keeps the place and takes the new note. */
	S(STMT_QUEUE_ADD) =
	    "INSERT INTO speaker_queue (meeting_id, user_id, note)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (meeting_id, user_id)"
	    " DO UPDATE SET note = excluded.note",
	S(STMT_QUEUE_REMOVE) =
	    "DELETE FROM speaker_queue WHERE meeting_id = ?1 AND user_id = ?2",
	S(STMT_QUEUE_CLEAR) =
	    "DELETE FROM speaker_queue WHERE meeting_id = ?1",
	S(STMT_QUEUE) =
	    "SELECT q.user_id, u.handle, q.note FROM speaker_queue q"
	    " JOIN users u ON u.id = q.user_id WHERE q.meeting_id = ?1"
	    " ORDER BY q.id",
	S(STMT_FLOOR_GIVE) =
	    "INSERT INTO meeting_floor (meeting_id, user_id, by_id)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT (meeting_id)"
	    " DO UPDATE SET user_id = excluded.user_id, by_id = excluded.by_id",
	S(STMT_FLOOR_CLEAR) =
	    "DELETE FROM meeting_floor WHERE meeting_id = ?1",
	S(STMT_FLOOR) =
	    "SELECT u.handle, b.handle FROM meeting_floor f"
	    " JOIN users u ON u.id = f.user_id JOIN users b ON b.id = f.by_id"
	    " WHERE f.meeting_id = ?1",
	S(STMT_VOTE_ADD) =
	    "INSERT INTO votes (meeting_id, item_id, question, anonymous,"
	    " opened_by, opened_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	S(STMT_VOTE_OPTION_ADD) =
	    "INSERT INTO vote_options (vote_id, n, text) VALUES (?1, ?2, ?3)",
	S(STMT_VOTE_GET) = VOTE_COLUMNS "WHERE v.id = ?1",
	S(STMT_VOTES) = VOTE_COLUMNS "WHERE v.meeting_id = ?1 ORDER BY v.id",
	/* Counts: an anonymous vote's counters, a named one's choices. */
	S(STMT_VOTE_OPTIONS) =
	    "SELECT o.n, o.text, CASE WHEN v.anonymous THEN o.count ELSE"
	    " (SELECT COUNT(*) FROM vote_choices c WHERE c.vote_id = o.vote_id"
	    " AND c.n = o.n) END FROM vote_options o"
	    " JOIN votes v ON v.id = o.vote_id WHERE o.vote_id = ?1 ORDER BY o.n",
	S(STMT_VOTE_CHOICES) =
	    "SELECT c.n, u.handle FROM vote_choices c"
	    " JOIN users u ON u.id = c.user_id WHERE c.vote_id = ?1"
	    " ORDER BY c.n, u.handle",
	S(STMT_VOTE_CHOOSE) =
	    "INSERT INTO vote_choices (vote_id, user_id, n, ts)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (vote_id, user_id)"
	    " DO UPDATE SET n = excluded.n, ts = excluded.ts",
	S(STMT_VOTE_VOTER_ADD) =
	    "INSERT INTO vote_voters (vote_id, user_id) VALUES (?1, ?2)",
	S(STMT_VOTE_COUNT) =
	    "UPDATE vote_options SET count = count + 1"
	    " WHERE vote_id = ?1 AND n = ?2",
	S(STMT_VOTE_CLOSE) =
	    "UPDATE votes SET closed_ms = ?2 WHERE id = ?1 AND closed_ms IS NULL",
	/* Meetings not started whose next reminder is due by ?1 (ms). */
	S(STMT_REMINDERS_DUE) =
	    "SELECT id, reminded, start_ms FROM meetings"
	    " WHERE started_ms IS NULL AND ended_ms IS NULL AND reminded < 2"
	    " AND start_ms - CASE reminded WHEN 0 THEN ?2 ELSE 0 END <= ?1"
	    " ORDER BY start_ms, id LIMIT ?3",
	S(STMT_REMINDED) =
	    "UPDATE meetings SET reminded = ?2 WHERE id = ?1",
	S(STMT_REMINDER_NEXT) =
	    "SELECT COALESCE(MIN(start_ms - CASE reminded WHEN 0 THEN ?1"
	    " ELSE 0 END), 0) FROM meetings"
	    " WHERE started_ms IS NULL AND ended_ms IS NULL AND reminded < 2",
#undef S
};

const struct store_module store_meeting_live_module = {
	store_meeting_live_sql,
	STMT_MEETING_LIVE_END - STORE_STMT_FIRST(STORE_MODULE_MEETING_LIVE)
};

enum store_result
store_meeting_join(struct store *st, int64_t meeting_id, int64_t user_id,
    bool observer, int64_t now_ms)
{
	return (store_run(st, STMT_JOIN, RUN_WRITE, NULL, NULL, "iiii",
	    meeting_id, user_id, (int64_t)observer, now_ms));
}

struct store_attendee_cb {
	void	(*cb)(const char *, bool, void *);
	void	*arg;
};

static void
store_attendee_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_attendee_cb	*c = arg;

	c->cb(store_text(stmt, 0), sqlite3_column_int(stmt, 1) != 0, c->arg);
}

enum store_result
store_meeting_attendees(struct store *st, int64_t meeting_id,
    void (*cb)(const char *handle, bool observer, void *), void *arg)
{
	struct store_attendee_cb	c = { cb, arg };

	return (store_run(st, STMT_ATTENDEES, 0, store_attendee_row, &c, "i",
	    meeting_id));
}

/* The speaker queue, and who has the floor. */

enum store_result
store_queue_add(struct store *st, int64_t meeting_id, int64_t user_id,
    const char *note)
{
	return (store_run(st, STMT_QUEUE_ADD, RUN_WRITE, NULL, NULL, "iit",
	    meeting_id, user_id, note));
}

enum store_result
store_queue_remove(struct store *st, int64_t meeting_id, int64_t user_id)
{
	return (store_run(st, STMT_QUEUE_REMOVE, RUN_WRITE | RUN_ONE, NULL,
	    NULL, "ii", meeting_id, user_id));
}

/* The queue and who has the floor go together when the item moves. */
enum store_result
store_queue_clear(struct store *st, int64_t meeting_id)
{
	enum store_result	res;

	if ((res = store_run(st, STMT_QUEUE_CLEAR, RUN_WRITE, NULL, NULL, "i",
	    meeting_id)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_FLOOR_CLEAR, RUN_WRITE, NULL, NULL, "i",
	    meeting_id));
}

struct store_queue_cb {
	void	(*cb)(const struct store_queued *, void *);
	void	*arg;
};

static void
store_queue_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_queue_cb	*c = arg;
	struct store_queued	 q;

	q.user_id = sqlite3_column_int64(stmt, 0);
	q.handle = store_text(stmt, 1);
	q.note = store_text(stmt, 2);
	c->cb(&q, c->arg);
}

enum store_result
store_queue(struct store *st, int64_t meeting_id,
    void (*cb)(const struct store_queued *, void *), void *arg)
{
	struct store_queue_cb	c = { cb, arg };

	return (store_run(st, STMT_QUEUE, 0, store_queue_row, &c, "i",
	    meeting_id));
}

enum store_result
store_floor_give(struct store *st, int64_t meeting_id, int64_t user_id,
    int64_t by_id)
{
	return (store_run(st, STMT_FLOOR_GIVE, RUN_WRITE, NULL, NULL, "iii",
	    meeting_id, user_id, by_id));
}

struct store_floor_cb {
	char	*handle;
	char	*by;
	size_t	 size;
};

static void
store_floor_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_floor_cb	*c = arg;

	snprintf(c->handle, c->size, "%s", store_text(stmt, 0));
	snprintf(c->by, c->size, "%s", store_text(stmt, 1));
}

enum store_result
store_floor(struct store *st, int64_t meeting_id, char *handle, char *by,
    size_t size)
{
	struct store_floor_cb	c = { handle, by, size };

	return (store_run(st, STMT_FLOOR, RUN_ONE, store_floor_row, &c, "i",
	    meeting_id));
}

/* Votes. */

enum store_result
store_vote_open(struct store *st, const struct store_vote *v,
    const char *const *options, size_t noptions, int64_t *id)
{
	enum store_result	res;
	size_t			i;

	if ((res = store_rowid(st, store_run(st, STMT_VOTE_ADD, RUN_WRITE,
	    NULL, NULL, "iztiii", v->meeting_id, v->item_id, v->question,
	    (int64_t)v->anonymous, v->opened_by, v->opened_ms), id)) !=
	    STORE_OK)
		return (res);
	for (i = 0; i < noptions; i++) {
		if ((res = store_run(st, STMT_VOTE_OPTION_ADD, RUN_WRITE, NULL,
		    NULL, "iit", *id, (int64_t)i + 1, options[i])) != STORE_OK)
			return (res);
	}
	return (STORE_OK);
}

static void
store_vote_fill(sqlite3_stmt *stmt, void *arg)
{
	struct store_vote	*v = arg;

	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(stmt, 0);
	v->meeting_id = sqlite3_column_int64(stmt, 1);
	v->item_id = sqlite3_column_int64(stmt, 2);
	store_copy(v->question_buf, sizeof v->question_buf, stmt, 3);
	v->question = v->question_buf;
	v->anonymous = sqlite3_column_int(stmt, 4) != 0;
	store_copy(v->opener, sizeof v->opener, stmt, 5);
	v->opened_ms = sqlite3_column_int64(stmt, 6);
	v->closed_ms = sqlite3_column_int64(stmt, 7);
	v->voters = sqlite3_column_int64(stmt, 8);
	v->noptions = sqlite3_column_int(stmt, 9);
}

enum store_result
store_vote_get(struct store *st, int64_t id, struct store_vote *out)
{
	return (store_run(st, STMT_VOTE_GET, RUN_ONE, store_vote_fill, out,
	    "i", id));
}

struct store_votes_cb {
	void	(*cb)(const struct store_vote *, void *);
	void	*arg;
};

static void
store_votes_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_votes_cb	*c = arg;
	struct store_vote	 v;

	store_vote_fill(stmt, &v);
	c->cb(&v, c->arg);
}

enum store_result
store_votes(struct store *st, int64_t meeting_id,
    void (*cb)(const struct store_vote *, void *), void *arg)
{
	struct store_votes_cb	c = { cb, arg };

	return (store_run(st, STMT_VOTES, 0, store_votes_row, &c, "i",
	    meeting_id));
}

struct store_option_cb {
	void	(*cb)(int, const char *, int64_t, void *);
	void	*arg;
};

static void
store_option_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_option_cb	*c = arg;

	c->cb(sqlite3_column_int(stmt, 0), store_text(stmt, 1),
	    sqlite3_column_int64(stmt, 2), c->arg);
}

enum store_result
store_vote_options(struct store *st, int64_t vote_id,
    void (*cb)(int n, const char *text, int64_t count, void *), void *arg)
{
	struct store_option_cb	c = { cb, arg };

	return (store_run(st, STMT_VOTE_OPTIONS, 0, store_option_row, &c, "i",
	    vote_id));
}

struct store_choice_cb {
	void	(*cb)(int, const char *, void *);
	void	*arg;
};

static void
store_choice_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_choice_cb	*c = arg;

	c->cb(sqlite3_column_int(stmt, 0), store_text(stmt, 1), c->arg);
}

enum store_result
store_vote_choices(struct store *st, int64_t vote_id,
    void (*cb)(int n, const char *handle, void *), void *arg)
{
	struct store_choice_cb	c = { cb, arg };

	return (store_run(st, STMT_VOTE_CHOICES, 0, store_choice_row, &c, "i",
	    vote_id));
}

enum store_result
store_vote_cast(struct store *st, const struct store_vote *v, int64_t user_id,
    int n, int64_t now_ms)
{
	enum store_result	res;

	if (!v->anonymous)
		return (store_run(st, STMT_VOTE_CHOOSE, RUN_WRITE, NULL, NULL,
		    "iiii", v->id, user_id, (int64_t)n, now_ms));
	/* Who voted, then a counter: nothing ties the one to the other. */
	if ((res = store_run(st, STMT_VOTE_VOTER_ADD, RUN_WRITE, NULL, NULL,
	    "ii", v->id, user_id)) != STORE_OK)
		return (res);
	return (store_run(st, STMT_VOTE_COUNT, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", v->id, (int64_t)n));
}

enum store_result
store_vote_close(struct store *st, int64_t id, int64_t now_ms)
{
	return (store_run(st, STMT_VOTE_CLOSE, RUN_WRITE | RUN_ONE, NULL, NULL,
	    "ii", id, now_ms));
}

/* Reminders */

struct store_remind_cb {
	void	(*cb)(int64_t, int, int64_t, void *);
	void	*arg;
};

static void
store_remind_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_remind_cb	*c = arg;

	c->cb(sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1),
	    sqlite3_column_int64(stmt, 2), c->arg);
}

enum store_result
store_reminders_due(struct store *st, int64_t now_ms, int64_t ahead_ms,
    int limit, void (*cb)(int64_t id, int reminded, int64_t start_ms, void *),
    void *arg)
{
	struct store_remind_cb	c = { cb, arg };

	return (store_run(st, STMT_REMINDERS_DUE, 0, store_remind_row, &c,
	    "iii", now_ms, ahead_ms, (int64_t)limit));
}

enum store_result
store_meeting_reminded(struct store *st, int64_t id, int reminded)
{
	return (store_run(st, STMT_REMINDED, RUN_WRITE, NULL, NULL, "ii", id,
	    (int64_t)reminded));
}

enum store_result
store_reminder_next(struct store *st, int64_t ahead_ms, int64_t *when_ms)
{
	*when_ms = 0;
	return (store_run(st, STMT_REMINDER_NEXT, 0, store_row_int64, when_ms,
	    "i", ahead_ms));
}
