/*
 * itest_join.c: joining with an invite code. A login as `join` with any
 * password opens a join session where only account.register and ping work;
 * a registration uses up the invite and the new person can log in at once.
 * `ssh -t join@host` gets the join form on a client the daemon runs: here
 * the harness's relay client stands in for it.
 */
#include <string.h>

#include "harness.h"

#define JOIN_LOGIN	"join"
#define INVITE_MAX	64

struct join_world {
	struct itest_server	*srv;
};

static struct join_world world;

static int
join_setup(void **state)
{
	const char *args[] = { "--client", itest_relay_client(), NULL };

	world.srv = itest_server_new(args);
	itest_user_add(world.srv, "asha", "north-east", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
join_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static void
invite_create(struct itest_server *srv, const char *region, char code[INVITE_MAX])
{
	itest_ctl_ok(srv, NULL, code, INVITE_MAX, "invite", "create", "--region", region, NULL);
	assert_true(strlen(code) > 0);
	assert_null(strchr(code, '\n'));
}

/* Any password opens a join session. */
static struct itest_client *
join_session(struct itest_server *srv)
{
	return itest_login(srv, JOIN_LOGIN, itest_by_password("anything at all"));
}

static json_int_t
register_with_key(struct itest_client *c, const char *code, const char *handle,
    const struct itest_key *key)
{
	return itest_send(c, "account.register", json_pack("{s:s, s:s, s:s, s:s}",
	    "code", code, "handle", handle, "name", "New Person", "pubkey", key->line));
}

static const json_t *
register_expecting_error(struct itest_server *srv, const char *code,
    const char *handle, const char *error)
{
	struct itest_client *c = join_session(srv);
	const struct itest_key *key = itest_key_new(srv, handle);
	const json_t *reply = itest_wait_reply(c, register_with_key(c, code, handle, key));

	itest_assert_error(reply, error);
	itest_assert_alive(c);
	itest_close(c);
	return reply;
}

/*
 * Registers handle with a fresh key, checks the reply names the handle and
 * the invite's region, and waits for the bye and the close.
 */
static const struct itest_key *
register_ok(struct itest_server *srv, const char *code, const char *handle,
    const char *region)
{
	struct itest_client *c = join_session(srv);
	const struct itest_key *key = itest_key_new(srv, handle);
	const json_t *reply = itest_wait_reply(c, register_with_key(c, code, handle, key));

	itest_assert_ok(reply);
	assert_string_equal(itest_get_str(reply, "handle"), handle);
	assert_string_equal(itest_get_str(reply, "region"), region);
	assert_string_equal(itest_get_str(itest_wait_event(c, "bye"), "reason"), "registered");
	itest_wait_closed(c);
	itest_close(c);
	return key;
}

static void
a_join_login_with_any_password_opens_a_join_session(void **state)
{
	struct join_world *w = *state;
	struct itest_client *c = join_session(w->srv);
	const json_t *hello = itest_hello(c);

	assert_string_equal(itest_get_str(hello, "mode"), "join");
	assert_true(json_is_null(itest_get(hello, "me")));
	itest_close(c);
}

static void
a_join_login_by_keyboard_interactive_opens_a_join_session(void **state)
{
	struct join_world *w = *state;
	struct itest_client *c = itest_login(w->srv, JOIN_LOGIN, itest_by_kbdint("whatever"));

	assert_string_equal(itest_get_str(itest_hello(c), "mode"), "join");
	itest_close(c);
}

static void
a_join_session_answers_ping_and_forbids_other_ops(void **state)
{
	struct join_world *w = *state;
	struct itest_client *c = join_session(w->srv);

	itest_assert_alive(c);
	itest_call_error(c, "rooms.list", NULL, "forbidden");
	itest_call_error(c, "room.history", json_pack("{s:s}", "room", "national"), "forbidden");
	itest_call_error(c, "room.send", json_pack("{s:s, s:s}", "room", "national",
	    "body", "hello"), "forbidden");
	itest_assert_alive(c);
	itest_close(c);
}

static void
an_invite_registers_a_new_person_who_then_logs_in_with_their_key(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];
	const struct itest_key *key;
	struct itest_client *c;

	invite_create(w->srv, "london", code);
	key = register_ok(w->srv, code, "newbie", "london");
	c = itest_login(w->srv, "newbie", itest_by_key(key));
	assert_string_equal(itest_get_str(itest_hello(c), "me.handle"), "newbie");
	assert_string_equal(itest_get_str(itest_hello(c), "me.region"), "london");
	itest_close(c);
}

static void
an_invite_works_only_once(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];

	invite_create(w->srv, "london", code);
	register_ok(w->srv, code, "first-comer", "london");
	register_expecting_error(w->srv, code, "second-comer", "invite_used");
}

