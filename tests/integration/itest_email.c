/*
 * itest_email.c: a person's email address (email.*): set, proved by the
 * code mailed to it through a fake sendmail that keeps what it is given,
 * seen by nobody else, with a limit on wrong codes that survives the
 * failed op; and the digest choice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct itest_mailbox *mailbox;
static struct itest_server *srv;

static int
mails_count(void)
{
	return (itest_mailbox_count(mailbox));
}

static char *
mail_wait(int n)
{
	return (itest_mailbox_wait(mailbox, n));
}

/* The code in a verification mail. */
static void
mail_code(const char *mail, char code[9])
{
	const char	*p = strstr(mail, "/email verify ");

	assert_non_null(p);
	memcpy(code, p + strlen("/email verify "), 8);
	code[8] = '\0';
	assert_int_equal(strspn(code, "0123456789"), 8);
}

/* Rows of the emails table holding address, read with the sqlite3 CLI. */
static int
emails_stored(const char *address)
{
	char	 cmd[PATH_MAX + 200];
	FILE	*p;
	int	 n = -1;

	snprintf(cmd, sizeof cmd, "sqlite3 '%s/staffroom.db' \"SELECT count(*) "
	    "FROM emails WHERE address = '%s'\"", itest_server_state_dir(srv),
	    address);
	assert_non_null(p = popen(cmd, "r"));
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return (n);
}

static int
setup(void **state)
{
	const char	*args[] = { "--sendmail", NULL, "--mail-from",
			    "staffroom@staffroom.example.org", NULL };

	mailbox = itest_mailbox_new();
	args[1] = itest_mailbox_sendmail(mailbox);
	srv = itest_server_new(args);
	itest_server_start(srv);
	return (0);
}

static int
teardown(void **state)
{
	itest_server_free(srv);
	itest_mailbox_free(mailbox);
	return (0);
}

static void
an_address_is_proved_by_the_code_mailed_to_it(void **state)
{
	struct itest_client *asha = itest_person_online(srv, "asha", "north-east");
	const json_t *r;
	char *mail, code[9], wrong[9];
	int before = mails_count();

	r = itest_call_ok(asha, "email.get", NULL);
	assert_true(json_is_null(itest_find(r, "email")));
	itest_call_error(asha, "email.set", json_pack("{s:s}", "address",
	    "asha at school"), "bad_email");
	itest_call_error(asha, "email.set", json_pack("{s:s}", "address",
	    "asha@school.org.uk\nBcc: all@example.org"), "bad_email");
	itest_call_error(asha, "email.digest", json_pack("{s:s}", "every",
	    "daily"), "not_found");
	assert_int_equal(mails_count(), before);

	r = itest_call_ok(asha, "email.set", json_pack("{s:s}", "address",
	    "asha@school.org.uk"));
	assert_string_equal(itest_get_str(r, "email.address"), "asha@school.org.uk");
	assert_false(itest_get_bool(r, "email.verified"));
	assert_string_equal(itest_get_str(r, "email.digest"), "off");
	mail = mail_wait(before);
	assert_non_null(strstr(mail, "ARGS: -oi -t\n"));
	assert_non_null(strstr(mail, "\nTo: asha@school.org.uk\n"));
	assert_non_null(strstr(mail, "\nFrom: staffroom <staffroom@staffroom.example.org>\n"));
	assert_non_null(strstr(mail, "Content-Type: text/plain; charset=UTF-8\n"));
	mail_code(mail, code);
	free(mail);
	/* The code is kept hashed: never in the log. */
	assert_int_equal(itest_server_log_count(srv, code), 0);
	assert_int_equal(itest_server_log_count(srv, "asha@school.org.uk"), 0);

	snprintf(wrong, sizeof wrong, "%08d", (atoi(code) + 1) % 100000000);
	r = itest_call_error(asha, "email.verify", json_pack("{s:s}", "code", wrong),
	    "wrong_code");
	assert_non_null(strstr(itest_get_str(r, "error.message"), "4 tries left"));
	r = itest_call_ok(asha, "email.verify", json_pack("{s:s}", "code", code));
	assert_true(itest_get_bool(r, "email.verified"));
	r = itest_call_ok(asha, "email.digest", json_pack("{s:s}", "every", "weekly"));
	assert_string_equal(itest_get_str(r, "email.digest"), "weekly");
	itest_call_error(asha, "email.digest", json_pack("{s:s}", "every",
	    "hourly"), "bad_request");
	r = itest_call_ok(asha, "email.get", NULL);
	assert_true(itest_get_bool(r, "email.verified"));
	assert_string_equal(itest_get_str(r, "email.digest"), "weekly");

	/* Setting the verified address again sends nothing; null removes it. */
	itest_call_ok(asha, "email.set", json_pack("{s:s}", "address",
	    "asha@school.org.uk"));
	assert_int_equal(mails_count(), before + 1);
	r = itest_call_ok(asha, "email.set", json_pack("{s:n}", "address"));
	assert_true(json_is_null(itest_find(r, "email")));
	itest_close(asha);
}

