/*
 * itest_buddy.c: buddy chats over real SSH: invitations, accepting and
 * declining, what a member sees from the moment they accepted, leaving and
 * removal (nothing new, live or in history), who may manage a chat, and bad
 * requests.
 *
 * Each test uses people of its own, so no test sees another's invitations.
 */
#include <string.h>

#include "harness.h"

/* buddy.create with these members; returns the new room's id. */
static const char *
create(struct itest_client *c, const char *name, json_t *members)
{
	const json_t *reply = itest_call_ok(c, "buddy.create",
	    json_pack("{s:s, s:o}", "name", name, "members", members));

	assert_string_equal(itest_get_str(reply, "room.kind"), "buddy");
	assert_string_equal(itest_get_str(reply, "room.name"), name);
	return itest_get_str(reply, "room.id");
}

static json_t *
room_arg(const char *room)
{
	return json_pack("{s:s}", "room", room);
}

static json_t *
room_handle_arg(const char *room, const char *handle)
{
	return json_pack("{s:s, s:s}", "room", room, "handle", handle);
}

/* The invitation event a person received names the room and who invited them. */
static void
assert_invited(struct itest_client *c, const char *room, const char *from)
{
	const json_t *ev = itest_wait_event(c, "invitation");

	assert_string_equal(itest_get_str(ev, "invitation.room.id"), room);
	assert_string_equal(itest_get_str(ev, "invitation.from"), from);
}

/* Waits for this change, passing over earlier membership events. */
static void
assert_member_event(struct itest_client *c, const char *room, const char *handle,
    const char *change)
{
	const json_t *ev;

	do {
		ev = itest_wait_event(c, "member");
	} while (strcmp(itest_get_str(ev, "handle"), handle) != 0 ||
	    strcmp(itest_get_str(ev, "change"), change) != 0);
	assert_string_equal(itest_get_str(ev, "room"), room);
}

static bool
rooms_list_has(struct itest_client *c, const char *room)
{
	return itest_room_in(itest_call_ok(c, "rooms.list", NULL), room) != NULL;
}

/* No message of the page (history or sync) came from this room. */
static void
assert_no_msgs_from_room(const json_t *reply, const char *room)
{
	const json_t *msgs = itest_get(reply, "msgs");
	size_t i;

	for (i = 0; i < json_array_size(msgs); i++)
		assert_string_not_equal(itest_get_str(json_array_get(msgs, i), "room"), room);
}

static void
assert_shut_out(struct itest_client *c, const char *room)
{
	itest_call_error(c, "room.history", room_arg(room), "forbidden");
	itest_call_error(c, "room.send", json_pack("{s:s, s:s}", "room", room,
	    "body", "let me in"), "forbidden");
	itest_call_error(c, "room.members", room_arg(room), "forbidden");
	assert_false(rooms_list_has(c, room));
	assert_no_msgs_from_room(itest_call_ok(c, "sync", json_pack("{s:i}", "since", 0)),
	    room);
}

