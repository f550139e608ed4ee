/*
 * itest_dm.c: direct messages over real SSH: one room per pair however it is
 * opened, both people see it at once, nobody else can read, post, sync or
 * list it, and bad requests are answered.
 */
#include <string.h>

#include "harness.h"

static const json_t *
dm_open(struct itest_client *c, const char *with)
{
	return itest_call_ok(c, "dm.open", json_pack("{s:s}", "with", with));
}

static void
two_people_share_one_dm_room_however_it_is_opened(void **state)
{
	struct itest_client *asha = itest_person_online(itest_shared, "asha", "north-east");
	struct itest_client *ben = itest_person_online(itest_shared, "ben", "south-west");
	const json_t *reply, *ev, *sent, *listed;
	const char *room;

	reply = dm_open(asha, "ben");
	room = itest_get_str(reply, "room.id");
	assert_int_equal(strncmp(room, "dm:", 3), 0);
	assert_string_equal(itest_get_str(reply, "room.kind"), "dm");
	assert_string_equal(itest_get_str(reply, "room.with"), "ben");
	assert_string_equal(itest_get_str(reply, "room.name"), "Tester ben");

	/* Ben's sessions learn of the room at once, named for asha. */
	ev = itest_wait_event(ben, "room");
	assert_string_equal(itest_get_str(ev, "room.id"), room);
	assert_string_equal(itest_get_str(ev, "room.with"), "asha");
	assert_string_equal(itest_get_str(ev, "room.name"), "Tester asha");

	assert_string_equal(itest_get_str(dm_open(asha, "ben"), "room.id"), room);
	assert_string_equal(itest_get_str(dm_open(ben, "asha"), "room.id"), room);

	sent = itest_post(asha, room, "a quiet word");
	itest_assert_json_equal(itest_wait_msg_from(ben, "asha"), sent);
	sent = itest_post(ben, room, "of course");
	itest_assert_json_equal(itest_wait_msg_from(asha, "ben"), sent);
	listed = itest_find_room(itest_call_ok(ben, "rooms.list", NULL), room);
	assert_non_null(listed);
	assert_string_equal(itest_get_str(listed, "kind"), "dm");
	assert_string_equal(itest_get_str(listed, "with"), "asha");
	/* Ben answered, so he has read the room; Asha has his answer to read. */
	assert_int_equal(itest_get_int(listed, "unread"), 0);
	listed = itest_find_room(itest_call_ok(asha, "rooms.list", NULL), room);
	assert_non_null(listed);
	assert_int_equal(itest_get_int(listed, "unread"), 1);
	assert_int_equal(json_array_size(itest_get(itest_history(asha, room, 0, 0), "msgs")), 2);
	itest_close(asha);
	itest_close(ben);
}

static void
a_third_person_can_neither_read_post_sync_nor_list_a_dm(void **state)
{
	struct itest_client *cleo = itest_person_online(itest_shared, "cleo", "london");
	struct itest_client *dev = itest_person_online(itest_shared, "dev", "london");
	struct itest_client *eli = itest_person_online(itest_shared, "eli", "london");
	const char *room = itest_get_str(dm_open(cleo, "dev"), "room.id");
	const json_t *reply, *msgs, *region_msg;
	size_t i;

	itest_post(cleo, room, "just between us, @eli");
	itest_call_error(eli, "room.history", json_pack("{s:s}", "room", room), "forbidden");
	itest_call_error(eli, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "hello?"), "forbidden");
	itest_call_error(eli, "room.read", json_pack("{s:s, s:i}", "room", room,
	    "upto", 1), "forbidden");
	itest_call_error(eli, "room.members", json_pack("{s:s}", "room", room), "forbidden");
	assert_null(itest_room_in(itest_call_ok(eli, "rooms.list", NULL), room));
	reply = itest_call_ok(eli, "sync", json_pack("{s:i}", "since", 0));
	msgs = itest_get(reply, "msgs");
	for (i = 0; i < json_array_size(msgs); i++)
		assert_string_not_equal(itest_get_str(json_array_get(msgs, i), "room"), room);
	/* Nor was eli told of the message that named them: the next is the region one. */
	region_msg = itest_post(cleo, "region:london", "@eli hello");
	itest_assert_json_equal(itest_get(itest_wait_event(eli, "mention"), "msg"), region_msg);
	itest_close(cleo);
	itest_close(dev);
	itest_close(eli);
}

static void
bad_dm_requests_are_answered_and_the_connection_stays(void **state)
{
	struct itest_client *fay = itest_person_online(itest_shared, "fay", "north-west");

	itest_user_add(itest_shared, "gone", "north-west", NULL);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "disable", "gone", NULL);
	itest_call_error(fay, "dm.open", NULL, "bad_request");
	itest_call_error(fay, "dm.open", json_pack("{s:i}", "with", 3), "bad_request");
	itest_call_error(fay, "dm.open", json_pack("{s:s}", "with", "Not Valid"), "bad_request");
	itest_call_error(fay, "dm.open", json_pack("{s:s}", "with", "fay"), "bad_request");
	itest_call_error(fay, "dm.open", json_pack("{s:s}", "with", "nobody.here"), "not_found");
	itest_call_error(fay, "dm.open", json_pack("{s:s}", "with", "gone"), "not_found");
	itest_call_error(fay, "room.leave", json_pack("{s:s}", "room",
	    itest_get_str(dm_open(fay, itest_user_add(itest_shared, "hugo", "london", NULL)->handle),
	    "room.id")), "forbidden");
	itest_assert_alive(fay);
	itest_close(fay);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_people_share_one_dm_room_however_it_is_opened),
		cmocka_unit_test(a_third_person_can_neither_read_post_sync_nor_list_a_dm),
		cmocka_unit_test(bad_dm_requests_are_answered_and_the_connection_stays),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_dm", tests,
	    itest_shared_setup, itest_shared_teardown);
	return itest_finish(failures);
}
