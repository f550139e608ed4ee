/*
 * itest_words.c: watched words over real SSH (issue 19). A scope's
 * moderators and admins keep its list (words.add, words.list,
 * words.remove), each change an audit row; members and the moderators of
 * other scopes may not.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

struct words_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *ben, *cal, *mo, *lon, *ada;
	char			 trust[80];	/* "trust:<n>" */
};

static struct words_world world;

static int
words_setup(void **state)
{
	struct words_world *w = &world;
	char id[32];

	w->srv = itest_server_new(itest_posting_unlimited);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->cal = itest_user_add(w->srv, "cal", "north-east", NULL);
	w->mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	w->lon = itest_user_with_role(w->srv, "lon", "london", "moderator");
	w->ada = itest_user_with_role(w->srv, "ada", "london", "admin");
	itest_ctl_ok(w->srv, NULL, id, sizeof id, "trust", "add", "Tyne MAT",
	    "--region", "north-east", NULL);
	id[strcspn(id, "\n")] = '\0';
	snprintf(w->trust, sizeof w->trust, "trust:%s", id);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "trust", "member", "amy", id, NULL);
	/* cal moderates the trust alone. */
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mod", "add", "cal", w->trust, NULL);
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
words_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static json_t *
word(const char *scope, const char *text, const char *action,
    const char *label)
{
	json_t *obj = json_pack("{s:s, s:s, s:s}", "scope", scope, "word", text,
	    "action", action);

	if (label != NULL)
		json_object_set_new(obj, "label", json_string(label));
	return obj;
}

static const json_t *
list(struct itest_client *c, const char *scope)
{
	return itest_get(itest_call_ok(c, "words.list", json_pack("{s:s}",
	    "scope", scope)), "words");
}

static void
only_a_scopes_moderators_and_admins_keep_its_words(void **state)
{
	struct words_world *w = *state;
	struct itest_client *amy, *cal, *mo, *lon, *ada;
	const char *ne = "region:north-east";
	const json_t *reply, *got;
	json_int_t id, tid;
	char out[8192];

	amy = itest_login_user(w->srv, w->amy);
	cal = itest_login_user(w->srv, w->cal);
	mo = itest_login_user(w->srv, w->mo);
	lon = itest_login_user(w->srv, w->lon);
	ada = itest_login_user(w->srv, w->ada);

	/* A member, another region's moderator, a trust's: not the region's. */
	itest_call_error(amy, "words.add", word(ne, "idiot", "block", NULL),
	    "forbidden");
	itest_call_error(lon, "words.add", word(ne, "idiot", "block", NULL),
	    "forbidden");
	itest_call_error(cal, "words.add", word(ne, "idiot", "block", NULL),
	    "forbidden");
	itest_call_error(amy, "words.list", json_pack("{s:s}", "scope", ne),
	    "forbidden");
	itest_call_error(lon, "words.list", json_pack("{s:s}", "scope", ne),
	    "forbidden");

	/* Bad fields. */
	itest_call_error(mo, "words.add", word(ne, "idiot", "delete", NULL),
	    "bad_request");
	itest_call_error(mo, "words.add", word(ne, " ,.!", "block", NULL),
	    "bad_request");
	itest_call_error(mo, "words.add", word("region:atlantis", "idiot",
	    "block", NULL), "not_found");
	itest_call_error(mo, "words.add", word("private", "idiot", "block",
	    NULL), "bad_request");
	itest_call_error(mo, "words.add", word("trust:99999", "idiot", "block",
	    NULL), "not_found");

	/* The region's moderator. */
	reply = itest_call_ok(mo, "words.add", word(ne, "Idiot", "block",
	    "insults"));
	id = itest_get_int(reply, "word.id");
	assert_string_equal(itest_get_str(reply, "word.scope"), ne);
	assert_string_equal(itest_get_str(reply, "word.word"), "Idiot");
	assert_string_equal(itest_get_str(reply, "word.action"), "block");
	assert_string_equal(itest_get_str(reply, "word.label"), "insults");
	assert_string_equal(itest_get_str(reply, "word.by"), "mo");
	/* The same word in another case or accents is the same rule. */
	itest_call_error(mo, "words.add", word(ne, "IDIÖT", "hold", NULL),
	    "bad_request");
	/* An admin, anywhere; a phrase. */
	itest_call_ok(ada, "words.add", word(ne, "waste of space", "hold",
	    NULL));
	itest_call_ok(ada, "words.add", word("region:london", "idiot", "flag",
	    NULL));

	got = list(mo, ne);
	assert_int_equal(json_array_size(got), 2);
	assert_string_equal(itest_get_str(json_array_get(got, 0), "word"),
	    "Idiot");
	assert_string_equal(itest_get_str(json_array_get(got, 1), "action"),
	    "hold");
	assert_int_equal(json_array_size(list(ada, ne)), 2);
	assert_int_equal(json_array_size(list(lon, "region:london")), 1);
	/* Pages. */
	reply = itest_call_ok(mo, "words.list", json_pack("{s:s, s:i}", "scope",
	    ne, "limit", 1));
	assert_int_equal(json_array_size(itest_get(reply, "words")), 1);
	assert_true(itest_get_bool(reply, "more"));
	reply = itest_call_ok(mo, "words.list", json_pack("{s:s, s:I, s:i}",
	    "scope", ne, "after", id, "limit", 1));
	assert_false(itest_get_bool(reply, "more"));

	/* The trust: its own moderator, and the region's (it is in it). */
	tid = itest_get_int(itest_call_ok(cal, "words.add", word(w->trust,
	    "spaz", "block", NULL)), "word.id");
	assert_int_equal(json_array_size(list(mo, w->trust)), 1);
	itest_call_error(lon, "words.list", json_pack("{s:s}", "scope",
	    w->trust), "forbidden");

	/* Removing: another scope's word is not there for them. */
	itest_call_error(lon, "words.remove", json_pack("{s:I}", "word", id),
	    "not_found");
	itest_call_error(cal, "words.remove", json_pack("{s:I}", "word", id),
	    "not_found");
	itest_call_error(amy, "words.remove", json_pack("{s:I}", "word", id),
	    "not_found");
	itest_call_ok(mo, "words.remove", json_pack("{s:I}", "word", id));
	itest_call_error(mo, "words.remove", json_pack("{s:I}", "word", id),
	    "not_found");
	itest_call_ok(mo, "words.remove", json_pack("{s:I}", "word", tid));
	assert_int_equal(json_array_size(list(mo, ne)), 1);

	/* Each change is the actor's audit row. */
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "10",
	    NULL);
	assert_non_null(strstr(out, "words.add"));
	assert_non_null(strstr(out, "words.remove"));
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act = 'words.add'"), 4);
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act = 'words.remove'"), 2);

	itest_close(amy);
	itest_close(cal);
	itest_close(mo);
	itest_close(lon);
	itest_close(ada);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_a_scopes_moderators_and_admins_keep_its_words),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, words_setup,
	    words_teardown));
}
