/*
 * itest_guard.c: the pupil-data guard in the running daemon, over real SSH.
 * A UPN in a region room is refused and goes nowhere; a DM's rule lets the
 * author confirm; a board refuses an NHS number, and a board set to confirm
 * marks the posts confirmed past it; ordinary SENCO talk passes; an
 * operator's staffroomctl guard set takes effect without a restart.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define GUARD_UPN_LINE	"Please check L201234567890 before Friday"
#define GUARD_NHS_LINE	"NHS number 943 476 5919 on the letter"
#define GUARD_SENCO_LINE "EHCP review 14/03/2027 at 10:30, room 12, call " \
	"01632 960123; the 20-week deadline is 14/03/2027"

static const char *const guard_daemon_args[] = {
	"--post-burst", "1000", "--post-rate", "1000", NULL
};

struct guard_world {
	struct itest_server	*srv;
	const struct itest_user	*asha, *ben;
};

static struct guard_world world;

static int
guard_setup(void **state)
{
	world.srv = itest_server_new(guard_daemon_args);
	world.asha = itest_user_add(world.srv, "asha", "london", NULL);
	world.ben = itest_user_add(world.srv, "ben", "london", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
guard_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static const json_t *
send_to(struct itest_client *c, const char *room, const char *body, bool confirm)
{
	json_t *f = json_pack("{s:s, s:s}", "room", room, "body", body);

	if (confirm)
		json_object_set_new(f, "confirm_personal_data", json_true());
	return itest_call(c, "room.send", f);
}

static size_t
history_size(struct itest_client *c, const char *room)
{
	return json_array_size(itest_get(itest_history(c, room, 0, 0), "msgs"));
}

static void
assert_guard_refusal(const json_t *reply, const char *kind, bool confirmable)
{
	const json_t *kinds;

	itest_assert_error(reply, "personal_data_suspected");
	kinds = itest_get(reply, "error.kinds");
	assert_int_equal(json_array_size(kinds), 1);
	assert_string_equal(json_string_value(json_array_get(kinds, 0)), kind);
	assert_int_equal(itest_get_bool(reply, "error.confirmable"), confirmable);
	/* The message says what it looked like, never the text itself. */
	assert_null(strstr(itest_get_str(reply, "error.message"), "201234567890"));
	assert_null(strstr(itest_get_str(reply, "error.message"), "476"));
}

static void
a_upn_in_a_region_room_is_refused_and_goes_nowhere(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	size_t before = history_size(ben, "region:london");

	assert_guard_refusal(send_to(asha, "region:london", GUARD_UPN_LINE,
	    false), "upn", false);
	/* Confirming does not help where the rule is block. */
	assert_guard_refusal(send_to(asha, "region:london", GUARD_UPN_LINE,
	    true), "upn", false);
	assert_int_equal(history_size(ben, "region:london"), before);
	/* A later message is the next thing ben sees: nothing came before it. */
	itest_post(asha, "region:london", "after the refusal");
	assert_string_equal(itest_get_str(itest_wait_msg_from(ben, "asha"),
	    "body"), "after the refusal");
	assert_int_equal(itest_unclaimed_events(ben, "msg"), 0);
	assert_int_equal(itest_server_log_count(w->srv, "201234567890"), 0);
	itest_close(asha);
	itest_close(ben);
}

static bool
marked(const json_t *msg)
{
	assert_non_null(msg);
	return json_is_true(itest_find(msg, "personal_data"));
}