/*
 * The name a newcomer gives is read by everyone: the pupil-data guard
 * refuses one carrying a UPN (national rule), and the invite stays unused.
 */
static void
a_name_with_pupil_data_is_refused_and_the_invite_kept(void **state)
{
	struct join_world *w = *state;
	struct itest_client *c = join_session(w->srv);
	const struct itest_key *key = itest_key_new(w->srv, "careful");
	char code[INVITE_MAX];
	const json_t *reply;

	invite_create(w->srv, "london", code);
	reply = itest_call_error(c, "account.register", json_pack("{s:s, s:s, "
	    "s:s, s:s}", "code", code, "handle", "careful", "name",
	    "Ann L201234567890", "pubkey", key->line),
	    "personal_data_suspected");
	assert_string_equal(json_string_value(json_array_get(itest_get(reply,
	    "error.kinds"), 0)), "upn");
	assert_false(itest_get_bool(reply, "error.confirmable"));
	assert_null(strstr(itest_get_str(reply, "error.message"), "201234567890"));
	itest_assert_alive(c);
	itest_close(c);
	assert_int_equal(itest_server_log_count(w->srv, "201234567890"), 0);
	register_ok(w->srv, code, "careful", "london");
}

static void
an_unknown_invite_code_is_refused(void **state)
{
	struct join_world *w = *state;

	register_expecting_error(w->srv, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ", "hopeful",
	    "invite_unknown");
}

/*
 * A newcomer's code is checked before their other questions: the check
 * answers as registering would, and uses nothing up.
 */
static void
an_invite_code_is_checked_before_registering(void **state)
{
	struct join_world *w = *state;
	struct itest_client *c = join_session(w->srv);
	char code[INVITE_MAX], used[INVITE_MAX];

	invite_create(w->srv, "london", code);
	invite_create(w->srv, "london", used);
	register_ok(w->srv, used, "early-bird", "london");
	itest_call_ok(c, "account.check_invite", json_pack("{s:s}", "code", code));
	itest_call_ok(c, "account.check_invite", json_pack("{s:s}", "code", code));
	itest_call_error(c, "account.check_invite", json_pack("{s:s}", "code",
	    used), "invite_used");
	itest_call_error(c, "account.check_invite", json_pack("{s:s}", "code",
	    "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ"), "invite_unknown");
	itest_call_error(c, "account.check_invite", NULL, "bad_request");
	itest_assert_alive(c);
	itest_close(c);
	register_ok(w->srv, code, "checked-first", "london");
}

static void
an_expired_invite_is_refused(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];

	invite_create(w->srv, "london", code);
	/* The invite just made is the newest row; expire it behind the daemon's back. */
	itest_sql(w->srv, "UPDATE invites SET expires_ms = 1 "
	    "WHERE rowid = (SELECT max(rowid) FROM invites)");
	register_expecting_error(w->srv, code, "too-late", "invite_expired");
}

/*
 * Expiry is decided by the daemon's clock (now_ms), which the hidden
 * --test-clock-offset moves: invites made now for one hour and for three,
 * met by a daemon two hours ahead, are expired and usable. Nothing sleeps.
 */
