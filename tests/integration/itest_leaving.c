/*
 * itest_leaving.c: a client that pipelines requests and goes. Once it has
 * gone for good (its channel closed and the connection ended, or the
 * connection reset) nobody can read an answer, so the requests it sent
 * that the daemon had not yet carried out are dropped, none stored; one
 * that only ends its input (`ssh host < file`) gets every answer. The
 * daemon is stopped (SIGSTOP) while the client sends, so every request is
 * still unread, in the socket, when it looks again.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define ROOM		"region:north-east"
/*
 * Requests sent while the daemon is stopped: they and the client's goodbye
 * must all fit in the daemon's socket buffer (some 130 KiB on loopback,
 * counted with the kernel's overhead of two small SSH packets a request),
 * so that none is left in the client's.
 */
#define PIPELINED	60

static const char *const leaving_daemon_args[] = {
	"--post-burst", "10000", "--post-rate", "10000", NULL
};

struct leaving_world {
	struct itest_server	*srv;
	const struct itest_user	*asha;	/* looks afterwards */
	const struct itest_user	*ben;	/* pipelines and goes */
};

static struct leaving_world world;

static int
leaving_setup(void **state)
{
	world.srv = itest_server_new(leaving_daemon_args);
	world.asha = itest_user_add(world.srv, "asha", "north-east", NULL);
	world.ben = itest_user_add(world.srv, "ben", "north-east", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
leaving_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* The newest message in the room now: what comes after it is the test's. */
static json_int_t
room_newest(struct leaving_world *w)
{
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	json_int_t newest = itest_get_int(itest_post(asha, ROOM, "marker"), "id");

	itest_close(asha);
	return newest;
}

/* ben logs in, then pipelines PIPELINED posts while the daemon is stopped. */
static struct itest_client *
ben_pipelines(struct leaving_world *w, const char *what)
{
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	char body[80];

	itest_assert_alive(ben);
	itest_server_freeze(w->srv);
	for (int k = 0; k < PIPELINED; k++) {
		snprintf(body, sizeof body, "%s, number %d", what, k);
		itest_send(ben, "room.send", json_pack("{s:s, s:s}", "room", ROOM,
		    "body", body));
	}
	return ben;
}

/* How many of ben's posts after newest are stored, as asha reads the room. */
static size_t
bens_stored(struct leaving_world *w, json_int_t newest)
{
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	json_t *all = itest_history_since(asha, ROOM, newest);
	size_t i, n = 0;
	json_t *m;

	json_array_foreach(all, i, m)
		n += strcmp(itest_get_str(m, "from"), "ben") == 0;
	json_decref(all);
	itest_close(asha);
	return n;
}

/*
 * ben pipelines 60 posts and leaves (EOF, channel close, disconnect) before
 * the daemon has read any: none is stored, and the log says so. Before,
 * the daemon read its way through all 60 after ben had gone, storing and
 * fanning out every one.
 */
static void
requests_a_client_left_behind_unread_are_not_carried_out(void **state)
{
	struct leaving_world *w = *state;
	json_int_t newest = room_newest(w);
	char line[80];
	size_t logged;
	struct itest_client *ben;

	snprintf(line, sizeof line, "; %d requests it sent were not carried out",
	    PIPELINED);
	logged = itest_server_log_count(w->srv, line);
	ben = ben_pipelines(w, "sent before leaving");
	itest_close(ben);
	itest_server_thaw(w->srv);
	assert_int_equal(bens_stored(w, newest), 0);
	assert_int_equal(itest_server_log_count(w->srv, line), logged + 1);
	itest_server_assert_running(w->srv);
}

/*
 * The same when ben's connection is reset rather than closed: the daemon
 * reads what the reset left of his requests (the kernel drops the rest)
 * and runs none. Before, it ran those it read.
 */
static void
requests_of_a_connection_reset_before_they_ran_are_not_carried_out(void **state)
{
	struct leaving_world *w = *state;
	json_int_t newest = room_newest(w);
	struct itest_client *ben = ben_pipelines(w, "sent before a reset");

	itest_reset(ben);
	itest_server_thaw(w->srv);
	assert_int_equal(bens_stored(w, newest), 0);
	itest_server_assert_running(w->srv);
}

/*
 * ben pipelines 60 posts and ends his input (SSH EOF: `ssh host < file`),
 * still reading: every post is answered, in order, and stored; then the
 * daemon closes the channel.
 */
static void
a_client_that_only_ends_its_input_gets_every_answer(void **state)
{
	struct leaving_world *w = *state;
	json_int_t newest = room_newest(w), prev = 0, id;
	struct itest_client *ben = ben_pipelines(w, "sent before EOF");

	itest_send_eof(ben);
	itest_server_thaw(w->srv);
	for (int k = 0; k < PIPELINED; k++) {
		const json_t *reply = itest_next_reply(ben);

		itest_assert_ok(reply);
		id = itest_get_int(reply, "msg.id");
		assert_true(id > prev);
		prev = id;
	}
	itest_wait_closed(ben);
	itest_close(ben);
	assert_int_equal(bens_stored(w, newest), PIPELINED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(requests_a_client_left_behind_unread_are_not_carried_out),
		cmocka_unit_test(requests_of_a_connection_reset_before_they_ran_are_not_carried_out),
		cmocka_unit_test(a_client_that_only_ends_its_input_gets_every_answer),
	};

	itest_init();
	return (itest_finish(cmocka_run_group_tests_name("leaving", tests,
	    leaving_setup, leaving_teardown)));
}
