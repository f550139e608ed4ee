/*
 * itest_members.c: room.members over real SSH for every kind of room (what
 * /names shows): everyone who may read the room, by handle, a page at a
 * time, with presence in words; names as their owners show them; no
 * presence across a block; and someone who may not read a room is refused
 * exactly as for a room that does not exist.
 */
#include <string.h>

#include "harness.h"

static const json_t *
members(struct itest_client *c, const char *room)
{
	return itest_call_ok(c, "room.members", json_pack("{s:s}", "room", room));
}

/* The member entry for handle in a room.members reply, or NULL. */
static const json_t *
member(const json_t *reply, const char *handle)
{
	const json_t *list = itest_get(reply, "members"), *m;
	size_t i;

	json_array_foreach(list, i, m) {
		if (strcmp(json_string_value(json_object_get(m, "handle")), handle) == 0)
			return m;
	}
	return NULL;
}

static const char *
status(const json_t *reply, const char *handle)
{
	const json_t *m = member(reply, handle);

	assert_non_null(m);
	return json_string_value(json_object_get(m, "status"));
}

/*
 * National: everyone; a region: its people; a trust room and a meeting
 * room: their members. Each with presence (online, away, offline).
 */
static void
every_kind_of_room_lists_who_may_read_it_with_presence(void **state)
{
	struct itest_client *asha = itest_person_online(itest_shared, "asha", "north-east");
	struct itest_client *ben = itest_person_online(itest_shared, "ben", "north-east");
	const json_t *reply;
	char trust[32], room[64];
	json_int_t series, meeting;

	itest_user_add(itest_shared, "cleo", "london", NULL);
	itest_call_ok(ben, "presence.set", json_pack("{s:s}", "status", "away"));

	reply = members(asha, "national");
	assert_string_equal(status(reply, "asha"), "online");
	assert_string_equal(status(reply, "ben"), "away");
	assert_string_equal(status(reply, "cleo"), "offline");
	assert_string_equal(itest_get_str(member(reply, "ben"), "name"), "Tester ben");
	assert_null(json_object_get(member(reply, "ben"), "state"));
	assert_false(json_is_true(itest_get(reply, "more")));

	reply = members(ben, "region:north-east");
	assert_int_equal(json_array_size(itest_get(reply, "members")), 2);
	assert_string_equal(itest_get_str(reply, "members.0.handle"), "asha");
	assert_string_equal(itest_get_str(reply, "members.1.handle"), "ben");

	itest_trust_add(itest_shared, "Tyne MAT", "north-east",
	    trust, sizeof trust);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "trust", "member", "asha", trust, NULL);
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "trust", "member", "cleo", trust, NULL);
	snprintf(room, sizeof room, "trust:%s", trust);
	reply = members(asha, room);
	assert_int_equal(json_array_size(itest_get(reply, "members")), 2);
	assert_string_equal(status(reply, "cleo"), "offline");
	assert_null(member(reply, "ben"));

	series = itest_get_int(itest_call_ok(asha, "series.create", json_pack(
	    "{s:s}", "name", "North East network")), "series.id");
	itest_call_ok(asha, "series.invite", json_pack("{s:I, s:s}", "series",
	    series, "handle", "ben"));
	itest_call_ok(ben, "series.accept", json_pack("{s:I}", "series", series));
	meeting = itest_get_int(itest_call_ok(asha, "meeting.create", json_pack(
	    "{s:I, s:s, s:s}", "series", series, "title", "Spring network",
	    "start", "2031-03-04 16:00")), "meeting.id");
	itest_call_ok(asha, "meeting.start", json_pack("{s:I}", "meeting", meeting));
	snprintf(room, sizeof room, "meeting:%lld", (long long)meeting);
	reply = members(ben, room);
	assert_int_equal(json_array_size(itest_get(reply, "members")), 2);
	/* room.info counts the same people (not only those who joined it). */
	assert_int_equal(itest_get_int(itest_call_ok(ben, "room.info",
	    json_pack("{s:s}", "room", room)), "room.members"), 2);
	assert_string_equal(status(reply, "asha"), "online");
	assert_string_equal(status(reply, "ben"), "away");
	itest_close(asha);
	itest_close(ben);
}