static void
an_invite_expires_by_the_daemons_clock(void **state)
{
	const char *args[] = { "--test-clock-offset", "2h", NULL };
	struct itest_server *srv = itest_server_new(args);
	char hour[INVITE_MAX], three[INVITE_MAX];

	(void)state;
	itest_ctl_ok(srv, NULL, hour, INVITE_MAX, "invite", "create",
	    "--region", "london", "--expires", "1h", NULL);
	itest_ctl_ok(srv, NULL, three, INVITE_MAX, "invite", "create",
	    "--region", "london", "--expires", "3h", NULL);
	itest_server_start(srv);
	register_expecting_error(srv, hour, "an-hour-late", "invite_expired");
	register_ok(srv, three, "in-time", "london");
	itest_server_free(srv);
}

static void
a_taken_handle_is_refused(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];

	invite_create(w->srv, "london", code);
	register_expecting_error(w->srv, code, "asha", "handle_taken");
}

static void
a_failed_registration_leaves_the_invite_usable(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];

	invite_create(w->srv, "london", code);
	register_expecting_error(w->srv, code, "asha", "handle_taken");
	register_ok(w->srv, code, "second-try", "london");
}

static void
a_handle_that_breaks_the_rules_is_refused(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];

	invite_create(w->srv, "london", code);
	register_expecting_error(w->srv, code, "Not A Handle", "bad_handle");
}

static void
a_name_with_a_direction_override_is_refused_with_bad_text(void **state)
{
	struct join_world *w = *state;
	struct itest_client *c = join_session(w->srv);
	const struct itest_key *key = itest_key_new(w->srv, "spoof");
	char code[INVITE_MAX];
	const json_t *reply;

	invite_create(w->srv, "london", code);
	/* "Asha " U+202E "letaP": drawn right to left, it reads as another name */
	reply = itest_call_error(c, "account.register", json_pack("{s:s, s:s, s:s, s:s}",
	    "code", code, "handle", "spoof", "name", "Asha \xe2\x80\xaeletaP",
	    "pubkey", key->line), "bad_text");
	assert_non_null(strstr(itest_get_str(reply, "error.message"), "direction"));
	itest_assert_alive(c);
	itest_close(c);
}

static void
a_registration_with_only_a_password_logs_in_with_that_password(void **state)
{
	struct join_world *w = *state;
	char code[INVITE_MAX];
	struct itest_client *c = join_session(w->srv);

	invite_create(w->srv, "south-east", code);
	itest_call_ok(c, "account.register", json_pack("{s:s, s:s, s:s, s:s}",
	    "code", code, "handle", "pass-only", "name", "Pass Only",
	    "password", "a-long-enough-password"));
	itest_close(c);

	c = itest_login(w->srv, "pass-only", itest_by_password("a-long-enough-password"));
	assert_string_equal(itest_get_str(itest_hello(c), "me.region"), "south-east");
	itest_close(c);
}

/* `ssh -t join@host`: a join session on a terminal of cols x rows. */
static struct itest_client *
join_terminal(struct itest_server *srv, int cols, int rows)
{
	return itest_terminal(srv, JOIN_LOGIN, itest_by_password("anything at all"),
	    cols, rows);
}

static void
terminal_size_is(struct itest_client *t, const char *rows_cols)
{
	char want[32];

	snprintf(want, sizeof want, "size %s", rows_cols);
	itest_terminal_type(t, "size\n");
	itest_terminal_wait(t, want);
}

static void
a_huge_terminal_reaches_the_spawned_client_as_at_most_500_by_300(void **state)
{
	struct join_world *w = *state;
	struct itest_client *t = join_terminal(w->srv, 20000, 20000);

	itest_terminal_wait(t, "\"mode\":\"join\"");
	terminal_size_is(t, "300 500");
	itest_terminal_resize(t, 100, 40);
	terminal_size_is(t, "40 100");
	itest_terminal_resize(t, 9999, 60);
	terminal_size_is(t, "60 500");
	itest_terminal_resize(t, 120, 70000);
	terminal_size_is(t, "300 120");
	itest_close(t);
}

