/*
 * itest_chat.c: region rooms over real SSH: live delivery in order, who may
 * read and post where, history pages, catching up with sync, read markers,
 * unread and mention counts.
 *
 * Each test works in a region of its own, so counts and pages never see
 * another test's messages.
 */
#include <string.h>

#include "harness.h"

struct chat_world {
	struct itest_server	*srv;
};

static struct chat_world world;

static int
chat_setup(void **state)
{
	world.srv = itest_server_new(itest_posting_unlimited);
	itest_server_start(world.srv);
	*state = &world;
	return 0;
}

static int
chat_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

static void
assert_msgs_have_bodies(const json_t *msgs, const char *const *bodies, size_t count)
{
	assert_int_equal(json_array_size(msgs), count);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(itest_get_str(json_array_get(msgs, i), "body"), bodies[i]);
}

static void
people_of_a_region_see_each_others_messages_live_and_in_order(void **state)
{
	struct chat_world *w = *state;
	static const char *const bodies[] = { "one", "two", "three", "four", "five" };
	struct itest_client *asha = itest_person_online(w->srv, "asha", "north-east");
	struct itest_client *ben = itest_person_online(w->srv, "ben", "north-east");
	json_int_t ids[5];
	const json_t *sent[5], *answer;

	/* Sent back to back, without waiting for each reply. */
	for (size_t i = 0; i < 5; i++)
		ids[i] = itest_send(asha, "room.send", json_pack("{s:s, s:s}",
		    "room", "region:north-east", "body", bodies[i]));
	for (size_t i = 0; i < 5; i++)
		sent[i] = itest_get(itest_wait_reply(asha, ids[i]), "msg");
	for (size_t i = 0; i < 5; i++) {
		const json_t *seen = itest_get(itest_wait_event(ben, "msg"), "msg");

		itest_assert_json_equal(seen, sent[i]);
		assert_string_equal(itest_get_str(seen, "from"), "asha");
		assert_string_equal(itest_get_str(seen, "room"), "region:north-east");
		if (i > 0)
			assert_true(itest_get_int(seen, "id") > itest_get_int(sent[i - 1], "id"));
	}
	answer = itest_post(ben, "region:north-east", "got all five");
	itest_assert_json_equal(itest_wait_msg_from(asha, "ben"), answer);
	itest_close(asha);
	itest_close(ben);
}

static void
replies_come_in_the_order_the_requests_were_sent(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *c = itest_person_online(w->srv, "olu", "north-east");
	json_int_t ids[5];

	/* Quick and slow ops, a write and an error, all sent before any reply. */
	ids[0] = itest_send(c, "room.send", json_pack("{s:s, s:s}",
	    "room", "region:north-east", "body", "ordered"));
	ids[1] = itest_send(c, "ping", NULL);
	ids[2] = itest_send(c, "no.such.op", NULL);
	ids[3] = itest_send(c, "room.history", json_pack("{s:s}", "room", "region:north-east"));
	ids[4] = itest_send(c, "rooms.list", NULL);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(itest_get_int(itest_next_reply(c), "re"), ids[i]);
	itest_close(c);
}

static void
the_senders_other_session_receives_their_own_message(void **state)
{
	struct chat_world *w = *state;
	const struct itest_user *cleo = itest_user_add(w->srv, "cleo", "west-midlands", NULL);
	struct itest_client *desk = itest_login_user(w->srv, cleo);
	struct itest_client *phone = itest_login_user(w->srv, cleo);
	const json_t *sent = itest_post(desk, "region:west-midlands", "from my desk");
	const json_t *seen = itest_get(itest_wait_event(phone, "msg"), "msg");

	itest_assert_json_equal(seen, sent);
	itest_close(desk);
	itest_close(phone);
}

static void
another_regions_room_is_forbidden_for_history(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *cara = itest_person_online(w->srv, "cara", "london");

	itest_call_error(cara, "room.history",
	    json_pack("{s:s}", "room", "region:north-east"), "forbidden");
	itest_close(cara);
}

static void
another_regions_room_is_forbidden_for_sending(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *cyd = itest_person_online(w->srv, "cyd", "london");

	itest_call_error(cyd, "room.send", json_pack("{s:s, s:s}",
	    "room", "region:north-east", "body", "may I join in?"), "forbidden");
	itest_close(cyd);
}

static void
a_room_that_does_not_exist_is_forbidden(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *c = itest_person_online(w->srv, "cato", "london");

	itest_call_error(c, "room.history",
	    json_pack("{s:s}", "room", "region:atlantis"), "forbidden");
	itest_call_error(c, "room.send", json_pack("{s:s, s:s}",
	    "room", "region:atlantis", "body", "anyone here?"), "forbidden");
	itest_call_error(c, "room.history",
	    json_pack("{s:s}", "room", "buddy:999999"), "forbidden");
	itest_close(c);
}

