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
	itest_trust_add(w->srv, "Tyne MAT", "north-east", id, sizeof id);
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
list_words(struct itest_client *c, const char *scope)
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

	got = list_words(mo, ne);
	assert_int_equal(json_array_size(got), 2);
	assert_string_equal(itest_get_str(json_array_get(got, 0), "word"),
	    "Idiot");
	assert_string_equal(itest_get_str(json_array_get(got, 1), "action"),
	    "hold");
	assert_int_equal(json_array_size(list_words(ada, ne)), 2);
	assert_int_equal(json_array_size(list_words(lon, "region:london")), 1);
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
	assert_int_equal(json_array_size(list_words(mo, w->trust)), 1);
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
	assert_int_equal(json_array_size(list_words(mo, ne)), 1);

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

static json_t *
say(const char *room, const char *body)
{
	return json_pack("{s:s, s:s}", "room", room, "body", body);
}

static void
block_refuses_naming_the_rule_never_the_word(void **state)
{
	struct words_world *w = *state;
	struct itest_client *amy, *ben, *mo;
	const char *ne = "region:north-east";
	const json_t *reply;
	json_int_t rule, id, msg;
	char buddy[80];

	amy = itest_login_user(w->srv, w->amy);
	ben = itest_login_user(w->srv, w->ben);
	mo = itest_login_user(w->srv, w->mo);
	rule = itest_get_int(itest_call_ok(mo, "words.add", word(ne, "numpty",
	    "block", "insults")), "word.id");
	id = itest_get_int(itest_call_ok(mo, "words.add", word("national",
	    "sod off", "block", NULL)), "word.id");

	reply = itest_call_error(amy, "room.send", say(ne, "what a NÜMPTY"),
	    "word_blocked");
	assert_int_equal(itest_get_int(reply, "error.rule"), rule);
	assert_string_equal(itest_get_str(reply, "error.label"), "insults");
	assert_null(strstr(itest_get_str(reply, "error.message"), "umpty"));
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "insults"));
	/* National rules hold in the region's room too; phrases across punctuation. */
	reply = itest_call_error(amy, "room.send", say(ne, "Sod... off!"),
	    "word_blocked");
	assert_int_equal(itest_get_int(reply, "error.rule"), id);
	assert_null(itest_find(reply, "error.label"));
	/* Whole words only. */
	itest_post(amy, ne, "numptyish is not a word, and sods are turf");
	/* Another region's room, a DM and a buddy chat: not this scope's. */
	itest_post(itest_login_user(w->srv, w->lon), "region:london",
	    "numpty in London");
	snprintf(buddy, sizeof buddy, "%s", itest_get_str(itest_call_ok(amy,
	    "dm.open", json_pack("{s:s}", "with", "ben")), "room.id"));
	itest_post(amy, buddy, "you numpty, sod off");
	/* An edit into the word is refused, and the message stays as it was. */
	msg = itest_get_int(itest_post(amy, ne, "a kind word"), "id");
	itest_call_error(amy, "msg.edit", json_pack("{s:I, s:s}", "msg", msg,
	    "body", "a numpty word"), "word_blocked");
	/* Boards: a thread's title and a reply. */
	itest_call_error(amy, "thread.create", json_pack("{s:I, s:s, s:s}",
	    "board", itest_board_of(amy, ne), "title", "Numpty question",
	    "body", "fine"), "word_blocked");
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM messages"
	    " WHERE body LIKE '%umpty%' AND room_id IN (SELECT id FROM rooms"
	    " WHERE ref = 'region:north-east')"), 1);	/* numptyish */
	itest_call_ok(mo, "words.remove", json_pack("{s:I}", "word", rule));
	itest_call_ok(mo, "words.remove", json_pack("{s:I}", "word", id));
	itest_post(amy, ne, "numpty is allowed again");
	itest_close(amy);
	itest_close(ben);
	itest_close(mo);
}

