/*
 * itest_meeting_floor.c: the floor of a live meeting over real SSH — the
 * speaker queue (q+, q-, q? typed in the room, a chair's queue.ack, who has
 * the floor told to late joiners, cleared per agenda item) and votes (a chair's #vote line, vote.cast, vote.close,
 * named and anonymous, results in the minutes), with who may do what, and
 * an anonymous vote's secrecy checked in the database itself.
 *
 * asha chairs the series (her trust, Oak, is in it); ben and dan are Oak
 * members; obi observes; eve is outside.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

struct floor_world {
	struct itest_server	*srv;
	struct itest_client	*asha, *ben, *dan, *obi, *eve;
	const struct itest_user	*users[5];	/* asha, ben, dan, obi, eve */
	json_int_t		 series;
};

static struct floor_world world;

static int
floor_setup(void **state)
{
	struct floor_world *w = &world;
	char oak[64];
	const char *handles[] = { "asha", "ben", "dan", "obi", "eve" };
	const struct itest_user **u = w->users;
	size_t i;

	w->srv = itest_server_new(NULL);
	itest_trust_add(w->srv, "Oak MAT", "london", oak, sizeof oak);
	for (i = 0; i < 5; i++) {
		u[i] = itest_user_add(w->srv, handles[i], "london", NULL);
		if (i < 3)
			itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member",
			    handles[i], oak, NULL);
	}
	itest_server_start(w->srv);
	w->asha = itest_login_user(w->srv, u[0]);
	w->ben = itest_login_user(w->srv, u[1]);
	w->dan = itest_login_user(w->srv, u[2]);
	w->obi = itest_login_user(w->srv, u[3]);
	w->eve = itest_login_user(w->srv, u[4]);
	w->series = itest_get_int(itest_call_ok(w->asha, "series.create",
	    json_pack("{s:s, s:b}", "name", "Oak SENCOs", "trust", 1)),
	    "series.id");
	itest_call_ok(w->asha, "series.invite", json_pack("{s:I, s:s, s:s}",
	    "series", w->series, "handle", "obi", "role", "observer"));
	itest_call_ok(w->obi, "series.accept", json_pack("{s:I}", "series",
	    w->series));
	*state = w;
	return 0;
}

static int
floor_teardown(void **state)
{
	(void)state;
	itest_server_free(world.srv);
	return 0;
}

/* A live meeting of two items, its room "meeting:<id>" in room. */
static json_int_t
live_meeting(struct floor_world *w, const char *title, char *room, size_t size)
{
	json_int_t m;

	m = itest_get_int(itest_call_ok(w->asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s, s:[{s:s}, {s:s}]}", "series", w->series, "title",
	    title, "start", "2027-05-06 16:00", "agenda", "title", "Transport",
	    "title", "Training")), "meeting.id");
	itest_call_ok(w->asha, "meeting.start", json_pack("{s:I}", "meeting", m));
	itest_call_ok(w->asha, "agenda.next", json_pack("{s:I}", "meeting", m));
	snprintf(room, size, "meeting:%lld", (long long)m);
	return m;
}

static const json_t *
queue_of(struct itest_client *c, json_int_t m)
{
	return itest_get(itest_call_ok(c, "meeting.get", json_pack("{s:I}",
	    "meeting", m)), "queue");
}