static void
rooms_list_gives_national_then_the_persons_region(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *c = itest_person_online(w->srv, "dev", "east-of-england");
	const json_t *reply = itest_call_ok(c, "rooms.list", NULL);

	assert_string_equal(itest_get_str(reply, "rooms.0.id"), "national");
	assert_string_equal(itest_get_str(reply, "rooms.0.kind"), "national");
	assert_string_equal(itest_get_str(reply, "rooms.1.id"), "region:east-of-england");
	assert_string_equal(itest_get_str(reply, "rooms.1.kind"), "region");
	itest_close(c);
}

static void
room_info_gives_name_kind_and_how_many_belong(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *ada = itest_person_online(w->srv, "ada", "east-midlands");
	json_t *ask = json_pack("{s:s}", "room", "region:east-midlands");
	const json_t *reply = itest_call_ok(ada, "room.info", json_incref(ask));
	json_int_t before = itest_get_int(reply, "room.members");
	struct itest_client *abe;

	assert_string_equal(itest_get_str(reply, "room.id"), "region:east-midlands");
	assert_string_equal(itest_get_str(reply, "room.kind"), "region");
	assert_string_equal(itest_get_str(reply, "room.name"), "East Midlands");
	assert_true(before >= 1);
	/* One more person in the region is one more member. */
	abe = itest_person_online(w->srv, "abe", "east-midlands");
	reply = itest_call_ok(ada, "room.info", ask);
	assert_int_equal(itest_get_int(reply, "room.members"), before + 1);
	itest_call_error(ada, "room.info", json_pack("{s:s}", "room",
	    "region:london"), "forbidden");
	itest_close(abe);
	itest_close(ada);
}

static void
history_pages_go_back_with_before_and_say_when_there_is_more(void **state)
{
	struct chat_world *w = *state;
	static const char *const bodies[] = { "h1", "h2", "h3", "h4", "h5", "h6", "h7" };
	struct itest_client *c = itest_person_online(w->srv, "fay", "north-west");
	const char *room = "region:north-west";
	json_int_t ids[7];
	const json_t *page;

	for (size_t i = 0; i < 7; i++)
		ids[i] = itest_get_int(itest_post(c, room, bodies[i]), "id");

	page = itest_history(c, room, 0, 3);
	assert_msgs_have_bodies(itest_get(page, "msgs"), bodies + 4, 3);
	assert_true(itest_get_bool(page, "more"));

	page = itest_history(c, room, ids[4], 3);
	assert_msgs_have_bodies(itest_get(page, "msgs"), bodies + 1, 3);
	assert_true(itest_get_bool(page, "more"));

	page = itest_history(c, room, ids[1], 3);
	assert_msgs_have_bodies(itest_get(page, "msgs"), bodies, 1);
	assert_false(itest_get_bool(page, "more"));

	page = itest_history(c, room, 0, 0);
	assert_msgs_have_bodies(itest_get(page, "msgs"), bodies, 7);
	assert_false(itest_get_bool(page, "more"));
	itest_close(c);
}

static void
sync_after_a_reconnect_returns_everything_missed_in_order(void **state)
{
	struct chat_world *w = *state;
	static const char *const missed[] = { "while you were out", "second", "third" };
	const struct itest_user *hana = itest_user_add(w->srv, "hana", "yorkshire-and-the-humber", NULL);
	struct itest_client *gus = itest_person_online(w->srv, "gus", "yorkshire-and-the-humber");
	struct itest_client *c = itest_login_user(w->srv, hana);
	const char *room = "region:yorkshire-and-the-humber";
	json_int_t last_seen, last_sent = 0;
	const json_t *reply;

	itest_post(gus, room, "are you there?");
	last_seen = itest_get_int(itest_wait_event(c, "msg"), "msg.id");
	itest_close(c);

	for (size_t i = 0; i < 3; i++)
		last_sent = itest_get_int(itest_post(gus, room, missed[i]), "id");

	c = itest_login_user(w->srv, hana);
	reply = itest_call_ok(c, "sync", json_pack("{s:I}", "since", (json_int_t)last_seen));
	assert_msgs_have_bodies(itest_get(reply, "msgs"), missed, 3);
	assert_false(itest_get_bool(reply, "more"));
	assert_int_equal(itest_get_int(reply, "last_id"), last_sent);
	itest_close(c);
	itest_close(gus);
}