static void
a_dm_refuses_until_the_author_confirms(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	const char *room;
	const json_t *reply;
	json_t *sync;
	json_int_t id, plain;
	size_t before;

	room = itest_get_str(itest_call_ok(asha, "dm.open",
	    json_pack("{s:s}", "with", "ben")), "room.id");
	before = history_size(asha, room);
	assert_guard_refusal(send_to(asha, room, GUARD_UPN_LINE, false), "upn",
	    true);
	assert_int_equal(history_size(asha, room), before);
	reply = send_to(asha, room, GUARD_UPN_LINE, true);
	itest_assert_ok(reply);
	assert_int_equal(history_size(asha, room), before + 1);

	/* Stored marked: in the reply, ben's event, history and sync. */
	assert_true(marked(itest_get(reply, "msg")));
	id = itest_get_int(reply, "msg.id");
	assert_true(marked(itest_wait_msg_from(ben, "asha")));
	assert_true(marked(itest_with_id(itest_get(itest_history(ben, room, 0, 0),
	    "msgs"), id)));
	sync = json_deep_copy(itest_call_ok(ben, "sync",
	    json_pack("{s:I}", "since", id - 1)));
	assert_true(marked(itest_with_id(itest_get(sync, "msgs"), id)));
	json_decref(sync);

	/* Clean text, or a confirmation nothing needed, is not marked. */
	plain = itest_get_int(send_to(asha, room, "see you at 3", true),
	    "msg.id");
	assert_false(marked(itest_with_id(itest_get(itest_history(ben, room, 0, 0),
	    "msgs"), plain)));
	/* A confirmed edit marks the message it changes. */
	reply = itest_call(asha, "msg.edit", json_pack("{s:I, s:s}", "msg",
	    plain, "body", GUARD_UPN_LINE));
	assert_guard_refusal(reply, "upn", true);
	reply = itest_call(asha, "msg.edit", json_pack("{s:I, s:s, s:b}",
	    "msg", plain, "body", GUARD_UPN_LINE, "confirm_personal_data", 1));
	itest_assert_ok(reply);
	assert_true(marked(itest_get(reply, "msg")));
	assert_true(marked(itest_with_id(itest_get(itest_history(ben, room, 0, 0),
	    "msgs"), plain)));
	itest_close(asha);
	itest_close(ben);
}

static bool
answered_ok(const json_t *reply)
{
	return itest_find(reply, "error") == NULL;
}

static bool
refused_confirmable(const json_t *reply)
{
	return itest_find(reply, "error") != NULL &&
	    itest_get_bool(reply, "error.confirmable");
}

/*
 * staffroomctl guard set SCOPE RULE, then the same request again until its
 * answer shows the running daemon took the rule (it sees the commit on its
 * watch): a bounded wait. Returns the last answer.
 */
static const json_t *
set_rule_then_call(struct guard_world *w, struct itest_client *c,
    const char *scope, const char *rule, const char *op, json_t *fields,
    bool (*taken)(const json_t *))
{
	const json_t *reply;
	int waited = 0;

	itest_ctl_ok(w->srv, NULL, NULL, 0, "guard", "set", scope, rule,
	    "--force", NULL);
	while (!taken(reply = itest_call(c, op, json_deep_copy(fields)))) {
		if (waited > itest_timeout_ms())
			fail_msg("the daemon never took the %s rule for %s",
			    rule, scope);
		nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
		waited += 20;
	}
	json_decref(fields);
	return reply;
}

/* The post id in a thread.posts answer, or NULL. */
static const json_t *
post_in(const json_t *reply, json_int_t id)
{
	const json_t *p;
	size_t i;

	json_array_foreach(itest_get(reply, "posts"), i, p) {
		if (itest_get_int(p, "id") == id)
			return p;
	}
	return NULL;
}

static void
a_post_with_an_nhs_number_is_refused_on_a_board(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	json_int_t board = itest_board_of(asha, "region:london"), thread;
	assert_guard_refusal(itest_call(asha, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", board, "title",
	    "About 943 476 5919", "body", "hello")), "nhs", false);
	assert_guard_refusal(itest_call(asha, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", board, "title", "Transition",
	    "body", GUARD_NHS_LINE)), "nhs", false);
	thread = itest_get_int(itest_call_ok(asha, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", board, "title", "Transition",
	    "body", GUARD_SENCO_LINE)), "thread.id");
	assert_guard_refusal(itest_call(asha, "post.reply",
	    json_pack("{s:I, s:s}", "thread", thread, "body", GUARD_NHS_LINE)),
	    "nhs", false);
	itest_close(asha);
}

/*
 * A board set to confirm: a post its author confirmed is stored marked, in
 * the reply, the watchers' events and the thread's posts; an edit confirmed
 * past the guard marks the post it changes; clean posts stay unmarked.
 */