static void
an_invited_person_sees_the_chat_only_from_the_moment_they_accept(void **state)
{
	struct itest_client *asha = itest_person_online(itest_shared, "asha", "north-east");
	struct itest_client *ben = itest_person_online(itest_shared, "ben", "north-west");
	struct itest_client *cleo = itest_person_online(itest_shared, "cleo", "london");
	struct itest_client *dev = itest_person_online(itest_shared, "dev", "north-east");
	const char *room = create(asha, "New SENCOs", json_pack("[s, s]", "ben", "cleo"));
	const json_t *reply, *sent, *members;

	assert_invited(ben, room, "asha");
	assert_invited(cleo, room, "asha");
	reply = itest_call_ok(ben, "buddy.invitations", NULL);
	assert_string_equal(itest_get_str(reply, "invitations.0.room.id"), room);

	/* Invited is not a member: nothing to read yet. */
	itest_call_error(ben, "room.history", room_arg(room), "forbidden");
	itest_post(asha, room, "before ben joined");

	reply = itest_call_ok(ben, "buddy.accept", room_arg(room));
	assert_string_equal(itest_get_str(reply, "room.id"), room);
	assert_int_equal(itest_get_int(reply, "room.unread"), 0);
	assert_member_event(asha, room, "ben", "joined");
	assert_true(rooms_list_has(ben, room));
	assert_int_equal(json_array_size(itest_get(itest_history(ben, room, 0, 0), "msgs")), 0);
	assert_no_msgs_from_room(itest_call_ok(ben, "sync", json_pack("{s:i}", "since", 0)),
	    room);

	sent = itest_post(asha, room, "welcome ben");
	itest_assert_json_equal(itest_wait_msg_from(ben, "asha"), sent);
	reply = itest_call_ok(ben, "sync", json_pack("{s:i}", "since", 0));
	assert_int_equal(itest_get_int(reply, "last_id"), itest_get_int(sent, "id"));
	assert_int_equal(itest_get_int(itest_find_room(itest_call_ok(ben, "rooms.list",
	    NULL), room), "unread"), 1);

	itest_call_ok(cleo, "buddy.decline", room_arg(room));
	assert_member_event(asha, room, "cleo", "declined");
	assert_shut_out(cleo, room);
	itest_call_error(cleo, "buddy.accept", room_arg(room), "forbidden");

	/* Nobody else can see or find it. */
	assert_shut_out(dev, room);
	members = itest_get(itest_call_ok(ben, "room.members", room_arg(room)), "members");
	assert_int_equal(json_array_size(members), 2);
	assert_string_equal(itest_get_str(itest_call_ok(ben, "room.members",
	    room_arg(room)), "owner"), "asha");

	itest_close(asha);
	itest_close(ben);
	itest_close(cleo);
	itest_close(dev);
}

static void
a_removed_member_gets_no_later_messages_live_or_in_history(void **state)
{
	struct itest_client *eve = itest_person_online(itest_shared, "eve", "south-west");
	struct itest_client *finn = itest_person_online(itest_shared, "finn", "south-west");
	const char *room = create(eve, "Pair", json_pack("[s]", "finn"));
	const json_t *ev, *region_msg;

	assert_invited(finn, room, "eve");
	itest_call_ok(finn, "buddy.accept", room_arg(room));
	itest_post(eve, room, "while finn is in");
	itest_wait_msg_from(finn, "eve");

	itest_call_ok(eve, "room.remove", room_handle_arg(room, "finn"));
	ev = itest_wait_event(finn, "room_gone");
	assert_string_equal(itest_get_str(ev, "room"), room);
	assert_string_equal(itest_get_str(ev, "reason"), "removed");

	itest_post(eve, room, "after finn left");
	/* The next message finn sees from eve is the region one, not the buddy one. */
	region_msg = itest_post(eve, "region:south-west", "in the region");
	itest_assert_json_equal(itest_wait_msg_from(finn, "eve"), region_msg);
	assert_shut_out(finn, room);
	itest_close(eve);
	itest_close(finn);
}

static void
a_member_who_leaves_gets_nothing_new_and_the_owner_role_passes_on(void **state)
{
	struct itest_client *gita = itest_person_online(itest_shared, "gita", "london");
	struct itest_client *hal = itest_person_online(itest_shared, "hal", "london");
	struct itest_client *ivy = itest_person_online(itest_shared, "ivy", "london");
	const char *room = create(gita, "Three", json_pack("[s, s]", "hal", "ivy"));
	const json_t *ev, *region_msg;

	assert_invited(hal, room, "gita");
	assert_invited(ivy, room, "gita");
	itest_call_ok(hal, "buddy.accept", room_arg(room));
	/* Every session of the person who accepted is told of the room. */
	assert_string_equal(itest_get_str(itest_wait_event(hal, "room"), "room.name"), "Three");
	itest_call_ok(ivy, "buddy.accept", room_arg(room));

	itest_call_ok(ivy, "room.leave", room_arg(room));
	ev = itest_wait_event(ivy, "room_gone");
	assert_string_equal(itest_get_str(ev, "reason"), "left");
	assert_member_event(gita, room, "ivy", "left");
	itest_post(gita, room, "ivy has gone");
	region_msg = itest_post(gita, "region:london", "region news");
	itest_assert_json_equal(itest_wait_msg_from(ivy, "gita"), region_msg);
	assert_shut_out(ivy, room);

	/* Only the owner manages the chat; when she leaves, hal is the owner. */
	itest_call_error(hal, "room.rename", json_pack("{s:s, s:s}", "room", room,
	    "name", "Mine now"), "forbidden");
	itest_call_error(hal, "room.add", room_handle_arg(room, "ivy"), "forbidden");
	itest_call_ok(gita, "room.leave", room_arg(room));
	itest_call_ok(hal, "room.rename", json_pack("{s:s, s:s}", "room", room,
	    "name", "Mine now"));
	ev = itest_wait_event(hal, "room");
	assert_string_equal(itest_get_str(ev, "room.name"), "Mine now");
	itest_call_ok(hal, "room.add", room_handle_arg(room, "ivy"));
	assert_invited(ivy, room, "hal");
	itest_close(gita);
	itest_close(hal);
	itest_close(ivy);
}

