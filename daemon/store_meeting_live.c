/*
 * store_meeting_live.c: a meeting as it runs — who joined its room (the
 * attendance the minutes count beside present+).
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "store_private.h"

enum store_meeting_live_stmt {
	STMT_JOIN = STORE_STMT_FIRST(STORE_MODULE_MEETING_LIVE),
	STMT_ATTENDEES,
	STMT_MEETING_LIVE_END
};

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