static void
the_queue_is_asked_for_acked_and_cleared_per_item(void **state)
{
	struct floor_world *w = *state;
	char room[40];
	json_int_t m = live_meeting(w, "Queue", room, sizeof room);
	const json_t *q, *ev, *reply;

	itest_post(w->ben, room, "q+ to ask about taxis");
	itest_post(w->dan, room, "q+");
	itest_post(w->asha, room, "q+ chair's point");
	itest_post(w->ben, room, "q+ about taxis and buses");	/* keeps his place */
	q = queue_of(w->dan, m);
	assert_int_equal(json_array_size(q), 3);
	assert_string_equal(itest_get_str(q, "0.handle"), "ben");
	assert_string_equal(itest_get_str(q, "0.note"), "about taxis and buses");
	assert_string_equal(itest_get_str(q, "1.handle"), "dan");
	itest_post(w->dan, room, "q-");
	itest_post(w->dan, room, "q?");
	assert_int_equal(json_array_size(queue_of(w->ben, m)), 2);
	/* Observers and outsiders do not queue; only chairs give the floor. */
	itest_call_error(w->obi, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "q+"), "forbidden");
	itest_call_error(w->eve, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "q+"), "forbidden");
	itest_call_error(w->ben, "queue.ack", json_pack("{s:I}", "meeting", m),
	    "forbidden");
	itest_call_error(w->eve, "queue.ack", json_pack("{s:I}", "meeting", m),
	    "not_found");
	itest_call_error(w->asha, "queue.ack", json_pack("{s:I, s:s}", "meeting", m,
	    "handle", "eve"), "bad_request");
	assert_int_equal(json_array_size(queue_of(w->ben, m)), 2);
	/* The first in the queue gets the floor, and everyone is told. */
	assert_string_equal(itest_get_str(itest_call_ok(w->asha, "queue.ack",
	    json_pack("{s:I}", "meeting", m)), "floor"), "ben");
	do
		ev = itest_wait_event(w->dan, "queue");
	while (itest_find(ev, "floor") == NULL);
	assert_string_equal(itest_get_str(ev, "floor.handle"), "ben");
	assert_string_equal(itest_get_str(ev, "queue.0.handle"), "asha");
	/* Who has it is kept: someone who opens the room later is told. */
	reply = itest_call_ok(w->dan, "meeting.join", json_pack("{s:I}",
	    "meeting", m));
	assert_string_equal(itest_get_str(reply, "floor.handle"), "ben");
	assert_string_equal(itest_get_str(reply, "floor.by"), "asha");
	itest_call_ok(w->asha, "queue.ack", json_pack("{s:I, s:s}", "meeting", m,
	    "handle", "dan"));
	assert_string_equal(itest_get_str(itest_call_ok(w->obi, "meeting.get",
	    json_pack("{s:I}", "meeting", m)), "floor.handle"), "dan");
	/* A new item starts with an empty queue, and nobody has the floor. */
	itest_call_ok(w->asha, "agenda.next", json_pack("{s:I}", "meeting", m));
	assert_int_equal(json_array_size(queue_of(w->ben, m)), 0);
	assert_null(itest_find(itest_call_ok(w->ben, "meeting.get",
	    json_pack("{s:I}", "meeting", m)), "floor"));
	itest_call_error(w->asha, "queue.ack", json_pack("{s:I}", "meeting", m),
	    "bad_request");
	itest_call_ok(w->asha, "meeting.end", json_pack("{s:I}", "meeting", m));
}

static json_int_t
open_vote(struct floor_world *w, const char *room, const char *line)
{
	const json_t *ev;

	itest_post(w->asha, room, line);
	ev = itest_wait_event(w->ben, "vote");
	assert_string_equal(itest_get_str(ev, "vote.state"), "open");
	return itest_get_int(ev, "vote.id");
}

static const json_t *
cast(struct itest_client *c, json_int_t vote, int option)
{
	return itest_call_ok(c, "vote.cast", json_pack("{s:I, s:i}", "vote", vote,
	    "option", option));
}

/* The rows of a query on the daemon's database, one a line, into out. */
static void
db_query(struct floor_world *w, const char *sql, char *out, size_t size)
{
	char cmd[8192];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof cmd, "sqlite3 -readonly '%s/staffroom.db' \"%s\"",
	    itest_server_state_dir(w->srv), sql);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	pclose(p);
}