static void
flag_stores_and_files_a_queue_entry(void **state)
{
	struct words_world *w = *state;
	struct itest_client *amy, *mo;
	const char *ne = "region:north-east";
	const json_t *e, *ev;
	json_int_t rule, msg, post;

	amy = itest_login_user(w->srv, w->amy);
	mo = itest_login_user(w->srv, w->mo);
	rule = itest_get_int(itest_call_ok(mo, "words.add", word(ne,
	    "physical restraint", "flag", "restraint")), "word.id");
	msg = itest_get_int(itest_post(amy, ne, "We used physical   restraint "
	    "today"), "id");
	ev = itest_wait_event(mo, "mod.entry");
	assert_string_equal(itest_get_str(ev, "entry.item"), "msg");
	e = itest_queue_entry(mo, "msg.id", msg);
	assert_non_null(e);
	assert_string_equal(itest_get_str(json_array_get(itest_get(e,
	    "reports"), 0), "source"), "words");
	assert_non_null(strstr(itest_get_str(json_array_get(itest_get(e,
	    "reports"), 0), "reason"), "restraint"));
	/* Stored as any message. */
	assert_int_equal(itest_get_int(json_array_get(itest_get(
	    itest_history(amy, ne, 0, 0), "msgs"), json_array_size(itest_get(
	    itest_history(amy, ne, 0, 0), "msgs")) - 1), "id"), msg);
	/* On a board too. */
	post = itest_get_int(itest_call_ok(amy, "thread.create",
	    json_pack("{s:I, s:s, s:s}", "board", itest_board_of(amy, ne),
	    "title", "Policy", "body", "on Physical Restraint"
	    )), "post.id");
	assert_non_null(itest_queue_entry(mo, "post.id", post));
	/* Another region's moderator sees neither. */
	assert_null(itest_queue_entry(itest_login_user(w->srv, w->lon), "msg.id", msg));
	itest_call_ok(mo, "words.remove", json_pack("{s:I}", "word", rule));
	itest_close(amy);
	itest_close(mo);
}

static void
hold_waits_for_a_moderator_then_comes_with_a_new_id(void **state)
{
	struct words_world *w = *state;
	struct itest_client *amy, *ben, *mo, *lon;
	const char *ne = "region:north-east";
	const json_t *reply, *e, *ev;
	json_int_t rule, before, held, entry, approved, last;
	json_t *since;

	amy = itest_login_user(w->srv, w->amy);
	ben = itest_login_user(w->srv, w->ben);
	mo = itest_login_user(w->srv, w->mo);
	lon = itest_login_user(w->srv, w->lon);
	rule = itest_get_int(itest_call_ok(mo, "words.add", word(ne,
	    "tribunal", "hold", "legal")), "word.id");
	before = itest_get_int(itest_post(ben, ne, "before"), "id");

	/* Held: not an error; no message; the reply says so. */
	reply = itest_call_ok(amy, "room.send", say(ne, "Going to Tribunal "
	    "over Section F"));
	assert_null(itest_find(reply, "msg"));
	held = itest_get_int(reply, "held.id");
	assert_int_equal(itest_get_int(reply, "held.rule"), rule);
	assert_string_equal(itest_get_str(reply, "held.label"), "legal");
	assert_string_equal(itest_get_str(reply, "held.room"), ne);
	/* Not in the room: not in history, not in sync. */
	since = itest_history_since(ben, ne, before);
	assert_int_equal(json_array_size(since), 0);
	json_decref(since);
	ev = itest_wait_event(mo, "mod.entry");
	assert_string_equal(itest_get_str(ev, "entry.item"), "held");
	e = itest_queue_entry(mo, "held.id", held);
	assert_non_null(e);
	entry = itest_get_int(e, "id");
	assert_string_equal(itest_get_str(e, "held.body"),
	    "Going to Tribunal over Section F");
	assert_string_equal(itest_get_str(e, "author.handle"), "amy");
	assert_null(itest_queue_entry(lon, "held.id", held));

	/* Only its scope's moderators decide; mod.resolve does not. */
	itest_call_error(lon, "held.approve", json_pack("{s:I}", "entry",
	    entry), "not_found");
	itest_call_error(amy, "held.approve", json_pack("{s:I}", "entry",
	    entry), "forbidden");
	itest_call_error(mo, "mod.resolve", json_pack("{s:I, s:s}", "entry",
	    entry, "action", "dismiss"), "bad_request");

	/* Meanwhile the room moved on. */
	last = itest_get_int(itest_post(ben, ne, "meanwhile"), "id");
	reply = itest_call_ok(mo, "held.approve", json_pack("{s:I}", "entry",
	    entry));
	approved = itest_get_int(reply, "msg.id");
	assert_true(approved > last);
	assert_string_equal(itest_get_str(reply, "msg.from"), "amy");
	/* Everyone in the room gets it as a message; its author is told. */
	assert_int_equal(itest_get_int(itest_wait_msg_from(ben, "amy"), "id"),
	    approved);
	ev = itest_wait_event(amy, "held");
	assert_string_equal(itest_get_str(ev, "held.outcome"), "approved");
	assert_int_equal(itest_get_int(ev, "held.msg.id"), approved);
	/* sync since the last id ben saw picks it up. */
	reply = itest_call_ok(ben, "sync", json_pack("{s:I}", "since", last));
	assert_int_equal(json_array_size(itest_get(reply, "msgs")), 1);
	assert_int_equal(itest_get_int(json_array_get(itest_get(reply, "msgs"),
	    0), "id"), approved);
	assert_string_equal(itest_get_str(json_array_get(itest_get(reply,
	    "msgs"), 0), "body"), "Going to Tribunal over Section F");
	/* Decided once. */
	itest_call_error(mo, "held.approve", json_pack("{s:I}", "entry",
	    entry), "not_found");
	itest_call_error(mo, "held.reject", json_pack("{s:I}", "entry",
	    entry), "not_found");

	/* Rejected: never in the room; the author hears why. */
	held = itest_get_int(itest_call_ok(amy, "room.send", say(ne,
	    "tribunal again")), "held.id");
	entry = itest_get_int(itest_queue_entry(mo, "held.id", held), "id");
	itest_call_ok(mo, "held.reject", json_pack("{s:I, s:s}", "entry", entry,
	    "reason", "please take this to a DM"));
	ev = itest_wait_event(amy, "held");
	assert_string_equal(itest_get_str(ev, "held.outcome"), "rejected");
	assert_string_equal(itest_get_str(ev, "held.reason"),
	    "please take this to a DM");
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM messages"
	    " WHERE body = 'tribunal again'"), 0);
	assert_null(itest_queue_entry(mo, "held.id", held));

	/* An edit into a held word cannot wait: refused. */
	itest_call_error(amy, "msg.edit", json_pack("{s:I, s:s}", "msg",
	    approved, "body", "tribunal, edited"), "word_blocked");
	assert_int_equal(itest_db_int(w->srv, "SELECT count(*) FROM audit"
	    " WHERE act IN ('held.approve', 'held.reject')"), 2);
	itest_call_ok(mo, "words.remove", json_pack("{s:I}", "word", rule));
	itest_close(amy);
	itest_close(ben);
	itest_close(mo);
	itest_close(lon);
}

