/*
 * itest_msg_edit.c: chat messages edited and deleted by their authors, over
 * real SSH. Every version is kept; the edit reaches those who can see the
 * message (not a buddy who joined after it); a deleted message leaves
 * history, sync, unread counts and search; nobody else edits or deletes.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const char *const edit_daemon_args[] = {
	"--post-burst", "1000", "--post-rate", "1000", NULL
};

struct edit_world {
	struct itest_server	*srv;
	const struct itest_user	*asha, *ben, *cara, *dev;
};

static struct edit_world world;

static int
edit_setup(void **state)
{
	world.srv = itest_server_new(edit_daemon_args);
	world.asha = itest_user_add(world.srv, "asha", "london", NULL);
	world.ben = itest_user_add(world.srv, "ben", "london", NULL);
	world.cara = itest_user_add(world.srv, "cara", "north-east", NULL);
	world.dev = itest_user_add(world.srv, "dev", "north-east", NULL);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
edit_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static const json_t *
edit(struct itest_client *c, json_int_t id, const char *body)
{
	return itest_call(c, "msg.edit", json_pack("{s:I, s:s}", "msg", id, "body", body));
}

static json_t *
id_field(json_int_t id)
{
	return json_pack("{s:I}", "msg", id);
}

static size_t
hits(struct itest_client *c, const char *q)
{
	return json_array_size(itest_get(itest_call_ok(c, "search",
	    json_pack("{s:s}", "q", q)), "hits"));
}

static void
an_edit_keeps_every_version_and_reaches_the_room(void **state)
{
	struct edit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	json_int_t id = itest_get_int(itest_post(asha, "region:london",
	    "the lychee meeting is on Monday"), "id");
	const json_t *reply, *seen, *versions, *history;

	itest_wait_msg_from(ben, "asha");
	reply = edit(asha, id, "the lychee meeting is on Tuesday");
	itest_assert_ok(reply);
	assert_true(itest_get_bool(reply, "msg.edited"));
	seen = itest_get(itest_wait_event(ben, "msg.edit"), "msg");
	itest_assert_json_equal(seen, itest_get(reply, "msg"));
	history = itest_get(itest_history(ben, "region:london", 0, 0), "msgs");
	assert_string_equal(itest_get_str(json_array_get(history,
	    json_array_size(history) - 1), "body"), "the lychee meeting is on Tuesday");

	versions = itest_get(itest_call_ok(ben, "msg.history", id_field(id)), "versions");
	assert_int_equal(json_array_size(versions), 2);
	assert_string_equal(itest_get_str(versions, "0.body"),
	    "the lychee meeting is on Monday");
	assert_string_equal(itest_get_str(versions, "1.body"),
	    "the lychee meeting is on Tuesday");
	/* Search finds what it says now. */
	assert_int_equal(hits(ben, "tuesday lychee"), 1);
	assert_int_equal(hits(ben, "monday lychee"), 0);
	itest_close(asha);
	itest_close(ben);
}

static void
only_the_author_edits_or_deletes_and_others_cannot_see_it(void **state)
{
	struct edit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	json_int_t id = itest_get_int(itest_post(asha, "region:london", "mine alone"), "id");

	itest_assert_error(edit(ben, id, "not yours"), "forbidden");
	itest_call_error(ben, "msg.delete", id_field(id), "forbidden");
	/* Another region's message is as absent as one that does not exist. */
	itest_assert_error(edit(cara, id, "hello"), "not_found");
	itest_call_error(cara, "msg.history", id_field(id), "not_found");
	itest_call_error(cara, "msg.delete", id_field(id), "not_found");
	itest_call_error(cara, "msg.history", id_field(99999999), "not_found");
	itest_call_error(asha, "msg.edit", json_pack("{s:s, s:s}", "msg", "x", "body", "b"),
	    "bad_request");
	itest_call_error(asha, "msg.edit", json_pack("{s:I}", "msg", id), "bad_request");
	itest_call_error(asha, "msg.edit", json_pack("{s:I, s:s}", "msg", id, "body", " "),
	    "bad_request");
	itest_call_error(asha, "msg.delete", NULL, "bad_request");
	itest_assert_alive(asha);
	itest_close(asha);
	itest_close(ben);
	itest_close(cara);
}