static void
sync_pages_with_more_and_last_id(void **state)
{
	struct chat_world *w = *state;
	static const char *const bodies[] = { "p1", "p2", "p3", "p4", "p5" };
	struct itest_client *c = itest_person_online(w->srv, "ian", "south-west");
	json_int_t since = itest_get_int(itest_post(c, "region:south-west", "before"), "id");
	const json_t *reply;

	for (size_t i = 0; i < 5; i++)
		itest_post(c, "region:south-west", bodies[i]);
	for (size_t first = 0; first < 5; first += 2) {
		size_t count = first + 2 <= 5 ? 2 : 5 - first;

		reply = itest_call_ok(c, "sync", json_pack("{s:I, s:i}",
		    "since", (json_int_t)since, "limit", 2));
		assert_msgs_have_bodies(itest_get(reply, "msgs"), bodies + first, count);
		assert_int_equal(itest_get_bool(reply, "more"), first + count < 5);
		since = itest_get_int(reply, "last_id");
		assert_int_equal(since, itest_get_int(json_array_get(itest_get(reply, "msgs"),
		    count - 1), "id"));
	}
	itest_close(c);
}

static void
rooms_list_counts_unread_and_mentions_until_room_read(void **state)
{
	struct chat_world *w = *state;
	const char *room = "region:south-east";
	struct itest_client *ivy = itest_person_online(w->srv, "ivy", "south-east");
	struct itest_client *jay = itest_person_online(w->srv, "jay", "south-east");
	json_int_t mention, last;
	const json_t *listed;

	itest_post(jay, room, "morning all");
	mention = itest_get_int(itest_post(jay, room, "@ivy can you look?"), "id");
	last = itest_get_int(itest_post(jay, room, "thanks"), "id");
	listed = itest_find_room(itest_call_ok(ivy, "rooms.list", NULL), room);
	assert_int_equal(itest_get_int(listed, "unread"), 3);
	assert_int_equal(itest_get_int(listed, "mentions"), 1);
	assert_int_equal(itest_get_int(listed, "last_id"), last);
	/* What jay wrote himself is not unread for him. */
	listed = itest_find_room(itest_call_ok(jay, "rooms.list", NULL), room);
	assert_int_equal(itest_get_int(listed, "unread"), 0);
	assert_int_equal(itest_get_int(listed, "read_upto"), last);

	assert_int_equal(itest_get_int(itest_call_ok(ivy, "room.read", json_pack("{s:s, s:I}",
	    "room", room, "upto", (json_int_t)mention)), "read_upto"), mention);
	listed = itest_find_room(itest_call_ok(ivy, "rooms.list", NULL), room);
	assert_int_equal(itest_get_int(listed, "unread"), 1);
	assert_int_equal(itest_get_int(listed, "mentions"), 0);
	assert_int_equal(itest_get_int(listed, "read_upto"), mention);
	itest_close(ivy);
	itest_close(jay);
}

static void
room_read_never_moves_the_marker_back(void **state)
{
	struct chat_world *w = *state;
	const char *room = "region:east-midlands";
	struct itest_client *c = itest_person_online(w->srv, "kai", "east-midlands");
	json_int_t older = itest_get_int(itest_post(c, room, "older"), "id");
	json_int_t newer = itest_get_int(itest_post(c, room, "newer"), "id");
	const json_t *reply;

	itest_call_ok(c, "room.read", json_pack("{s:s, s:I}", "room", room, "upto", newer));
	reply = itest_call_ok(c, "room.read", json_pack("{s:s, s:I}", "room", room, "upto", older));
	assert_int_equal(itest_get_int(reply, "read_upto"), newer);
	itest_close(c);
}

static void
a_mention_sends_the_named_person_a_mention_event(void **state)
{
	struct chat_world *w = *state;
	struct itest_client *lee = itest_person_online(w->srv, "lee", "north-east");
	struct itest_client *kit = itest_person_online(w->srv, "kit", "north-east");
	const json_t *sent = itest_post(kit, "region:north-east", "@lee have a look at this");
	const json_t *mention = itest_wait_event(lee, "mention");

	itest_assert_json_equal(itest_get(mention, "msg"), sent);
	itest_close(lee);
	itest_close(kit);
}

/* No message of the list came from this room. */
static void
assert_no_msg_in_room(const json_t *msgs, const char *room)
{
	for (size_t i = 0; i < json_array_size(msgs); i++)
		assert_string_not_equal(itest_get_str(json_array_get(msgs, i), "room"), room);
}

/* Waits for the event of this kind about this room, passing over others. */
static void
wait_room_event(struct itest_client *c, const char *ev, const char *path,
    const char *room)
{
	while (strcmp(itest_get_str(itest_wait_event(c, ev), path), room) != 0)
		continue;
}

/*
 * An operator moves a person to another region while two of their sessions
 * are open: both are told (me, room, room_gone), and from then on the old
 * region's room is shut to them (posting, history, live events, sync and
 * search) while the new one works, live events included.
 */
