/*
 * itest_slow.c: a reader that stops reading costs the daemon bounded memory
 * and nobody else anything. A session that falls behind on live events is
 * told to resync and loses nothing once it does; a session that keeps asking
 * and never reads is closed; the daemon and everyone else carry on.
 */
#include <string.h>

#include "harness.h"

#define ROOM		"region:north-east"
/*
 * Enough bytes to fill the idle reader's SSH window, the loopback socket
 * buffers and the daemon's soft output limit several times over.
 */
#define FLOOD_COUNT	600
#define FLOOD_BODY	7000
#define FLOOD_WINDOW	32
#define GREEDY_ASKS	400
/* Pages asked for without reading: far past 2 MiB, under PROTO_MAX_WAITING. */
#define WAITING_ASKS	60
/* An overload: a crowd in one room, each sending far faster than it reads. */
#define CROWD		50
#define CROWD_BURST	20
#define CROWD_BODY	1500

static const char *const slow_daemon_args[] = {
	"--post-burst", "10000", "--post-rate", "10000", NULL
};

struct slow_world {
	struct itest_server	*srv;
	const struct itest_user	*asha;	/* posts */
	const struct itest_user	*ben;	/* stops reading */
};

static struct slow_world world;

static int
slow_setup(void **state)
{
	world.srv = itest_server_new(slow_daemon_args);
	world.asha = itest_user_add(world.srv, "asha", "north-east", NULL);
	world.ben = itest_user_add(world.srv, "ben", "north-east", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
slow_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/*
 * Posts FLOOD_COUNT large messages, FLOOD_WINDOW at a time (a sender that
 * reads its replies), and returns the id of the first; asserts every one was
 * acknowledged, in order.
 */
static json_int_t
flood(struct itest_client *c)
{
	static char	 body[FLOOD_BODY + 1];
	json_int_t	 ids[FLOOD_WINDOW], first = 0, prev = 0, id;
	size_t		 sent, i, n;

	memset(body, 'x', FLOOD_BODY);
	for (sent = 0; sent < FLOOD_COUNT; sent += n) {
		n = FLOOD_COUNT - sent < FLOOD_WINDOW ?
		    FLOOD_COUNT - sent : FLOOD_WINDOW;
		for (i = 0; i < n; i++)
			ids[i] = itest_send(c, "room.send",
			    json_pack("{s:s, s:s}", "room", ROOM, "body", body));
		for (i = 0; i < n; i++) {
			const json_t *reply = itest_wait_reply(c, ids[i]);

			itest_assert_ok(reply);
			id = itest_get_int(reply, "msg.id");
			assert_true(id > prev);
			if (first == 0)
				first = id;
			prev = id;
		}
	}
	return (first);
}

static void
a_reader_that_falls_behind_is_told_to_resync_and_sync_recovers_everything(void **state)
{
	struct slow_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	json_int_t first, since = 0, expect;
	const json_t *page;
	size_t i;
	int pages = 0;

	/* ben reads nothing while asha floods the room. */
	first = flood(asha);
	itest_assert_alive(asha);

	itest_wait_event(ben, "resync");
	expect = first;
	do {
		const json_t *msgs;

		page = itest_call_ok(ben, "sync",
		    json_pack("{s:I}", "since", since));
		msgs = itest_get(page, "msgs");
		for (i = 0; i < json_array_size(msgs); i++) {
			const json_t *m = json_array_get(msgs, i);

			assert_int_equal(itest_get_int(m, "id"), expect);
			assert_int_equal(strlen(itest_get_str(m, "body")), FLOOD_BODY);
			expect++;
		}
		since = itest_get_int(page, "last_id");
		assert_true(++pages <= FLOOD_COUNT);
	} while (itest_get_bool(page, "more"));
	assert_int_equal(expect, first + FLOOD_COUNT);

	/*
	 * Live events resume after the sync. The events ben received before
	 * he fell behind are still queued here: skip them, and they must be
	 * fewer than the flood, or the daemon held the whole flood for him.
	 */
	itest_post(asha, ROOM, "are you back?");
	for (i = 0;; i++) {
		const json_t *m = itest_wait_msg_from(ben, "asha");

		if (strcmp(itest_get_str(m, "body"), "are you back?") == 0)
			break;
		assert_true(i < FLOOD_COUNT);
	}
	itest_close(asha);
	itest_close(ben);
	itest_server_assert_running(w->srv);
}

static void
a_session_that_asks_and_never_reads_is_told_too_slow_and_closed_and_nobody_else_notices(void **state)
{
	struct slow_world *w = *state;
	struct itest_client *greedy = itest_login_user(w->srv, w->ben);
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	int i;

	/* Each history page of large messages is far bigger than the socket. */
	for (i = 0; i < GREEDY_ASKS; i++)
		itest_send(greedy, "room.history",
		    json_pack("{s:s, s:i}", "room", ROOM, "limit", 200));
	itest_wait_closed(greedy);
	/* The last line it was sent says why, past the output limit or not. */
	assert_string_equal(itest_get_str(itest_wait_event(greedy, "bye"), "reason"),
	    "too_slow");
	itest_close(greedy);

	itest_server_assert_running(w->srv);
	itest_assert_alive(asha);
	itest_post(asha, ROOM, "still here");
	itest_close(asha);
}

/*
 * A session that stops reading while its requests are under way: past the
 * soft limit of unread output the daemon runs no more of them (they wait,
 * unread, costing nothing), and runs them in order as it reads again. Before,
 * it went on carrying them out into its queue until the hard limit closed
 * the session, however few it had asked.
 */
static void
requests_sent_while_not_reading_wait_and_are_all_answered_once_it_reads(void **state)
{
	struct slow_world *w = *state;
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t ids[WAITING_ASKS], last;
	const json_t *reply;
	int i;

	/* Each page is some 256 KiB of test 1's flood: 15 MiB in all. */
	for (i = 0; i < WAITING_ASKS; i++)
		ids[i] = itest_send(ben, "room.history",
		    json_pack("{s:s, s:i}", "room", ROOM, "limit", 200));
	last = itest_send(ben, "room.send", json_pack("{s:s, s:s}", "room",
	    ROOM, "body", "asked while not reading"));
	for (i = 0; i < WAITING_ASKS; i++) {
		reply = itest_wait_reply(ben, ids[i]);
		itest_assert_ok(reply);
		assert_true(json_array_size(itest_get(reply, "msgs")) > 0);
	}
	itest_assert_ok(itest_wait_reply(ben, last));
	itest_assert_alive(ben);
	assert_int_equal(itest_unclaimed_events(ben, "bye"), 0);
	assert_int_equal(itest_server_log_count(w->srv, "passed the output limit"), 0);
	itest_close(ben);
}

/*
 * A crowd in one room, each posting a burst and reading nothing, so the
 * daemon has tens of thousands of events to fan out and marks readers
 * lagging; then everyone goes at once. The daemon must come out of it: take
 * a new login, answer, and stop on SIGTERM.
 */
static void
after_an_overload_ending_with_every_client_gone_the_daemon_takes_a_login_and_stops(void **state)
{
	struct slow_world *w = *state;
	struct itest_client *crowd[CROWD], *late;
	static char body[CROWD_BODY + 1];
	char handle[16];
	int i, k;

	memset(body, 'y', CROWD_BODY);
	for (i = 0; i < CROWD; i++) {
		snprintf(handle, sizeof handle, "crowd%d", i);
		crowd[i] = itest_person_online(w->srv, handle, "north-east");
	}
	for (i = 0; i < CROWD; i++)
		for (k = 0; k < CROWD_BURST; k++)
			itest_send(crowd[i], "room.send", json_pack("{s:s, s:s}",
			    "room", ROOM, "body", body));
	for (i = 0; i < CROWD; i++)
		itest_close(crowd[i]);

	itest_server_assert_running(w->srv);
	late = itest_login_user(w->srv, w->asha);
	itest_assert_alive(late);
	itest_close(late);
	/*
	 * libssh closes a socket it finds dead; events still registered on that
	 * descriptor made libevent warn, and a new connection given the same
	 * number could have waited on the old registration.
	 */
	assert_int_equal(itest_server_log_count(w->srv, "Bad file descriptor"), 0);
	itest_server_stop(w->srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_reader_that_falls_behind_is_told_to_resync_and_sync_recovers_everything),
		cmocka_unit_test(requests_sent_while_not_reading_wait_and_are_all_answered_once_it_reads),
		cmocka_unit_test(a_session_that_asks_and_never_reads_is_told_too_slow_and_closed_and_nobody_else_notices),
		cmocka_unit_test(after_an_overload_ending_with_every_client_gone_the_daemon_takes_a_login_and_stops),
	};

	itest_init();
	return (itest_finish(cmocka_run_group_tests_name("slow", tests,
	    slow_setup, slow_teardown)));
}