static void
a_board_set_to_confirm_marks_confirmed_posts(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t board = itest_board_of(asha, "region:london");
	json_int_t thread, opening, marked_id, clean;
	const json_t *reply;
	json_t *posts;

	reply = set_rule_then_call(w, asha, "board", "confirm", "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", board, "title", "Move to "
	    "Year 7", "body", GUARD_NHS_LINE), refused_confirmable);
	assert_guard_refusal(reply, "nhs", true);
	reply = itest_call_ok(asha, "thread.create", json_pack("{s:I, s:s, "
	    "s:s, s:b}", "board", board, "title", "Move to Year 7", "body",
	    GUARD_NHS_LINE, "confirm_personal_data", 1));
	assert_true(marked(itest_get(reply, "post")));
	thread = itest_get_int(reply, "thread.id");
	opening = itest_get_int(reply, "post.id");
	itest_call_ok(ben, "watch", json_pack("{s:I}", "thread", thread));

	reply = itest_call_ok(asha, "post.reply", json_pack("{s:I, s:s, s:b}",
	    "thread", thread, "body", GUARD_UPN_LINE, "confirm_personal_data",
	    1));
	assert_true(marked(itest_get(reply, "post")));
	marked_id = itest_get_int(reply, "post.id");
	assert_true(marked(itest_get(itest_wait_event(ben, "post"), "post")));
	/* Clean text, even sent with the confirmation, is not marked. */
	reply = itest_call_ok(asha, "post.reply", json_pack("{s:I, s:s, s:b}",
	    "thread", thread, "body", "see you at 3", "confirm_personal_data",
	    1));
	clean = itest_get_int(reply, "post.id");
	assert_null(itest_find(itest_get(reply, "post"), "personal_data"));
	itest_wait_event(ben, "post");

	posts = json_deep_copy(itest_call_ok(ben, "thread.posts",
	    json_pack("{s:I}", "thread", thread)));
	assert_true(marked(post_in(posts, opening)));
	assert_true(marked(post_in(posts, marked_id)));
	assert_null(itest_find(post_in(posts, clean), "personal_data"));
	json_decref(posts);

	/* An edit is asked too, and a confirmed one marks the post. */
	assert_guard_refusal(itest_call(asha, "post.edit", json_pack("{s:I, "
	    "s:s}", "post", clean, "body", GUARD_UPN_LINE)), "upn", true);
	reply = itest_call_ok(asha, "post.edit", json_pack("{s:I, s:s, s:b}",
	    "post", clean, "body", GUARD_UPN_LINE, "confirm_personal_data", 1));
	assert_true(marked(itest_get(reply, "post")));
	assert_true(marked(itest_get(itest_wait_event(ben, "post.edit"),
	    "post")));
	/* And a later clean edit never takes the mark away. */
	reply = itest_call_ok(asha, "post.edit", json_pack("{s:I, s:s}",
	    "post", clean, "body", "see you at 4"));
	assert_true(marked(itest_get(reply, "post")));

	itest_ctl_ok(w->srv, NULL, NULL, 0, "guard", "set", "board", "block",
	    NULL);
	itest_close(asha);
	itest_close(ben);
}

static void
ordinary_senco_talk_passes(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	json_int_t id;

	id = itest_get_int(itest_post(asha, "region:london", GUARD_SENCO_LINE),
	    "id");
	/* An edit is guarded as the message was. */
	assert_guard_refusal(itest_call(asha, "msg.edit",
	    json_pack("{s:I, s:s}", "msg", id, "body", GUARD_UPN_LINE)), "upn",
	    false);
	itest_close(asha);
}

/*
 * Every other field of user text people read beyond one room: a bio, a
 * name, a report's or a moderator's reason, a request's note, a buddy
 * chat's name. Refused under the national rule (block), stored nowhere.
 */