/* A new person whom an operator made an admin, signed in. */
static struct itest_client *
admin_online(const char *handle)
{
	const struct itest_user *u = itest_user_add(itest_shared, handle, "london", NULL);

	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "set", handle, "--role", "admin",
	    NULL);
	return itest_login_user(itest_shared, u);
}

static void
an_admin_manages_a_buddy_chat_without_reading_it(void **state)
{
	struct itest_client *jo = itest_person_online(itest_shared, "jo", "east-midlands");
	struct itest_client *kit = itest_person_online(itest_shared, "kit", "east-midlands");
	struct itest_client *admin = admin_online("root.admin");
	const char *room = create(jo, "Quiet", json_pack("[s]", "kit"));

	assert_invited(kit, room, "jo");
	itest_call_ok(kit, "buddy.accept", room_arg(room));
	assert_member_event(jo, room, "kit", "joined");
	itest_post(jo, room, "just us");
	assert_shut_out(admin, room);

	itest_call_ok(admin, "room.remove", room_handle_arg(room, "kit"));
	assert_string_equal(itest_get_str(itest_wait_event(kit, "room_gone"), "reason"),
	    "removed");
	assert_member_event(jo, room, "kit", "removed");
	/* A disabled account is listed nowhere, members included. */
	itest_call_ok(jo, "room.add", room_handle_arg(room, "root.admin"));
	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "disable", "root.admin", NULL);
	assert_int_equal(json_array_size(itest_get(itest_call_ok(jo, "room.members",
	    room_arg(room)), "members")), 1);
	itest_close(admin);
	itest_close(jo);
	itest_close(kit);
}

/*
 * An admin's open session loses the admin's powers as soon as an operator
 * makes them a member again: managing someone else's buddy chat is refused.
 */
static void
a_demoted_admins_open_session_can_no_longer_manage_others_chats(void **state)
{
	struct itest_client *nell = itest_person_online(itest_shared, "nell", "east-midlands");
	struct itest_client *otto = itest_person_online(itest_shared, "otto", "east-midlands");
	struct itest_client *admin = admin_online("pat.admin");
	const char *room = create(nell, "Ours", json_pack("[s]", "otto"));

	itest_call_ok(admin, "room.rename", json_pack("{s:s, s:s}", "room", room,
	    "name", "Renamed by an admin"));

	itest_ctl_ok(itest_shared, NULL, NULL, 0, "user", "set", "pat.admin",
	    "--role", "member", NULL);
	assert_string_equal(itest_get_str(itest_wait_event(admin, "me"), "me.role"),
	    "member");
	itest_call_error(admin, "room.rename", json_pack("{s:s, s:s}", "room", room,
	    "name", "Renamed by a member"), "forbidden");
	itest_call_error(admin, "room.remove", room_handle_arg(room, "otto"), "forbidden");
	itest_call_error(admin, "room.add", room_handle_arg(room, "pat.admin"),
	    "forbidden");
	assert_int_equal(json_array_size(itest_get(itest_call_ok(nell, "room.members",
	    room_arg(room)), "members")), 2);
	itest_close(admin);
	itest_close(nell);
	itest_close(otto);
}