static void
votes_named_and_anonymous_from_line_to_minutes(void **state)
{
	struct floor_world *w = *state;
	char room[40], rows[4096];
	json_int_t m = live_meeting(w, "Votes", room, sizeof room);
	json_int_t named, anon;
	const json_t *reply, *parts;
	size_t i;
	bool found = false;

	/* Only chairs open votes; a malformed one is refused whole. */
	itest_call_error(w->ben, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "#vote Mine? | yes | no"), "forbidden");
	reply = itest_call_error(w->asha, "room.send", json_pack("{s:s, s:s}",
	    "room", room, "body", "#vote Which one? | only"), "bad_request");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "at least 2 options"));
	named = open_vote(w, room, "#vote Which template? | LA's | Ours");
	anon = open_vote(w, room, "#vote anonymous Adopt the policy? | Yes | No "
	    "| Abstain");

	/* Named: counts and names as people vote, and a change of mind. */
	cast(w->ben, named, 1);
	cast(w->dan, named, 1);
	reply = cast(w->ben, named, 2);
	assert_int_equal(itest_get_int(reply, "vote.options.0.count"), 1);
	assert_string_equal(itest_get_str(reply, "vote.options.1.voters.0"), "ben");
	itest_call_error(w->obi, "vote.cast", json_pack("{s:I, s:i}", "vote", named,
	    "option", 1), "forbidden");
	itest_call_error(w->eve, "vote.cast", json_pack("{s:I, s:i}", "vote", named,
	    "option", 1), "not_found");
	itest_call_error(w->dan, "vote.cast", json_pack("{s:I, s:i}", "vote", named,
	    "option", 3), "bad_request");

	/* Anonymous: no counts while open, and no second vote. */
	reply = cast(w->dan, anon, 2);
	assert_int_equal(itest_get_int(reply, "vote.voters"), 1);
	assert_null(itest_find(reply, "vote.options.1.count"));
	cast(w->ben, anon, 1);
	cast(w->asha, anon, 2);
	itest_call_error(w->dan, "vote.cast", json_pack("{s:I, s:i}", "vote", anon,
	    "option", 1), "bad_request");

	/* Only chairs close; a closed vote takes no more. */
	itest_call_error(w->ben, "vote.close", json_pack("{s:I}", "vote", named),
	    "forbidden");
	reply = itest_call_ok(w->asha, "vote.close", json_pack("{s:I}", "vote",
	    anon));
	assert_string_equal(itest_get_str(reply, "vote.state"), "closed");
	assert_int_equal(itest_get_int(reply, "vote.options.0.count"), 1);
	assert_int_equal(itest_get_int(reply, "vote.options.1.count"), 2);
	assert_null(itest_find(reply, "vote.options.1.voters"));
	itest_call_error(w->ben, "vote.cast", json_pack("{s:I, s:i}", "vote", anon,
	    "option", 3), "bad_request");

	/* Its result is a record, counts only, which nobody corrects or strikes. */
	assert_string_equal(itest_get_str(reply, "record.kind"), "vote");
	assert_int_equal(itest_get_int(reply, "record.vote"), anon);
	assert_string_equal(itest_get_str(reply, "record.by"), "asha");
	assert_string_equal(itest_get_str(reply, "record.text"), "Adopt the "
	    "policy? (anonymous vote, 3 voted): Yes 1, No 2, Abstain 0");
	assert_string_equal(itest_get_str(itest_wait_event(w->ben, "record"),
	    "record.text"), itest_get_str(reply, "record.text"));
	itest_call_error(w->asha, "record.strike", json_pack("{s:I}", "record",
	    itest_get_int(reply, "record.id")), "bad_request");
	itest_call_error(w->asha, "record.edit", json_pack("{s:I, s:s}", "record",
	    itest_get_int(reply, "record.id"), "body", "#info Yes 3"),
	    "bad_request");

	/*
	 * In the database: who voted, without choice, time or order; the
	 * choices only as counters; nothing of the anonymous vote elsewhere.
	 */
	db_query(w, "SELECT group_concat(name, ',') FROM pragma_table_info("
	    "'vote_voters')", rows, sizeof rows);
	assert_string_equal(rows, "vote_id,user_id\n");
	db_query(w, "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master"
	    " WHERE name = 'vote_voters'", rows, sizeof rows);
	assert_string_equal(rows, "1\n");
	{
		char sql[256];

		snprintf(sql, sizeof sql, "SELECT count(*) FROM vote_choices"
		    " WHERE vote_id = %lld", (long long)anon);
		db_query(w, sql, rows, sizeof rows);
		assert_string_equal(rows, "0\n");
		snprintf(sql, sizeof sql, "SELECT group_concat(count, ',') FROM"
		    " (SELECT count FROM vote_options WHERE vote_id = %lld"
		    " ORDER BY n)", (long long)anon);
		db_query(w, sql, rows, sizeof rows);
		assert_string_equal(rows, "1,2,0\n");
	}

	/* The end closes the named vote; the minutes give both results. */
	itest_call_ok(w->asha, "meeting.end", json_pack("{s:I}", "meeting", m));
	parts = itest_get(itest_call_ok(w->obi, "meeting.minutes", json_pack(
	    "{s:I}", "meeting", m)), "parts");
	for (i = 0; i < json_array_size(parts); i++) {
		const char *t = itest_get_str(json_array_get(parts, i), "text");

		if (strstr(t, "**Votes**") == NULL)
			continue;
		found = true;
		assert_non_null(strstr(t, "- Which template? (named vote, 2 "
		    "voted): LA's 1 (dan), Ours 1 (ben)\n"));
		assert_non_null(strstr(t, "- Adopt the policy? (anonymous vote, 3 "
		    "voted): Yes 1, No 2, Abstain 0\n"));
	}
	assert_true(found);
	itest_call_error(w->ben, "vote.cast", json_pack("{s:I, s:i}", "vote",
	    named, "option", 1), "bad_request");

	/* Both results are in the meeting's records, names for the named one. */
	reply = itest_call_ok(w->obi, "meeting.get", json_pack("{s:I}", "meeting",
	    m));
	found = false;
	for (i = 0; i < json_array_size(itest_get(reply, "records")); i++) {
		const json_t *r = json_array_get(itest_get(reply, "records"), i);

		if (strcmp(itest_get_str(r, "kind"), "vote") != 0 ||
		    itest_get_int(r, "vote") != named)
			continue;
		found = true;
		assert_string_equal(itest_get_str(r, "text"), "Which template? "
		    "(named vote, 2 voted): LA's 1 (dan), Ours 1 (ben)");
	}
	assert_true(found);
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM records"
	    " WHERE vote_id IS NOT NULL"), 2);
}