static void
a_person_who_registered_over_ssh_t_join_is_ended_when_disabled(void **state)
{
	struct join_world *w = *state;
	struct itest_client *t = join_terminal(w->srv, 80, 24);
	char code[INVITE_MAX], line[256];

	invite_create(w->srv, "london", code);
	itest_terminal_wait(t, "\"mode\":\"join\"");
	snprintf(line, sizeof line, "{\"id\":1,\"op\":\"account.register\","
	    "\"code\":\"%s\",\"handle\":\"tess\",\"name\":\"Tess Ray\","
	    "\"password\":\"a-long-enough-password\"}\n", code);
	itest_terminal_type(t, line);
	/* The form goes on as tess, as the full-screen client does. */
	itest_terminal_wait(t, "\"handle\":\"tess\"");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "disable", "tess", NULL);
	itest_wait_closed(t);
	itest_close(t);
}

static void
idle_join_forms_never_keep_another_newcomer_from_the_form(void **state)
{
	struct join_world *w = *state;
	struct itest_client *t[4];

	/* More than a person's three full-screen sessions. */
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		t[i] = join_terminal(w->srv, 80, 24);
		itest_terminal_wait(t[i], "\"mode\":\"join\"");
	}
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		itest_close(t[i]);
}

static void
join_forms_take_at_most_half_of_the_spawned_clients(void **state)
{
	const char *args[] = { "--client", itest_relay_client(), "--max-spawned", "4",
	    NULL };
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *asha = itest_user_add(srv, "asha", "london", NULL);
	struct itest_client *forms[3], *mine;

	itest_server_start(srv);
	for (size_t i = 0; i < 2; i++) {
		forms[i] = join_terminal(srv, 80, 24);
		itest_terminal_wait(forms[i], "\"mode\":\"join\"");
	}
	forms[2] = join_terminal(srv, 80, 24);
	itest_terminal_wait(forms[2], "too many full-screen sessions");
	itest_wait_closed(forms[2]);
	mine = itest_terminal(srv, "asha", itest_by_key(asha->key), 80, 24);
	itest_terminal_wait(mine, "\"handle\":\"asha\"");
	itest_server_free(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_join_login_with_any_password_opens_a_join_session),
		cmocka_unit_test(a_join_login_by_keyboard_interactive_opens_a_join_session),
		cmocka_unit_test(a_join_session_answers_ping_and_forbids_other_ops),
		cmocka_unit_test(an_invite_registers_a_new_person_who_then_logs_in_with_their_key),
		cmocka_unit_test(an_invite_works_only_once),
		cmocka_unit_test(an_unknown_invite_code_is_refused),
		cmocka_unit_test(an_expired_invite_is_refused),
		cmocka_unit_test(an_invite_expires_by_the_daemons_clock),
		cmocka_unit_test(a_taken_handle_is_refused),
		cmocka_unit_test(a_failed_registration_leaves_the_invite_usable),
		cmocka_unit_test(a_handle_that_breaks_the_rules_is_refused),
		cmocka_unit_test(a_name_with_a_direction_override_is_refused_with_bad_text),
		cmocka_unit_test(a_registration_with_only_a_password_logs_in_with_that_password),
		cmocka_unit_test(a_huge_terminal_reaches_the_spawned_client_as_at_most_500_by_300),
		cmocka_unit_test(a_person_who_registered_over_ssh_t_join_is_ended_when_disabled),
		cmocka_unit_test(idle_join_forms_never_keep_another_newcomer_from_the_form),
		cmocka_unit_test(join_forms_take_at_most_half_of_the_spawned_clients),
		cmocka_unit_test(a_name_with_pupil_data_is_refused_and_the_invite_kept),
		cmocka_unit_test(an_invite_code_is_checked_before_registering),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("join", tests, join_setup,
	    join_teardown));
}
