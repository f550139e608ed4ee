/*
 * itest_auth.c: SSH logins against a real staffroomd: keys, passwords,
 * keyboard-interactive, lockouts after failures, and accounts changed with
 * staffroomctl while the daemon runs.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

/* Attempts sent at once in the burst tests: well over the limits they test. */
#define BURST	12

#define ACCOUNT_FAILURES_ALLOWED	"3"

/* A low per-account limit so the lockout test is short; a high per-address
 * limit so the failures of the other tests never lock out 127.0.0.1. */
static const char *const auth_daemon_args[] = {
	"--auth-fail-account", ACCOUNT_FAILURES_ALLOWED,
	"--auth-fail-address", "1000",
	NULL
};

struct auth_world {
	struct itest_server	*srv;
	const struct itest_user	*asha;		/* logs in, never fails */
	const struct itest_user	*bram;		/* wrong password target */
	const struct itest_user	*kira;		/* wrong keyboard-interactive target */
	const struct itest_user	*lena;		/* locked out */
	const struct itest_user	*dora;		/* disabled while connected */
	const struct itest_user	*ezra;		/* disabled, then enabled */
	const struct itest_user	*fern;		/* disabled while connected: the bye */
};

static struct auth_world world;

static int
auth_setup(void **state)
{
	world.srv = itest_server_new(auth_daemon_args);
	world.asha = itest_user_add(world.srv, "asha", "north-east", "asha-password-1");
	world.bram = itest_user_add(world.srv, "bram", "north-east", "bram-password-1");
	world.kira = itest_user_add(world.srv, "kira", "london", "kira-password-1");
	world.lena = itest_user_add(world.srv, "lena", "london", "lena-password-1");
	world.dora = itest_user_add(world.srv, "dora", "south-west", NULL);
	world.ezra = itest_user_add(world.srv, "ezra", "south-west", NULL);
	world.fern = itest_user_add(world.srv, "fern", "south-west", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
auth_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static void
a_registered_key_logs_in_and_hello_names_the_person(void **state)
{
	struct auth_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->asha);
	const json_t *hello = itest_hello(c);

	assert_int_equal(itest_get_int(hello, "proto"), 1);
	assert_string_equal(itest_get_str(hello, "mode"), "user");
	assert_string_equal(itest_get_str(hello, "me.handle"), "asha");
	assert_string_equal(itest_get_str(hello, "me.region"), "north-east");
	assert_string_equal(itest_get_str(hello, "me.role"), "member");
	assert_int_equal(itest_get_int(hello, "limits.body"), 8000);
	assert_int_equal(itest_get_int(hello, "limits.line"), 65536);
	assert_int_equal(itest_get_int(hello, "limits.page"), 200);
	itest_close(c);
}

static void
an_unknown_key_is_refused(void **state)
{
	struct auth_world *w = *state;
	const struct itest_key *stranger = itest_key_new(w->srv, "stranger");

	itest_assert_refused(w->srv, "asha", itest_by_key(stranger));
}

static void
a_login_that_is_no_account_is_refused_even_with_a_known_key(void **state)
{
	struct auth_world *w = *state;

	itest_assert_refused(w->srv, "nobody", itest_by_key(w->asha->key));
}

static void
the_right_password_logs_in(void **state)
{
	struct auth_world *w = *state;
	struct itest_client *c = itest_login(w->srv, "asha",
	    itest_by_password(w->asha->password));

	assert_string_equal(itest_get_str(itest_hello(c), "me.handle"), "asha");
	itest_close(c);
}

static void
a_wrong_password_is_refused(void **state)
{
	struct auth_world *w = *state;

	itest_assert_refused(w->srv, "bram", itest_by_password("not-bram-password"));
}

static void
keyboard_interactive_with_the_right_password_logs_in(void **state)
{
	struct auth_world *w = *state;
	struct itest_client *c = itest_login(w->srv, "asha",
	    itest_by_kbdint(w->asha->password));

	assert_string_equal(itest_get_str(itest_hello(c), "me.handle"), "asha");
	itest_close(c);
}

static void
keyboard_interactive_with_a_wrong_password_is_refused(void **state)
{
	struct auth_world *w = *state;

	itest_assert_refused(w->srv, "kira", itest_by_kbdint("not-kira-password"));
}

static void
an_account_is_locked_out_after_repeated_failures_even_with_the_right_password(void **state)
{
	struct auth_world *w = *state;
	int allowed = atoi(ACCOUNT_FAILURES_ALLOWED);

	for (int i = 0; i < allowed; i++)
		itest_assert_refused(w->srv, "lena", itest_by_password("not-lena-password"));
	itest_assert_refused(w->srv, "lena", itest_by_password(w->lena->password));
}

static void
an_address_is_locked_out_after_repeated_failures_even_with_the_right_password(void **state)
{
	static const char *const args[] = {
		"--auth-fail-address", "3", "--auth-fail-account", "100", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *nia = itest_user_add(srv, "nia", "london", "nia-password-12");
	const char *ghosts[] = { "ghost-one", "ghost-two", "ghost-three" };
	struct itest_auth guesses[3];
	int results[3];

	itest_server_start(srv);
	/*
	 * Three different accounts, so only the per-address count can reach 3;
	 * at once, so that the address earns no attempt back (one every two
	 * seconds) before nia tries.
	 */
	for (size_t i = 0; i < 3; i++)
		guesses[i] = itest_by_password("a-guessed-password");
	itest_auth_burst(srv, ghosts, guesses, results, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_not_equal(results[i], SSH_AUTH_SUCCESS);
	itest_assert_refused(srv, "nia", itest_by_password(nia->password));
	itest_server_free(srv);
}

static void
a_key_added_with_staffroomctl_while_the_daemon_runs_logs_in_without_restart(void **state)
{
	struct auth_world *w = *state;
	const struct itest_key *laptop = itest_key_new(w->srv, "asha-laptop");
	struct itest_client *c;

	itest_assert_refused(w->srv, "asha", itest_by_key(laptop));
	itest_ctl_ok(w->srv, NULL, NULL, 0, "key", "add", "asha", laptop->pub_path, NULL);
	c = itest_login(w->srv, "asha", itest_by_key(laptop));
	assert_string_equal(itest_get_str(itest_hello(c), "me.handle"), "asha");
	itest_close(c);
}

static void
disabling_a_connected_person_ends_their_session_and_refuses_their_next_login(void **state)
{
	struct auth_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->dora);

	itest_assert_alive(c);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "disable", "dora", NULL);
	itest_wait_closed(c);
	itest_close(c);
	itest_assert_refused(w->srv, "dora", itest_by_key(w->dora->key));
}

static void
a_session_ended_by_disabling_is_told_bye_account_disabled(void **state)
{
	struct auth_world *w = *state;
	struct itest_client *c = itest_login_user(w->srv, w->fern);

	itest_assert_alive(c);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "disable", "fern", NULL);
	itest_wait_closed(c);
	assert_string_equal(itest_get_str(itest_wait_event(c, "bye"), "reason"),
	    "account_disabled");
	itest_close(c);
}

