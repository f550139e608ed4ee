/*
 * itest_account.c: a person managing their own login methods over the
 * protocol: account.keys, account.key_add, account.key_remove and
 * account.passwd, each checked by logging in (or failing to) afterwards.
 * Every test has accounts of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct account_world {
	struct itest_server	*srv;
};

static struct account_world world;

static int
account_setup(void **state)
{
	world.srv = itest_server_new(NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
account_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static const json_t *
key_add(struct itest_client *c, const struct itest_key *key)
{
	return itest_call(c, "account.key_add", json_pack("{s:s}", "pubkey", key->line));
}

static const json_t *
key_remove(struct itest_client *c, const char *fingerprint)
{
	return itest_call(c, "account.key_remove", json_pack("{s:s}", "fingerprint", fingerprint));
}

static const json_t *
passwd(struct itest_client *c, const char *old, const char *new)
{
	json_t *fields = json_pack("{s:s}", "new", new);

	if (old != NULL)
		json_object_set_new(fields, "old", json_string(old));
	return itest_call(c, "account.passwd", fields);
}

static void
account_keys_lists_the_key_added_with_staffroomctl(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *kay = itest_user_add(w->srv, "kay", "london", NULL);
	struct itest_client *c = itest_login_user(w->srv, kay);
	const json_t *reply = itest_call_ok(c, "account.keys", NULL);

	assert_int_equal(json_array_size(itest_get(reply, "keys")), 1);
	assert_string_equal(itest_get_str(reply, "keys.0.fingerprint"), kay->key->fingerprint);
	assert_string_equal(itest_get_str(reply, "keys.0.type"), "ssh-ed25519");
	assert_string_equal(itest_get_str(reply, "keys.0.comment"), "kay");
	assert_true(itest_get_int(reply, "keys.0.added") > 0);
	itest_close(c);
}

static void
a_key_added_with_key_add_logs_in(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *abe = itest_user_add(w->srv, "abe", "london", NULL);
	const struct itest_key *tablet = itest_key_new(w->srv, "abe-tablet");
	struct itest_client *c = itest_login_user(w->srv, abe);
	const json_t *reply = key_add(c, tablet);

	itest_assert_ok(reply);
	assert_string_equal(itest_get_str(reply, "key.fingerprint"), tablet->fingerprint);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(c, "account.keys", NULL),
	    "keys")), 2);
	itest_close(c);
	itest_close(itest_login(w->srv, "abe", itest_by_key(tablet)));
}

static void
adding_a_key_that_is_already_registered_gets_key_exists(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *bea = itest_user_add(w->srv, "bea", "london", NULL);
	struct itest_client *c = itest_login_user(w->srv, bea);

	itest_assert_error(key_add(c, bea->key), "key_exists");
	itest_assert_alive(c);
	itest_close(c);
}

static void
a_line_that_is_not_a_public_key_gets_bad_key(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *cal = itest_user_add(w->srv, "cal", "london", NULL);
	struct itest_client *c = itest_login_user(w->srv, cal);

	itest_call_error(c, "account.key_add",
	    json_pack("{s:s}", "pubkey", "ssh-ed25519 this-is-not-base64!! laptop"), "bad_key");
	itest_assert_alive(c);
	itest_close(c);
}

static void
a_removed_key_no_longer_logs_in(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *rita = itest_user_add(w->srv, "rita", "london", NULL);
	const struct itest_key *old_laptop = itest_key_new(w->srv, "rita-old-laptop");
	struct itest_client *c = itest_login_user(w->srv, rita);

	itest_assert_ok(key_add(c, old_laptop));
	itest_assert_ok(key_remove(c, old_laptop->fingerprint));
	itest_close(c);
	itest_assert_refused(w->srv, "rita", itest_by_key(old_laptop));
	itest_close(itest_login_user(w->srv, rita));
}

static void
removing_a_fingerprint_that_is_not_registered_gets_not_found(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *dan = itest_user_add(w->srv, "dan", "london", NULL);
	const struct itest_key *never_added = itest_key_new(w->srv, "never-added");
	struct itest_client *c = itest_login_user(w->srv, dan);

	itest_assert_error(key_remove(c, never_added->fingerprint), "not_found");
	itest_assert_alive(c);
	itest_close(c);
}

static void
removing_the_only_key_of_an_account_without_password_gets_last_login_method(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *solo = itest_user_add(w->srv, "solo", "london", NULL);
	struct itest_client *c = itest_login_user(w->srv, solo);

	itest_assert_error(key_remove(c, solo->key->fingerprint), "last_login_method");
	itest_close(c);
	itest_close(itest_login_user(w->srv, solo));
}

static void
removing_the_last_key_is_allowed_when_a_password_is_set(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *pam = itest_user_add(w->srv, "pam", "london", "pam-password-12");
	struct itest_client *c = itest_login_user(w->srv, pam);

	itest_assert_ok(key_remove(c, pam->key->fingerprint));
	itest_close(c);
	itest_assert_refused(w->srv, "pam", itest_by_key(pam->key));
	itest_close(itest_login(w->srv, "pam", itest_by_password(pam->password)));
}

static void
passwd_with_a_wrong_old_password_gets_wrong_password_and_changes_nothing(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *pia = itest_user_add(w->srv, "pia", "london", "pia-password-12");
	struct itest_client *c = itest_login_user(w->srv, pia);

	itest_assert_error(passwd(c, "not-pia-password", "pia-new-password-1"), "wrong_password");
	itest_assert_alive(c);
	itest_close(c);
	itest_close(itest_login(w->srv, "pia", itest_by_password(pia->password)));
}

static void
passwd_with_a_new_password_under_10_characters_gets_weak_password(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *wes = itest_user_add(w->srv, "wes", "london", "wes-password-12");
	struct itest_client *c = itest_login_user(w->srv, wes);

	itest_assert_error(passwd(c, wes->password, "short1"), "weak_password");
	itest_assert_alive(c);
	itest_close(c);
}

static void
passwd_changes_the_password_for_the_next_login(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *ola = itest_user_add(w->srv, "ola", "london", "ola-password-12");
	struct itest_client *c = itest_login_user(w->srv, ola);

	itest_assert_ok(passwd(c, ola->password, "ola-changed-password"));
	itest_close(c);
	itest_close(itest_login(w->srv, "ola", itest_by_password("ola-changed-password")));
	itest_assert_refused(w->srv, "ola", itest_by_password(ola->password));
}

static void
passwd_without_old_sets_a_first_password_on_a_key_only_account(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *kim = itest_user_add(w->srv, "kim", "london", NULL);
	struct itest_client *c = itest_login_user(w->srv, kim);

	itest_assert_ok(passwd(c, NULL, "kim-first-password"));
	itest_close(c);
	itest_close(itest_login(w->srv, "kim", itest_by_password("kim-first-password")));
}

/*
 * Requests sent right behind account.passwd, more than the daemon keeps while
 * the password is hashed off the loop: each is answered once, in order, and
 * the connection goes on.
 */