static void
a_region_change_moves_open_sessions_to_the_new_region_room(void **state)
{
	struct chat_world *w = *state;
	const struct itest_user *ula = itest_user_add(w->srv, "ula", "london", NULL);
	struct itest_client *s1 = itest_login_user(w->srv, ula);
	struct itest_client *s2 = itest_login_user(w->srv, ula);
	struct itest_client *lon = itest_person_online(w->srv, "lon", "london");
	struct itest_client *nwn = itest_person_online(w->srv, "nwn", "north-west");
	const json_t *ev, *reply;
	json_int_t since;

	since = itest_get_int(itest_post(lon, "region:london", "quokka before the move"), "id");
	itest_wait_msg_from(s1, "lon");
	itest_wait_msg_from(s2, "lon");

	itest_ctl_ok(w->srv, NULL, NULL, 0, "user", "set", "ula", "--region", "north-west",
	    NULL);
	ev = itest_wait_event(s1, "me");
	assert_string_equal(itest_get_str(ev, "me.region"), "north-west");
	assert_string_equal(itest_get_str(itest_wait_event(s2, "me"), "me.region"),
	    "north-west");
	wait_room_event(s1, "room", "room.id", "region:north-west");
	wait_room_event(s1, "room_gone", "room", "region:london");
	wait_room_event(s2, "room_gone", "room", "region:london");

	itest_call_error(s1, "room.send", json_pack("{s:s, s:s}", "room", "region:london",
	    "body", "still here?"), "forbidden");
	itest_call_error(s2, "room.send", json_pack("{s:s, s:s}", "room", "region:london",
	    "body", "still here?"), "forbidden");
	itest_call_error(s1, "room.history", json_pack("{s:s}", "room", "region:london"),
	    "forbidden");
	itest_call_error(s1, "search", json_pack("{s:s, s:s}", "q", "quokka", "room",
	    "region:london"), "forbidden");
	assert_int_equal(json_array_size(itest_get(itest_call_ok(s1, "search",
	    json_pack("{s:s}", "q", "quokka")), "hits")), 0);

	/* London's next message reaches neither session; North West's does. */
	itest_post(lon, "region:london", "quokka after the move");
	itest_post(nwn, "region:north-west", "welcome ula");
	assert_string_equal(itest_get_str(itest_wait_msg_from(s1, "nwn"), "room"),
	    "region:north-west");
	assert_string_equal(itest_get_str(itest_wait_msg_from(s2, "nwn"), "room"),
	    "region:north-west");
	assert_int_equal(itest_unclaimed_events(s1, "msg"), 0);
	assert_int_equal(itest_unclaimed_events(s2, "msg"), 0);

	reply = itest_call_ok(s1, "sync", json_pack("{s:I}", "since", since - 1));
	assert_no_msg_in_room(itest_get(reply, "msgs"), "region:london");
	assert_int_equal(json_array_size(itest_get(reply, "msgs")), 1);
	itest_post(s2, "region:north-west", "thanks");
	assert_string_equal(itest_get_str(itest_wait_msg_from(nwn, "ula"), "body"), "thanks");
	assert_non_null(itest_room_in(itest_call_ok(s1, "rooms.list", NULL),
	    "region:north-west"));
	assert_null(itest_room_in(itest_call_ok(s1, "rooms.list", NULL), "region:london"));
	itest_close(s1);
	itest_close(s2);
	itest_close(lon);
	itest_close(nwn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(people_of_a_region_see_each_others_messages_live_and_in_order),
		cmocka_unit_test(replies_come_in_the_order_the_requests_were_sent),
		cmocka_unit_test(the_senders_other_session_receives_their_own_message),
		cmocka_unit_test(another_regions_room_is_forbidden_for_history),
		cmocka_unit_test(another_regions_room_is_forbidden_for_sending),
		cmocka_unit_test(a_room_that_does_not_exist_is_forbidden),
		cmocka_unit_test(rooms_list_gives_national_then_the_persons_region),
		cmocka_unit_test(room_info_gives_name_kind_and_how_many_belong),
		cmocka_unit_test(history_pages_go_back_with_before_and_say_when_there_is_more),
		cmocka_unit_test(sync_after_a_reconnect_returns_everything_missed_in_order),
		cmocka_unit_test(sync_pages_with_more_and_last_id),
		cmocka_unit_test(rooms_list_counts_unread_and_mentions_until_room_read),
		cmocka_unit_test(room_read_never_moves_the_marker_back),
		cmocka_unit_test(a_mention_sends_the_named_person_a_mention_event),
		cmocka_unit_test(a_region_change_moves_open_sessions_to_the_new_region_room),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests_name("chat", tests, chat_setup,
	    chat_teardown));
}