static void
every_other_text_field_is_guarded(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	const char *buddy;
	json_int_t msg;
	json_t *calls;
	const json_t *call;
	size_t i;

	msg = itest_get_int(itest_post(ben, "region:london", "report me"),
	    "id");
	buddy = itest_get_str(itest_call_ok(asha, "buddy.create",
	    json_pack("{s:s, s:[s]}", "name", "Transition group", "members",
	    "ben")), "room.id");
	calls = json_pack("[[s, {s:s}], [s, {s:s}], [s, {s:s, s:[s]}],"
	    " [s, {s:s, s:s}], [s, {s:s, s:s}], [s, {s:I, s:s}],"
	    " [s, {s:I, s:s}], [s, {s:I, s:s, s:s}]]",
	    "profile.set", "bio", GUARD_UPN_LINE,
	    "profile.set", "name", "Ann L201234567890",
	    "buddy.create", "name", GUARD_UPN_LINE, "members", "ben",
	    "room.rename", "room", buddy, "name", GUARD_UPN_LINE,
	    "buddy.request", "handle", "ben", "note", GUARD_UPN_LINE,
	    "msg.report", "msg", (json_int_t)msg, "reason", GUARD_UPN_LINE,
	    "post.report", "post", (json_int_t)1, "reason", GUARD_UPN_LINE,
	    "mod.resolve", "entry", (json_int_t)1, "action", "dismiss",
	    "reason", GUARD_UPN_LINE);
	assert_non_null(calls);
	json_array_foreach(calls, i, call) {
		assert_guard_refusal(itest_call(asha,
		    json_string_value(json_array_get(call, 0)),
		    json_incref(json_array_get(call, 1))), "upn", false);
	}
	json_decref(calls);
	assert_null(itest_find(itest_call_ok(asha, "profile.get", NULL),
	    "profile.bio"));
	/* Ordinary text in the same fields passes. */
	itest_call_ok(asha, "profile.set", json_pack("{s:s}", "bio",
	    GUARD_SENCO_LINE));
	itest_call_ok(asha, "room.rename", json_pack("{s:s, s:s}", "room",
	    buddy, "name", "Year 6 to 7, room 12"));
	itest_call_ok(asha, "msg.report", json_pack("{s:I, s:s}", "msg", msg,
	    "reason", "names a pupil's school and year group"));
	assert_int_equal(itest_server_log_count(w->srv, "201234567890"), 0);
	itest_close(asha);
	itest_close(ben);
}

static void
staffroomctl_guard_set_takes_effect_in_the_running_daemon(void **state)
{
	struct guard_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);

	assert_guard_refusal(send_to(asha, "region:london", GUARD_UPN_LINE,
	    false), "upn", false);
	set_rule_then_call(w, asha, "region", "off", "room.send",
	    json_pack("{s:s, s:s}", "room", "region:london", "body",
	    GUARD_UPN_LINE), answered_ok);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "guard", "set", "region", "block",
	    NULL);
	itest_close(asha);
}

static void
the_guard_off_option_lets_pupil_data_through(void **state)
{
	static const char *const off_args[] = { "--guard", "off", NULL };
	struct itest_server *srv = itest_server_new(off_args);
	const struct itest_user *cara = itest_user_add(srv, "cara", "london",
	    NULL);
	struct itest_client *c;

	(void)state;
	itest_server_start(srv);
	c = itest_login_user(srv, cara);
	itest_assert_ok(send_to(c, "region:london", GUARD_UPN_LINE, false));
	assert_int_equal(itest_server_log_count(srv, "--guard off"), 1);
	itest_close(c);
	itest_server_free(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_upn_in_a_region_room_is_refused_and_goes_nowhere),
		cmocka_unit_test(a_dm_refuses_until_the_author_confirms),
		cmocka_unit_test(a_post_with_an_nhs_number_is_refused_on_a_board),
		cmocka_unit_test(a_board_set_to_confirm_marks_confirmed_posts),
		cmocka_unit_test(ordinary_senco_talk_passes),
		cmocka_unit_test(every_other_text_field_is_guarded),
		cmocka_unit_test(staffroomctl_guard_set_takes_effect_in_the_running_daemon),
		cmocka_unit_test(the_guard_off_option_lets_pupil_data_through),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, guard_setup,
	    guard_teardown));
}