static void
bad_requests_are_answered_and_the_connection_stays(void **state)
{
	struct itest_client *lee = itest_person_online(itest_shared, "lee", "north-east");
	struct itest_client *mo = itest_person_online(itest_shared, "mo", "north-east");
	const char *room;

	itest_call_error(lee, "buddy.create", json_pack("{s:[s]}", "members", "mo"),
	    "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:s}", "name", "x",
	    "members", "mo"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[]}", "name", "x",
	    "members"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s,s,s,s,s,s,s,s,s,s,s,s]}",
	    "name", "x", "members", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8",
	    "a9", "a10", "a11", "a12"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s]}", "name", "x",
	    "members", "lee"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s, s]}", "name", "x",
	    "members", "mo", "mo"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s]}", "name", "x",
	    "members", "nobody.here"), "not_found");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s]}", "name", "x",
	    "members", "Not A Handle"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[i]}", "name", "x",
	    "members", 7), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s]}", "name", "",
	    "members", "mo"), "bad_request");
	itest_call_error(lee, "buddy.create", json_pack("{s:s, s:[s]}", "name", "a\nb",
	    "members", "mo"), "bad_text");
	/* None of the refused requests made a room or an invitation. */
	assert_int_equal(json_array_size(itest_get(itest_call_ok(mo, "buddy.invitations",
	    NULL), "invitations")), 0);

	room = create(lee, "Ok", json_pack("[s]", "mo"));
	itest_call_error(lee, "room.add", room_handle_arg(room, "mo"), "bad_request");
	itest_call_error(lee, "room.add", room_handle_arg(room, "lee"), "bad_request");
	itest_call_error(lee, "room.add", json_pack("{s:s}", "room", room), "bad_request");
	itest_call_error(lee, "room.remove", room_handle_arg(room, "lee"), "bad_request");
	itest_call_error(lee, "room.remove", room_handle_arg(room, "nobody.here"),
	    "not_found");
	itest_call_error(lee, "room.rename", json_pack("{s:s, s:i}", "room", room,
	    "name", 3), "bad_request");
	itest_call_error(lee, "room.leave", room_arg("region:north-east"), "forbidden");
	itest_call_error(lee, "room.leave", room_arg("buddy:0"), "bad_request");
	itest_call_error(lee, "room.leave", room_arg("buddy:999999"), "forbidden");
	itest_call_error(lee, "room.members", json_pack("{s:s, s:i}", "room", room,
	    "limit", 0), "bad_request");
	itest_call_error(lee, "buddy.accept", room_arg(room), "forbidden");
	itest_call_error(lee, "buddy.decline", json_pack("{s:i}", "room", 5), "bad_request");
	itest_call_error(lee, "room.rename", json_pack("{s:s, s:s}", "room",
	    "region:north-east", "name", "Mine"), "forbidden");
	/* Withdrawing an invitation takes it away from the invitee. */
	itest_call_ok(lee, "room.remove", room_handle_arg(room, "mo"));
	itest_call_error(mo, "buddy.accept", room_arg(room), "forbidden");
	itest_assert_alive(lee);
	itest_close(lee);
	itest_close(mo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_invited_person_sees_the_chat_only_from_the_moment_they_accept),
		cmocka_unit_test(a_removed_member_gets_no_later_messages_live_or_in_history),
		cmocka_unit_test(a_member_who_leaves_gets_nothing_new_and_the_owner_role_passes_on),
		cmocka_unit_test(an_admin_manages_a_buddy_chat_without_reading_it),
		cmocka_unit_test(a_demoted_admins_open_session_can_no_longer_manage_others_chats),
		cmocka_unit_test(bad_requests_are_answered_and_the_connection_stays),
	};
	int failures;

	itest_init();
	failures = cmocka_run_group_tests_name("itest_buddy", tests, itest_shared_setup,
	    itest_shared_teardown);
	return itest_finish(failures);
}