static void
a_deleted_message_leaves_history_sync_counts_and_search(void **state)
{
	struct edit_world *w = *state;
	struct itest_client *cara = itest_login_user(w->srv, w->cara);
	struct itest_client *dev = itest_login_user(w->srv, w->dev);
	const char *room = "region:north-east";
	json_int_t before = itest_get_int(itest_find_room(itest_call_ok(dev, "rooms.list",
	    NULL), room), "unread");
	json_int_t id = itest_get_int(itest_post(cara, room, "a regrettable loquat @dev"),
	    "id");
	const json_t *gone, *sync;
	size_t i;

	assert_int_equal(itest_get_int(itest_find_room(itest_call_ok(dev, "rooms.list",
	    NULL), room), "mentions"), 1);
	itest_call_ok(cara, "msg.delete", id_field(id));
	gone = itest_get(itest_wait_event(dev, "msg.edit"), "msg");
	assert_int_equal(itest_get_int(gone, "id"), id);
	assert_true(itest_get_bool(gone, "hidden"));
	assert_null(itest_find(gone, "body"));

	assert_int_equal(itest_get_int(itest_find_room(itest_call_ok(dev, "rooms.list",
	    NULL), room), "unread"), before);
	assert_int_equal(itest_get_int(itest_find_room(itest_call_ok(dev, "rooms.list",
	    NULL), room), "mentions"), 0);
	sync = itest_get(itest_call_ok(dev, "sync", json_pack("{s:I}", "since", id - 1)),
	    "msgs");
	for (i = 0; i < json_array_size(sync); i++)
		assert_true(itest_get_int(json_array_get(sync, i), "id") != id);
	assert_int_equal(hits(dev, "loquat"), 0);
	itest_call_error(dev, "msg.history", id_field(id), "not_found");
	itest_call_error(cara, "msg.delete", id_field(id), "not_found");
	itest_assert_error(edit(cara, id, "back"), "not_found");
	itest_close(cara);
	itest_close(dev);
}

static void
a_buddy_who_joined_later_is_not_told_of_an_earlier_message(void **state)
{
	struct edit_world *w = *state;
	struct itest_client *asha = itest_login_user(w->srv, w->asha);
	struct itest_client *ben = itest_login_user(w->srv, w->ben);
	const char *room = itest_get_str(itest_call_ok(asha, "buddy.create",
	    json_pack("{s:s, s:[s]}", "name", "Later", "members", "ben")), "room.id");
	json_int_t early = itest_get_int(itest_post(asha, room, "before ben"), "id");
	json_int_t late;

	itest_call_ok(ben, "buddy.accept", json_pack("{s:s}", "room", room));
	late = itest_get_int(itest_post(asha, room, "after ben"), "id");
	itest_assert_ok(edit(asha, early, "before ben, edited"));
	itest_call_error(ben, "msg.history", id_field(early), "not_found");
	itest_assert_ok(edit(asha, late, "after ben, edited"));
	itest_wait_event(ben, "msg.edit");
	itest_assert_alive(ben);
	/* Only the second edit reached ben. */
	assert_int_equal(itest_unclaimed_events(ben, "msg.edit"), 0);
	itest_close(asha);
	itest_close(ben);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_edit_keeps_every_version_and_reaches_the_room),
		cmocka_unit_test(only_the_author_edits_or_deletes_and_others_cannot_see_it),
		cmocka_unit_test(a_deleted_message_leaves_history_sync_counts_and_search),
		cmocka_unit_test(a_buddy_who_joined_later_is_not_told_of_an_earlier_message),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("msg_edit", tests, edit_setup,
	    edit_teardown));
}