#define PIPELINED	600
#define PIPELINE_PAD	1000

static void
requests_pipelined_behind_passwd_are_each_answered_in_order(void **state)
{
	struct account_world *w = *state;
	const struct itest_user *ned = itest_user_add(w->srv, "ned", "london", "ned-password-12");
	struct itest_client *c = itest_login_user(w->srv, ned);
	size_t size = (PIPELINED + 1) * (PIPELINE_PAD + 64), len = 0;
	char *buf = malloc(size), pad[PIPELINE_PAD + 1];
	const json_t *reply;
	int i, refused = 0;

	assert_non_null(buf);
	memset(pad, 'p', PIPELINE_PAD);
	pad[PIPELINE_PAD] = '\0';
	len += (size_t)snprintf(buf + len, size - len, "{\"id\":1,\"op\":\"account.passwd\","
	    "\"old\":\"%s\",\"new\":\"ned-changed-password\"}\n", ned->password);
	for (i = 0; i < PIPELINED; i++)
		len += (size_t)snprintf(buf + len, size - len,
		    "{\"id\":%d,\"op\":\"ping\",\"pad\":\"%s\"}\n", i + 2, pad);
	itest_send_raw(c, buf, len);
	free(buf);

	itest_assert_ok(itest_next_reply(c));
	for (i = 0; i < PIPELINED; i++) {
		reply = itest_next_reply(c);
		assert_int_equal(itest_get_int(reply, "re"), i + 2);
		if (itest_find(reply, "error") != NULL) {
			itest_assert_error(reply, "rate_limited");
			assert_true(itest_get_int(reply, "retry_after_ms") > 0);
			refused++;
		} else
			itest_assert_ok(reply);
	}
	print_message("# %d of %d pipelined requests were refused\n", refused, PIPELINED);
	itest_assert_alive(c);
	itest_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(account_keys_lists_the_key_added_with_staffroomctl),
		cmocka_unit_test(a_key_added_with_key_add_logs_in),
		cmocka_unit_test(adding_a_key_that_is_already_registered_gets_key_exists),
		cmocka_unit_test(a_line_that_is_not_a_public_key_gets_bad_key),
		cmocka_unit_test(a_removed_key_no_longer_logs_in),
		cmocka_unit_test(removing_a_fingerprint_that_is_not_registered_gets_not_found),
		cmocka_unit_test(removing_the_only_key_of_an_account_without_password_gets_last_login_method),
		cmocka_unit_test(removing_the_last_key_is_allowed_when_a_password_is_set),
		cmocka_unit_test(passwd_with_a_wrong_old_password_gets_wrong_password_and_changes_nothing),
		cmocka_unit_test(passwd_with_a_new_password_under_10_characters_gets_weak_password),
		cmocka_unit_test(passwd_changes_the_password_for_the_next_login),
		cmocka_unit_test(passwd_without_old_sets_a_first_password_on_a_key_only_account),
		cmocka_unit_test(requests_pipelined_behind_passwd_are_each_answered_in_order),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("account", tests, account_setup,
	    account_teardown));
}