static void
enabling_a_disabled_person_lets_them_log_in_again(void **state)
{
	struct auth_world *w = *state;

	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "disable", "ezra", NULL);
	itest_assert_refused(w->srv, "ezra", itest_by_key(w->ezra->key));
	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "enable", "ezra", NULL);
	itest_close(itest_login_user(w->srv, w->ezra));
}

static void
a_burst_of_parallel_wrong_passwords_for_one_account_gets_no_more_checks_than_its_limit(void **state)
{
	static const char *const args[] = {
		"--auth-fail-account", "3", "--auth-fail-address", "1000", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *mia = itest_user_add(srv, "mia", "london", "mia-password-12");
	const char *logins[BURST + 1];
	struct itest_auth auths[BURST + 1];
	int results[BURST + 1];

	itest_server_start(srv);
	for (int i = 0; i < BURST; i++) {
		logins[i] = "mia";
		auths[i] = itest_by_password("not-mia-password");
	}
	/* The right one in the same burst is checked only if the limit allows. */
	logins[BURST] = "mia";
	auths[BURST] = itest_by_password(mia->password);
	itest_auth_burst(srv, logins, auths, results, BURST + 1);
	for (int i = 0; i < BURST; i++)
		assert_int_not_equal(results[i], SSH_AUTH_SUCCESS);
	assert_in_range(itest_server_log_count(srv, "failed a password login as mia"), 1, 3);
	itest_server_free(srv);
}

static void
a_burst_of_parallel_wrong_passwords_from_one_address_gets_no_more_checks_than_its_limit(void **state)
{
	static const char *const args[] = {
		"--auth-fail-address", "4", "--auth-fail-account", "100", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	char names[BURST][16];
	const char *logins[BURST];
	struct itest_auth auths[BURST];
	int results[BURST];

	itest_server_start(srv);
	/* A different account each, so only the per-address limit applies. */
	for (int i = 0; i < BURST; i++) {
		snprintf(names[i], sizeof names[i], "ghost-%d", i);
		logins[i] = names[i];
		auths[i] = itest_by_password("a-guessed-password");
	}
	itest_auth_burst(srv, logins, auths, results, BURST);
	/* One more only if a token refilled meanwhile (one every two seconds). */
	assert_in_range(itest_server_log_count(srv, "failed a password login"), 4, 5);
	itest_server_free(srv);
}

static void
failed_passwords_from_an_address_never_block_key_logins_from_it(void **state)
{
	static const char *const args[] = {
		"--auth-fail-address", "2", "--auth-fail-account", "100", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *omar = itest_user_add(srv, "omar", "london", "omar-password-12");

	itest_server_start(srv);
	itest_assert_refused(srv, "omar", itest_by_password("not-omar-password"));
	itest_assert_refused(srv, "omar", itest_by_password("not-omar-password"));
	itest_assert_refused(srv, "omar", itest_by_password(omar->password));
	itest_close(itest_login_user(srv, omar));
	itest_server_free(srv);
}

static void
unknown_invite_codes_never_block_key_or_password_logins_from_that_address(void **state)
{
	struct itest_server *srv = itest_server_new(NULL);
	const struct itest_user *pia = itest_user_add(srv, "pia", "london", "pia-password-12");
	struct itest_client *join;
	const json_t *reply;
	char code[40];
	int i;

	itest_server_start(srv);
	join = itest_login(srv, "join", itest_by_password("anything"));
	/* The default budget is 30, as for passwords; the guesses have their own. */
	for (i = 0; i < 30; i++) {
		snprintf(code, sizeof code, "BOGUS-CODE-%02d", i);
		itest_call_error(join, "account.register", json_pack("{s:s, s:s, s:s, s:s}",
		    "code", code, "handle", "guesser", "name", "Guesser",
		    "password", "a-long-enough-password"), "invite_unknown");
	}
	reply = itest_call_error(join, "account.register", json_pack("{s:s, s:s, s:s, s:s}",
	    "code", "BOGUS-CODE-99", "handle", "guesser", "name", "Guesser",
	    "password", "a-long-enough-password"), "rate_limited");
	assert_true(itest_get_int(reply, "retry_after_ms") > 0);
	itest_close(join);
	itest_close(itest_login_user(srv, pia));
	itest_close(itest_login(srv, "pia", itest_by_password(pia->password)));
	itest_server_free(srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_registered_key_logs_in_and_hello_names_the_person),
		cmocka_unit_test(an_unknown_key_is_refused),
		cmocka_unit_test(a_login_that_is_no_account_is_refused_even_with_a_known_key),
		cmocka_unit_test(the_right_password_logs_in),
		cmocka_unit_test(a_wrong_password_is_refused),
		cmocka_unit_test(keyboard_interactive_with_the_right_password_logs_in),
		cmocka_unit_test(keyboard_interactive_with_a_wrong_password_is_refused),
		cmocka_unit_test(an_account_is_locked_out_after_repeated_failures_even_with_the_right_password),
		cmocka_unit_test(an_address_is_locked_out_after_repeated_failures_even_with_the_right_password),
		cmocka_unit_test(a_key_added_with_staffroomctl_while_the_daemon_runs_logs_in_without_restart),
		cmocka_unit_test(disabling_a_connected_person_ends_their_session_and_refuses_their_next_login),
		cmocka_unit_test(a_session_ended_by_disabling_is_told_bye_account_disabled),
		cmocka_unit_test(enabling_a_disabled_person_lets_them_log_in_again),
		cmocka_unit_test(a_burst_of_parallel_wrong_passwords_for_one_account_gets_no_more_checks_than_its_limit),
		cmocka_unit_test(a_burst_of_parallel_wrong_passwords_from_one_address_gets_no_more_checks_than_its_limit),
		cmocka_unit_test(failed_passwords_from_an_address_never_block_key_logins_from_it),
		cmocka_unit_test(unknown_invite_codes_never_block_key_or_password_logins_from_that_address),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("auth", tests, auth_setup,
	    auth_teardown));
}