static void
the_operator_scripts_the_words(void **state)
{
	struct words_world *w = *state;
	struct itest_client *amy, *mo;
	const char *ne = "region:north-east";
	const json_t *got;
	json_t *list;
	json_error_t jerr;
	char out[8192], id[32];

	amy = itest_login_user(w->srv, w->amy);
	mo = itest_login_user(w->srv, w->mo);
	itest_ctl_ok(w->srv, NULL, id, sizeof id, "words", "add", ne,
	    "plonker", "--action", "block", "--label", "name-calling", NULL);
	id[strcspn(id, "\n")] = '\0';
	/* Refused at once by the running daemon; the moderators see it. */
	itest_call_error(amy, "room.send", say(ne, "you Plonker"),
	    "word_blocked");
	got = list_words(mo, ne);
	assert_string_equal(itest_get_str(json_array_get(got,
	    json_array_size(got) - 1), "word"), "plonker");
	assert_null(itest_find(json_array_get(got, json_array_size(got) - 1),
	    "by"));
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "words", "list", ne,
	    "--json", NULL);
	list = json_loads(out, 0, &jerr);
	assert_non_null(list);
	/* The earlier tests' phrase, then the operator's word. */
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, 1), "word")), "plonker");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, 1), "action")), "block");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, 1), "label")), "name-calling");
	json_decref(list);
	/* Refused: the same word, a bad action, a private scope, no such word. */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "words", "add", ne,
	    "PLONKER", "--action", "flag", NULL), 1);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "words", "add", ne,
	    "git", "--action", "shout", NULL), 2);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "words", "add",
	    "private", "git", "--action", "flag", NULL), 2);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "words", "remove",
	    "999999", NULL), 1);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "words", "remove", id, NULL);
	itest_post(amy, ne, "plonker, said fondly");
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "5", NULL);
	assert_non_null(strstr(out, "words add"));
	assert_non_null(strstr(out, "words remove"));
	itest_close(amy);
	itest_close(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_a_scopes_moderators_and_admins_keep_its_words),
		cmocka_unit_test(block_refuses_naming_the_rule_never_the_word),
		cmocka_unit_test(flag_stores_and_files_a_queue_entry),
		cmocka_unit_test(hold_waits_for_a_moderator_then_comes_with_a_new_id),
		cmocka_unit_test(the_operator_scripts_the_words),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, words_setup,
	    words_teardown));
}
