/*
 * itest_auth.c: SSH logins against a real staffroomd: keys, passwords,
 * keyboard-interactive, lockouts after failures, and accounts changed with
 * staffroomctl while the daemon runs.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
		"--auth-fail-address", "3", "--auth-fail-account", "100",
		"--auth-address-refill", "3600", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *nia = itest_user_add(srv, "nia", "london", "nia-password-12");
	const char *ghosts[] = { "ghost-one", "ghost-two", "ghost-three" };
	struct itest_auth guesses[3];
	int results[3];

	itest_server_start(srv);
	/*
	 * Three different accounts, so only the per-address count can reach 3;
	 * an attempt back only after an hour, so that however slowly a loaded
	 * machine runs the guesses, the address earns none before nia tries.
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
	assert_in_range(itest_server_log_count(srv,
	    "login failed: mia from 127.0.0.1 by password: wrong password"), 1, 3);
	itest_server_free(srv);
}

static void
a_burst_of_parallel_wrong_passwords_from_one_address_gets_no_more_checks_than_its_limit(void **state)
{
	static const char *const args[] = {
		"--auth-fail-address", "4", "--auth-fail-account", "100",
		"--auth-address-refill", "3600", NULL
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
	/* An attempt back only after an hour: exactly the limit was checked. */
	assert_int_equal(itest_server_log_count(srv, "by password: no such account"), 4);
	itest_server_free(srv);
}