/* The next reminder c gets, as "<meeting id> <soon|start>" in buf. */
static const json_t *
next_reminder(struct itest_client *c, char *buf, size_t size)
{
	const json_t *ev;

	do
		ev = itest_wait_event(c, "meeting");
	while (itest_find(ev, "reminder") == NULL);
	snprintf(buf, size, "%lld %s", (long long)itest_get_int(ev, "meeting.id"),
	    itest_get_str(ev, "reminder"));
	return ev;
}

/*
 * Reminders with the settable clock: the daemon restarts 20 seconds before
 * 15:45 on a winter day; a meeting at 16:00 is reminded "soon" at 15:45, one
 * at 15:45 "start" then. Its people hear; nobody else does.
 */
static void
reminders_come_15_minutes_before_and_at_the_start(void **state)
{
	struct floor_world *w = *state;
	json_int_t four, quarter;
	struct timespec now;
	char offset[32], got[64], want[2][64];
	const char *args[] = { "--test-clock-offset", offset, NULL };
	/* 2030-01-10 15:44:40 UTC (GMT: UK time is UTC). */
	const long long restart_s = 1894290280;

	four = itest_get_int(itest_call_ok(w->asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s}", "series", w->series, "title", "Four o'clock",
	    "start", "2030-01-10 16:00")), "meeting.id");
	quarter = itest_get_int(itest_call_ok(w->asha, "meeting.create",
	    json_pack("{s:I, s:s, s:s}", "series", w->series, "title",
	    "Quarter to", "start", "2030-01-10 15:45")), "meeting.id");
	itest_close(w->asha);
	itest_close(w->ben);
	itest_close(w->dan);
	itest_close(w->obi);
	itest_close(w->eve);
	itest_server_stop(w->srv);
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(offset, sizeof offset, "%llds", restart_s -
	    (long long)now.tv_sec);
	itest_server_add_args(w->srv, args);
	itest_server_start(w->srv);
	w->ben = itest_login_user(w->srv, w->users[1]);
	w->obi = itest_login_user(w->srv, w->users[3]);
	w->eve = itest_login_user(w->srv, w->users[4]);
	snprintf(want[0], sizeof want[0], "%lld start", (long long)quarter);
	snprintf(want[1], sizeof want[1], "%lld soon", (long long)four);
	/* Soonest meeting first; each once. */
	next_reminder(w->ben, got, sizeof got);
	assert_string_equal(got, want[0]);
	assert_string_equal(itest_get_str(next_reminder(w->ben, got, sizeof got),
	    "meeting.start_local"), "2030-01-10 16:00 GMT");
	assert_string_equal(got, want[1]);
	next_reminder(w->obi, got, sizeof got);
	assert_string_equal(got, want[0]);
	itest_call_ok(w->eve, "rooms.list", NULL);
	assert_int_equal(itest_unclaimed_events(w->eve, "meeting"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_queue_is_asked_for_acked_and_cleared_per_item),
		cmocka_unit_test(votes_named_and_anonymous_from_line_to_minutes),
		cmocka_unit_test(reminders_come_15_minutes_before_and_at_the_start),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_meeting_floor", tests,
	    floor_setup, floor_teardown);
	return itest_finish(failures);
}