/* Pages of `limit` by handle: "after" the last of one gives the next. */
static void
members_come_a_page_at_a_time_by_handle(void **state)
{
	struct itest_client *pat = itest_person_online(itest_shared, "pat", "south-west");
	const json_t *reply;
	char last[40];

	itest_user_add(itest_shared, "pia", "south-west", NULL);
	itest_user_add(itest_shared, "pru", "south-west", NULL);
	reply = itest_call_ok(pat, "room.members", json_pack("{s:s, s:i}",
	    "room", "region:south-west", "limit", 2));
	assert_int_equal(json_array_size(itest_get(reply, "members")), 2);
	assert_string_equal(itest_get_str(reply, "members.0.handle"), "pat");
	assert_string_equal(itest_get_str(reply, "members.1.handle"), "pia");
	assert_true(json_is_true(itest_get(reply, "more")));
	snprintf(last, sizeof last, "%s", itest_get_str(reply, "members.1.handle"));
	reply = itest_call_ok(pat, "room.members", json_pack("{s:s, s:i, s:s}",
	    "room", "region:south-west", "limit", 2, "after", last));
	assert_int_equal(json_array_size(itest_get(reply, "members")), 1);
	assert_string_equal(itest_get_str(reply, "members.0.handle"), "pru");
	assert_false(json_is_true(itest_get(reply, "more")));

	itest_call_error(pat, "room.members", json_pack("{s:s, s:i}", "room",
	    "national", "limit", 0), "bad_request");
	itest_call_error(pat, "room.members", json_pack("{s:s, s:i}", "room",
	    "national", "limit", 201), "bad_request");
	itest_call_error(pat, "room.members", json_pack("{s:s, s:s}", "room",
	    "national", "after", "Not a handle"), "bad_request");
	itest_assert_alive(pat);
	itest_close(pat);
}

/*
 * Someone who may not read a room learns nothing from room.members: the
 * refusal reads as the one for a room that is not there.
 */
static void
a_room_one_cannot_read_is_refused_as_one_that_is_not_there(void **state)
{
	struct itest_client *lee = itest_person_online(itest_shared, "lee", "london");
	struct itest_client *max = itest_person_online(itest_shared, "max", "north-west");
	const char *buddy, *refused, *missing;
	char want[128];

	itest_user_add(itest_shared, "nia", "north-west", NULL);
	buddy = itest_get_str(itest_call_ok(max, "buddy.create", json_pack(
	    "{s:s, s:[s]}", "name", "Quiet word", "members", "nia")), "room.id");
	refused = itest_get_str(itest_call_error(lee, "room.members", json_pack(
	    "{s:s}", "room", "region:north-west"), "forbidden"), "error.message");
	missing = itest_get_str(itest_call_error(lee, "room.members", json_pack(
	    "{s:s}", "room", "region:atlantis"), "forbidden"), "error.message");
	snprintf(want, sizeof want, "you are not a member of room %s", "region:north-west");
	assert_string_equal(refused, want);
	snprintf(want, sizeof want, "you are not a member of room %s", "region:atlantis");
	assert_string_equal(missing, want);
	refused = itest_get_str(itest_call_error(lee, "room.members", json_pack(
	    "{s:s}", "room", buddy), "forbidden"), "error.message");
	snprintf(want, sizeof want, "you are not a member of room %s", buddy);
	assert_string_equal(refused, want);
	refused = itest_get_str(itest_call_error(lee, "room.members", json_pack(
	    "{s:s}", "room", "buddy:999999"), "forbidden"), "error.message");
	assert_string_equal(refused, "you are not a member of room buddy:999999");

	/* The buddy chat's own list: who joined, who is invited, its owner. */
	assert_string_equal(itest_get_str(members(max, buddy), "owner"), "max");
	assert_string_equal(itest_get_str(member(members(max, buddy), "nia"),
	    "state"), "invited");
	assert_string_equal(itest_get_str(member(members(max, buddy), "max"),
	    "state"), "member");
	itest_close(lee);
	itest_close(max);
}

/* A hidden name stays hidden (its owner sees it); a block hides presence. */
static void
hidden_names_and_blocks_are_kept(void **state)
{
	struct itest_client *una = itest_person_online(itest_shared, "una", "east-midlands");
	struct itest_client *vic = itest_person_online(itest_shared, "vic", "east-midlands");
	const json_t *reply;

	itest_call_ok(una, "profile.set", json_pack("{s:[s]}", "visible", "bio"));
	reply = members(vic, "region:east-midlands");
	assert_null(json_object_get(member(reply, "una"), "name"));
	assert_string_equal(status(reply, "una"), "online");
	assert_string_equal(itest_get_str(member(members(una,
	    "region:east-midlands"), "una"), "name"), "Tester una");

	itest_call_ok(una, "user.block", json_pack("{s:s}", "handle", "vic"));
	reply = members(vic, "region:east-midlands");
	assert_non_null(member(reply, "una"));
	assert_null(json_object_get(member(reply, "una"), "status"));
	assert_null(json_object_get(member(members(una, "region:east-midlands"),
	    "vic"), "status"));
	itest_close(una);
	itest_close(vic);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_of_room_lists_who_may_read_it_with_presence),
		cmocka_unit_test(members_come_a_page_at_a_time_by_handle),
		cmocka_unit_test(a_room_one_cannot_read_is_refused_as_one_that_is_not_there),
		cmocka_unit_test(hidden_names_and_blocks_are_kept),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_members", tests,
	    itest_shared_setup, itest_shared_teardown);
	return itest_finish(failures);
}