static void
failed_passwords_from_an_address_never_block_key_logins_from_it(void **state)
{
	static const char *const args[] = {
		"--auth-fail-address", "2", "--auth-fail-account", "100",
		"--auth-address-refill", "3600", NULL
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

/* A TCP connection to the daemon that says nothing: one still logging in. */
static int
tcp_connect(struct itest_server *srv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sin.sin_port = htons((uint16_t)itest_server_port(srv));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0)
		fail_msg("cannot connect to the daemon");
	return fd;
}

/* What the daemon sends first: its version line, or a refusal and EOF. */
static void
tcp_first_words(int fd, char *buf, size_t size)
{
	size_t len = 0;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;

	while (len + 1 < size && memchr(buf, '\n', len) == NULL) {
		if (poll(&pfd, 1, itest_timeout_ms()) != 1)
			fail_msg("the daemon said nothing on a new connection");
		if ((n = read(fd, buf + len, size - 1 - len)) <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
}

static void
connections_still_logging_in_are_capped_per_address_with_a_reason(void **state)
{
	static const char *const args[] = { "--max-unauthenticated-per-address", "3", NULL };
	struct itest_server *srv = itest_server_new(args);
	char words[256];
	int fds[3], extra;

	itest_server_start(srv);
	for (int i = 0; i < 3; i++) {
		fds[i] = tcp_connect(srv);
		tcp_first_words(fds[i], words, sizeof words);
		assert_memory_equal(words, "SSH-2.0-", 8);
	}
	extra = tcp_connect(srv);
	tcp_first_words(extra, words, sizeof words);
	assert_non_null(strstr(words, "Too many connections from your address"));
	assert_int_equal(read(extra, words, sizeof words), 0);
	close(extra);
	/* One leaves: its place is free again (once the daemon has seen it go). */
	close(fds[0]);
	do {
		extra = tcp_connect(srv);
		tcp_first_words(extra, words, sizeof words);
		close(extra);
	} while (strncmp(words, "SSH-2.0-", 8) != 0);
	close(fds[1]);
	close(fds[2]);
	itest_server_free(srv);
}

static void
join_sessions_are_capped_per_address_until_one_registers(void **state)
{
	const char *args[] = { "--max-join-per-address", "2", "--client",
	    itest_relay_client(), NULL };
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *rhea = itest_user_add(srv, "rhea", "london", NULL);
	struct itest_client *plain, *form;
	char code[64], line[256];

	itest_server_start(srv);
	itest_ctl_ok(srv, NULL, code, sizeof code, "invite", "create", "--region",
	    "london", NULL);
	code[strcspn(code, "\n")] = '\0';
	plain = itest_login(srv, "join", itest_by_password("anything"));
	form = itest_terminal(srv, "join", itest_by_password("anything"), 80, 24);
	itest_terminal_wait(form, "\"mode\":\"join\"");
	assert_int_not_equal(itest_auth_result(srv, "join", itest_by_password("anything")),
	    SSH_AUTH_SUCCESS);
	/* People with accounts are not held up by the joiners. */
	itest_close(itest_login_user(srv, rhea));
	/* The form registers someone: it is their session now, not a join session. */
	snprintf(line, sizeof line, "{\"id\":1,\"op\":\"account.register\","
	    "\"code\":\"%s\",\"handle\":\"sami\",\"name\":\"Sami Roy\","
	    "\"password\":\"a-long-enough-password\"}\n", code);
	itest_terminal_type(form, line);
	itest_terminal_wait(form, "\"handle\":\"sami\"");
	itest_close(itest_login(srv, "join", itest_by_password("anything")));
	itest_close(plain);
	itest_close(form);
	itest_server_free(srv);
}

static int
open_files(pid_t pid)
{
	char path[64];
	DIR *d;
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	if ((d = opendir(path)) == NULL)
		fail_msg("cannot read %s", path);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n - 2;	/* . and .. */
}

/* CPU time the process has used, in clock ticks (utime + stime). */
static long
cpu_ticks(pid_t pid)
{
	char path[64], text[1024], *p;
	unsigned long utime, stime;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL || fgets(text, sizeof text, f) == NULL)
		fail_msg("cannot read %s", path);
	fclose(f);
	/* Fields 14 and 15, counted after the command name's closing parenthesis. */
	p = strrchr(text, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &utime, &stime) != 2)
		fail_msg("cannot parse %s", path);
	return (long)(utime + stime);
}

#define FD_SPARE	6	/* descriptors the daemon may open beyond its start */
#define FD_CLIENTS	30	/* connections the test opens: well past the spare */

static void
out_of_file_descriptors_the_daemon_pauses_accepting_and_recovers(void **state)
{
	static const char *const args[] = {
		"--max-unauthenticated-per-address", "1000", NULL
	};
	struct itest_server *srv = itest_server_new(args);
	const struct itest_user *sol = itest_user_add(srv, "sol", "london", NULL);
	struct timespec second = { 1, 0 };
	int fds[FD_CLIENTS], limit;
	pid_t pid;
	long before;
	uint64_t waited = 0;

	/* As if run under `prlimit --nofile=N`: N is what it needs idle, and a few. */
	itest_server_start(srv);
	limit = open_files(itest_server_pid(srv)) + FD_SPARE;
	itest_server_stop(srv);
	itest_server_set_file_limit(srv, limit);
	itest_server_start(srv);
	pid = itest_server_pid(srv);
	for (int i = 0; i < FD_CLIENTS; i++)
		fds[i] = tcp_connect(srv);
	while (open_files(pid) < limit) {
		if (waited > (uint64_t)itest_timeout_ms())
			fail_msg("the daemon never used up its %d files", limit);
		nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
		waited += 20;
	}
	/*
	 * The backlog still holds connections it cannot take: a daemon that
	 * tried again and again would burn the whole second; a paused one
	 * hardly any of it.
	 */
	before = cpu_ticks(pid);
	nanosleep(&second, NULL);
	assert_in_range(cpu_ticks(pid) - before, 0, sysconf(_SC_CLK_TCK) / 4);
	for (int i = 0; i < FD_CLIENTS; i++)
		close(fds[i]);
	itest_close(itest_login_user(srv, sol));
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
		cmocka_unit_test(connections_still_logging_in_are_capped_per_address_with_a_reason),
		cmocka_unit_test(join_sessions_are_capped_per_address_until_one_registers),
		cmocka_unit_test(out_of_file_descriptors_the_daemon_pauses_accepting_and_recovers),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("auth", tests, auth_setup,
	    auth_teardown));
}