static void
five_wrong_codes_use_a_code_up(void **state)
{
	struct itest_client *ben = itest_person_online(srv, "ben", "north-east");
	const json_t *r;
	char *mail, code[9], wrong[9], left[32];
	int before = mails_count(), i;

	itest_call_ok(ben, "email.set", json_pack("{s:s}", "address",
	    "ben@school.org.uk"));
	mail = mail_wait(before);
	mail_code(mail, code);
	free(mail);
	snprintf(wrong, sizeof wrong, "%08d", (atoi(code) + 7) % 100000000);
	/* Each wrong try is counted in the store, though its op fails. */
	for (i = 4; i >= 1; i--) {
		r = itest_call_error(ben, "email.verify", json_pack("{s:s}",
		    "code", wrong), "wrong_code");
		snprintf(left, sizeof left, "%d %s left", i, i == 1 ? "try" : "tries");
		assert_non_null(strstr(itest_get_str(r, "error.message"), left));
	}
	itest_call_error(ben, "email.verify", json_pack("{s:s}", "code", wrong),
	    "code_expired");
	itest_call_error(ben, "email.verify", json_pack("{s:s}", "code", code),
	    "code_expired");
	/* A new code is a mail to someone: not twice a minute. */
	r = itest_call_error(ben, "email.set", json_pack("{s:s}", "address",
	    "ben@school.org.uk"), "rate_limited");
	assert_true(itest_get_int(r, "retry_after_ms") > 0);
	assert_int_equal(mails_count(), before + 1);
	r = itest_call_ok(ben, "email.get", NULL);
	assert_false(itest_get_bool(r, "email.verified"));
	itest_close(ben);
}

static void
nobody_else_sees_an_address(void **state)
{
	struct itest_client *dev = itest_person_online(srv, "dev", "london");
	struct itest_client *eve = itest_person_online(srv, "eve", "london");
	const json_t *r;
	char *mail, code[9], *dump;
	int before = mails_count();

	itest_call_ok(dev, "email.set", json_pack("{s:s}", "address",
	    "dev.private@example.org"));
	mail = mail_wait(before);
	mail_code(mail, code);
	free(mail);
	itest_call_ok(dev, "email.verify", json_pack("{s:s}", "code", code));
	r = itest_call_ok(eve, "profile.get", json_pack("{s:s}", "handle", "dev"));
	dump = json_dumps(r, 0);
	assert_null(strstr(dump, "dev.private"));
	free(dump);
	r = itest_call_ok(eve, "people.search", json_pack("{s:s}", "q",
	    "dev.private@example.org"));
	assert_int_equal(json_array_size(itest_get(r, "people")), 0);
	r = itest_call_ok(dev, "profile.get", NULL);
	dump = json_dumps(r, 0);
	assert_null(strstr(dump, "dev.private"));
	free(dump);
	itest_close(dev);
	itest_close(eve);
	/* Erasing the person takes the address too. */
	assert_int_equal(emails_stored("dev.private@example.org"), 1);
	itest_ctl_ok(srv, NULL, NULL, 0, "erase", "person", "dev", NULL);
	assert_int_equal(emails_stored("dev.private@example.org"), 0);
}

/* A server with no sendmail says so, and keeps no address it cannot prove. */
static void
a_server_without_sendmail_says_so_and_keeps_nothing(void **state)
{
	const char *args[] = { "--sendmail", "/nonexistent/sendmail", NULL };
	struct itest_server *off = itest_server_new(args);
	struct itest_client *ben;
	const json_t *r;

	(void)state;
	itest_server_start(off);
	ben = itest_person_online(off, "ben", "north-east");
	r = itest_call_error(ben, "email.set", json_pack("{s:s}", "address",
	    "ben@school.org.uk"), "email_off");
	assert_non_null(strstr(itest_get_str(r, "error.message"),
	    "sends no email"));
	assert_true(json_is_null(itest_find(itest_call_ok(ben, "email.get",
	    NULL), "email")));
	itest_close(ben);
	itest_server_free(off);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_address_is_proved_by_the_code_mailed_to_it),
		cmocka_unit_test(five_wrong_codes_use_a_code_up),
		cmocka_unit_test(nobody_else_sees_an_address),
		cmocka_unit_test(a_server_without_sendmail_says_so_and_keeps_nothing),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_email", tests, setup,
	    teardown);
	return itest_finish(failures);
}
