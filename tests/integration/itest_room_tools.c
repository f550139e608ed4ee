/*
 * itest_room_tools.c: the moderators' room tools over real SSH (issue 19).
 * A locked room is read, not written in, by anyone; only the moderators of
 * its scope lock it, never a buddy chat's or a DM's; each act is an audit
 * row. And the guard's scan files what it finds into the queue.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "staffroom/proto.h"

struct tools_world {
	struct itest_server	*srv;
	const struct itest_user	*amy, *ben, *mo, *lon, *ada;
};

static struct tools_world world;

static int
tools_setup(void **state)
{
	struct tools_world *w = &world;

	w->srv = itest_server_new(itest_posting_unlimited);
	w->amy = itest_user_add(w->srv, "amy", "north-east", NULL);
	w->ben = itest_user_add(w->srv, "ben", "north-east", NULL);
	w->mo = itest_user_with_role(w->srv, "mo", "north-east", "moderator");
	w->lon = itest_user_with_role(w->srv, "lon", "london", "moderator");
	w->ada = itest_user_with_role(w->srv, "ada", "london", "admin");
	itest_server_start(w->srv);
	*state = w;
	return 0;
}

static int
tools_teardown(void **state)
{
	itest_server_free(world.srv);
	return 0;
}

/* Everyone online, with a buddy chat of amy's that ben accepted. */
struct tools_online {
	struct itest_client	*amy, *ben, *mo, *lon, *ada;
	char			 buddy[80];
};

static void
online(struct tools_world *w, struct tools_online *o, const char *pair)
{
	o->amy = itest_login_user(w->srv, w->amy);
	o->ben = itest_login_user(w->srv, w->ben);
	o->mo = itest_login_user(w->srv, w->mo);
	o->lon = itest_login_user(w->srv, w->lon);
	o->ada = itest_login_user(w->srv, w->ada);
	snprintf(o->buddy, sizeof o->buddy, "%s", itest_get_str(itest_call_ok(
	    o->amy, "buddy.create", json_pack("{s:s, s:[s]}", "name", pair,
	    "members", "ben")), "room.id"));
	itest_call_ok(o->ben, "buddy.accept", json_pack("{s:s}", "room",
	    o->buddy));
}

static void
offline(struct tools_online *o)
{
	itest_close(o->amy);
	itest_close(o->ben);
	itest_close(o->mo);
	itest_close(o->lon);
	itest_close(o->ada);
}

static const json_t *
queue(struct itest_client *c)
{
	return itest_get(itest_call_ok(c, "mod.queue", NULL), "entries");
}

static json_t *
lock(const char *room, bool locked)
{
	return json_pack("{s:s, s:b, s:s}", "room", room, "locked", locked,
	    "reason", "cooling off");
}

/* The next room event about this room (others, such as a buddy chat's, pass). */
static const json_t *
room_event(struct itest_client *c, const char *room)
{
	const json_t *ev;

	do
		ev = itest_wait_event(c, "room");
	while (strcmp(itest_get_str(ev, "room.id"), room) != 0);
	return ev;
}

static void
a_locked_room_is_read_not_written_in_by_anyone(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const char *ne = "region:north-east";
	const json_t *reply;
	json_int_t id;
	char out[4096];

	online(w, &o, "pair");
	id = itest_get_int(itest_post(o.amy, ne, "before the lock"), "id");

	/* Who may: the room's moderators and admins; never in a buddy chat. */
	itest_call_error(o.amy, "room.lock", lock(ne, true), "forbidden");
	itest_call_error(o.lon, "room.lock", lock(ne, true), "forbidden");
	itest_call_error(o.ada, "room.lock", lock(o.buddy, true), "forbidden");
	itest_call_error(o.mo, "room.lock", json_pack("{s:s, s:s}", "room", ne,
	    "locked", "yes"), "bad_request");
	itest_post(o.amy, ne, "still open");

	reply = itest_call_ok(o.mo, "room.lock", lock(ne, true));
	assert_true(itest_get_bool(reply, "room.locked"));
	assert_true(itest_get_bool(room_event(o.amy, ne), "room.locked"));
	itest_call_error(o.amy, "room.send", json_pack("{s:s, s:s}", "room", ne,
	    "body", "can I?"), "locked");
	itest_call_error(o.mo, "room.send", json_pack("{s:s, s:s}", "room", ne,
	    "body", "nor I"), "locked");
	itest_call_error(o.amy, "msg.edit", json_pack("{s:I, s:s}", "msg", id,
	    "body", "changed"), "locked");
	/* Read as ever; and listed as locked. */
	assert_true(json_array_size(itest_get(itest_history(o.ben, ne, 0, 0),
	    "msgs")) >= 2);
	assert_true(itest_get_bool(itest_find_room(itest_call_ok(o.ben,
	    "rooms.list", NULL), ne), "locked"));
	/* Other rooms are as they were. */
	itest_post(o.amy, "national", "elsewhere is open");

	itest_call_ok(o.ada, "room.lock", lock(ne, false));
	assert_null(itest_find(room_event(o.amy, ne), "room.locked"));
	itest_post(o.amy, ne, "open again");

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "search", "--actor",
	    "mo", NULL);
	assert_non_null(strstr(out, "room.lock"));
	assert_non_null(strstr(out, "cooling off"));
	offline(&o);
}

/*
 * Slow mode: one message per person every N seconds, set by the room's
 * moderators alone and kept across a restart; the moderators write at any
 * pace, and edits are not paced.
 */
static json_t *
slow(const char *room, json_int_t seconds)
{
	return json_pack("{s:s, s:I, s:s}", "room", room, "seconds", seconds,
	    "reason", "a heated thread");
}

static json_t *
say(const char *room, const char *body)
{
	return json_pack("{s:s, s:s}", "room", room, "body", body);
}

static void
slow_mode_paces_everyone_but_the_moderators(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	struct itest_client *amy, *mo;
	const char *ne = "region:north-east";
	const json_t *reply;
	json_int_t id, wait;
	char out[4096];

	online(w, &o, "slow pair");
	itest_call_error(o.amy, "room.slow", slow(ne, 60), "forbidden");
	itest_call_error(o.lon, "room.slow", slow(ne, 60), "forbidden");
	itest_call_error(o.ada, "room.slow", slow(o.buddy, 60), "forbidden");
	itest_call_error(o.mo, "room.slow", slow(ne, -1), "bad_request");
	itest_call_error(o.mo, "room.slow", slow(ne, 21601), "bad_request");

	reply = itest_call_ok(o.mo, "room.slow", slow(ne, 3600));
	assert_int_equal(itest_get_int(reply, "room.slow"), 3600);
	assert_int_equal(itest_get_int(room_event(o.amy, ne), "room.slow"), 3600);

	id = itest_get_int(itest_call_ok(o.amy, "room.send", say(ne, "first")),
	    "msg.id");
	reply = itest_call_error(o.amy, "room.send", say(ne, "second"),
	    "rate_limited");
	wait = itest_get_int(reply, "retry_after_ms");
	assert_true(wait > 0 && wait <= 3600 * 1000);
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "slow mode"));
	/* Per person, per room; edits are not new messages. */
	itest_call_ok(o.ben, "room.send", say(ne, "mine"));
	itest_call_ok(o.amy, "room.send", say("national", "elsewhere"));
	itest_call_ok(o.amy, "msg.edit", json_pack("{s:I, s:s}", "msg", id,
	    "body", "first, edited"));
	/* The moderators of the scope answer at any pace. */
	itest_call_ok(o.mo, "room.send", say(ne, "one"));
	itest_call_ok(o.mo, "room.send", say(ne, "two"));
	offline(&o);

	/* The setting outlives the daemon. */
	itest_server_stop(w->srv);
	itest_server_start(w->srv);
	amy = itest_login_user(w->srv, w->amy);
	mo = itest_login_user(w->srv, w->mo);
	assert_int_equal(itest_get_int(itest_find_room(itest_call_ok(amy,
	    "rooms.list", NULL), ne), "slow"), 3600);
	reply = itest_call_ok(mo, "room.slow", slow(ne, 0));
	assert_null(itest_find(reply, "room.slow"));
	assert_null(itest_find(room_event(amy, ne), "room.slow"));
	itest_call_ok(amy, "room.send", say(ne, "free again"));
	itest_call_ok(amy, "room.send", say(ne, "and again"));

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "search", "--actor",
	    "mo", NULL);
	assert_non_null(strstr(out, "room.slow"));
	assert_non_null(strstr(out, "a heated thread"));
	itest_close(amy);
	itest_close(mo);
}

/*
 * Announcement-only rooms take new messages from the moderators of their
 * scope alone; a pinned announcement comes with the room to everyone, in
 * rooms.list, room.info and a room event, and outlives a restart.
 */
static json_t *
announce(const char *room, bool only)
{
	return json_pack("{s:s, s:b}", "room", room, "only", only);
}

static json_t *
pin(const char *room, const char *body)
{
	return json_pack("{s:s, s:s}", "room", room, "body", body);
}

static void
announcements_come_from_the_moderators(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const char *ne = "region:north-east";
	const char *text = "Network meeting moved to Thursday 4pm, room 12";
	const json_t *reply, *room;
	json_int_t id;
	char out[4096], big[PROTO_MAX_PIN + 2];

	online(w, &o, "news pair");
	id = itest_get_int(itest_call_ok(o.amy, "room.send", say(ne,
	    "before the news")), "msg.id");
	itest_call_error(o.amy, "room.announce", announce(ne, true),
	    "forbidden");
	itest_call_error(o.lon, "room.announce", announce(ne, true),
	    "forbidden");
	itest_call_error(o.ada, "room.announce", announce(o.buddy, true),
	    "forbidden");
	itest_call_error(o.amy, "room.pin", pin(ne, text), "forbidden");
	itest_call_error(o.lon, "room.pin", pin(ne, text), "forbidden");
	itest_call_error(o.ada, "room.pin", pin(o.buddy, text), "forbidden");
	itest_call_error(o.amy, "room.unpin", json_pack("{s:s}", "room", ne),
	    "forbidden");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	itest_call_error(o.mo, "room.pin", pin(ne, big), "too_long");
	/* A pin is text people read: the pupil-data guard looks at it. */
	itest_call_error(o.mo, "room.pin", pin(ne, "UPN L201234567890"),
	    "personal_data_suspected");

	reply = itest_call_ok(o.mo, "room.announce", announce(ne, true));
	assert_true(itest_get_bool(reply, "room.announce_only"));
	assert_true(itest_get_bool(room_event(o.amy, ne), "room.announce_only"));
	reply = itest_call_error(o.amy, "room.send", say(ne, "may I?"),
	    "announce_only");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "announcements"));
	/* Edits of what was said before are not new messages. */
	itest_call_ok(o.amy, "msg.edit", json_pack("{s:I, s:s}", "msg", id,
	    "body", "before the news, edited"));
	itest_call_ok(o.amy, "room.send", say("national", "elsewhere"));
	itest_call_ok(o.mo, "room.send", say(ne, "From the network lead"));

	reply = itest_call_ok(o.mo, "room.pin", pin(ne, text));
	assert_string_equal(itest_get_str(reply, "room.pinned.text"), text);
	room = room_event(o.amy, ne);
	assert_string_equal(itest_get_str(room, "room.pinned.text"), text);
	assert_string_equal(itest_get_str(room, "room.pinned.by"), "mo");
	assert_string_equal(itest_get_str(itest_call_ok(o.ben, "room.info",
	    json_pack("{s:s}", "room", ne)), "room.pinned.text"), text);
	offline(&o);

	itest_server_stop(w->srv);
	itest_server_start(w->srv);
	online(w, &o, "news pair again");
	room = itest_find_room(itest_call_ok(o.ben, "rooms.list", NULL), ne);
	assert_string_equal(itest_get_str(room, "pinned.text"), text);
	assert_true(itest_get_bool(room, "announce_only"));
	itest_call_error(o.ben, "room.send", say(ne, "still?"), "announce_only");

	itest_call_ok(o.ada, "room.announce", announce(ne, false));
	assert_null(itest_find(room_event(o.amy, ne), "room.announce_only"));
	itest_call_ok(o.ben, "room.send", say(ne, "open again"));
	reply = itest_call_ok(o.mo, "room.unpin", json_pack("{s:s}", "room",
	    ne));
	assert_null(itest_find(reply, "room.pinned"));
	assert_null(itest_find(room_event(o.amy, ne), "room.pinned"));

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "search", "--actor",
	    "mo", NULL);
	assert_non_null(strstr(out, "room.announce"));
	assert_non_null(strstr(out, "room.pin"));
	assert_non_null(strstr(out, "room.unpin"));
	offline(&o);
}

/*
 * The operator's twins (staffroomctl room lock|slow|announce|pin) set what
 * the ops set, hold for the next message without a restart, refuse private
 * rooms, and are audit rows.
 */
static void
the_operator_scripts_the_room_tools(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const char *nat = "national";
	const json_t *room;
	char out[4096];

	online(w, &o, "ctl pair");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "lock", nat, "--reason",
	    "end of term", NULL);
	itest_call_error(o.amy, "room.send", say(nat, "hello?"), "locked");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "lock", nat, "--off", NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "announce", nat, NULL);
	itest_call_error(o.amy, "room.send", say(nat, "hello?"),
	    "announce_only");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "announce", nat, "--off",
	    NULL);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "slow", nat, "600", NULL);
	itest_call_ok(o.amy, "room.send", say(nat, "once"));
	itest_call_error(o.amy, "room.send", say(nat, "twice"), "rate_limited");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "slow", nat, "0", NULL);
	itest_call_ok(o.amy, "room.send", say(nat, "twice"));
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "pin", nat,
	    "Staffroom is down for an upgrade on Saturday", NULL);
	room = itest_find_room(itest_call_ok(o.ben, "rooms.list", NULL), nat);
	assert_string_equal(itest_get_str(room, "pinned.text"),
	    "Staffroom is down for an upgrade on Saturday");
	assert_null(itest_find(room, "pinned.by"));
	itest_ctl_ok(w->srv, NULL, NULL, 0, "room", "pin", nat, "--off", NULL);
	assert_null(itest_find(itest_find_room(itest_call_ok(o.ben,
	    "rooms.list", NULL), nat), "pinned"));

	/* Refused: a private room, no such room, bad values, pupil data. */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "room", "lock",
	    o.buddy, NULL), 1);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "room", "lock",
	    "region:atlantis", NULL), 1);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "room", "slow", nat,
	    "21601", NULL), 2);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "room", "pin", nat,
	    NULL), 2);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "room", "pin", nat,
	    "UPN L201234567890", NULL), 1);
	itest_call_ok(o.amy, "room.send", say(nat, "all open"));

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "10", NULL);
	assert_non_null(strstr(out, "room lock"));
	assert_non_null(strstr(out, "end of term"));
	assert_non_null(strstr(out, "room slow"));
	assert_non_null(strstr(out, "room announce"));
	assert_non_null(strstr(out, "room pin"));
	offline(&o);
}

/* amy's session ends, and so does her next login, saying why. */
static void
amy_shut_out(struct tools_world *w, struct itest_client *amy,
    const char *reason, const char *message)
{
	struct itest_client *again;
	const json_t *bye;

	itest_wait_closed(amy);
	itest_close(amy);
	again = itest_login_unread(w->srv, w->amy);
	bye = itest_wait_event(again, "bye");
	assert_string_equal(itest_get_str(bye, "reason"), reason);
	assert_string_equal(itest_get_str(bye, "message"), message);
	itest_wait_closed(again);
	itest_close(again);
}

/*
 * The operator's queue: report list shows every scope's open entries,
 * report close dismisses one (its reporter hears "no action" at the next
 * login), and unban lets a banned person sign in again. Audit rows.
 */
static void
the_operator_works_the_queue(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const char *ne = "region:north-east";
	json_int_t msg, entry;
	char out[4096], id[24];

	online(w, &o, "queue pair");
	msg = itest_get_int(itest_call_ok(o.amy, "room.send", say(ne,
	    "something rude")), "msg.id");
	itest_call_ok(o.ben, "msg.report", json_pack("{s:I, s:s, s:s}", "msg",
	    msg, "kind", "abusive", "reason", "rude to a colleague"));
	entry = itest_get_int(json_array_get(queue(o.mo), 0), "id");
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "report", "list", NULL);
	assert_non_null(strstr(out, "ben: rude to a colleague"));
	assert_non_null(strstr(out, "region:north-east"));
	snprintf(id, sizeof id, "%lld", (long long)entry);
	itest_close(o.ben);
	itest_ctl_ok(w->srv, NULL, NULL, 0, "report", "close", id, "--reason",
	    "a misunderstanding", NULL);
	assert_int_equal(json_array_size(queue(o.mo)), 0);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "report", "close",
	    id, NULL), 1);
	o.ben = itest_login_user(w->srv, w->ben);
	assert_string_equal(itest_get_str(itest_wait_event(o.ben, "report"),
	    "report.outcome"), "no_action");

	/* A ban by the region's moderator, lifted by the operator. */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "unban", "amy", NULL),
	    1);
	itest_call_ok(o.ben, "msg.report", json_pack("{s:I, s:s}", "msg", msg,
	    "reason", "again"));
	itest_call_ok(o.mo, "mod.resolve", json_pack("{s:I, s:s, s:s}", "entry",
	    itest_get_int(json_array_get(queue(o.mo), 0), "id"), "action",
	    "ban", "reason", "repeatedly rude"));
	amy_shut_out(w, o.amy, "banned", "repeatedly rude");
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "unban", "amy", NULL);
	assert_non_null(strstr(out, "amy may sign in again"));
	o.amy = itest_login_user(w->srv, w->amy);
	itest_call_ok(o.amy, "room.send", say("national", "back, and sorry"));

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "5", NULL);
	assert_non_null(strstr(out, "report close"));
	assert_non_null(strstr(out, "unban"));
	offline(&o);
}

/*
 * The operator's sanctions: a mute refuses what the person writes at once,
 * with the reason; a suspension ends their sessions and their next login,
 * until unban; a ban the same. Admins are not sanctioned from here, and a
 * reason with pupil data is refused. Each an audit row.
 */
static void
the_operator_sanctions_and_lifts(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const json_t *reply;
	char out[4096];

	online(w, &o, "sanction pair");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mute", "ben", "--minutes", "30",
	    "--reason", "a break from the national room", NULL);
	reply = itest_call_error(o.ben, "room.send", say("national", "hm"),
	    "muted");
	assert_non_null(strstr(itest_get_str(reply, "error.message"),
	    "a break from the national room"));
	assert_true(itest_get_int(reply, "error.until") > 0);

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "suspend", "amy",
	    "--minutes", "60", "--reason", "an hour away", NULL);
	assert_non_null(strstr(out, "amy: 1 session ended"));
	amy_shut_out(w, o.amy, "suspended", "an hour away");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "unban", "amy", NULL);
	o.amy = itest_login_user(w->srv, w->amy);

	itest_ctl_ok(w->srv, NULL, NULL, 0, "ban", "amy", "--reason",
	    "for good", NULL);
	amy_shut_out(w, o.amy, "banned", "for good");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "unban", "amy", NULL);
	o.amy = itest_login_user(w->srv, w->amy);

	/* Refused: an admin, no reason, a bad length, pupil data. */
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "ban", "ada",
	    "--reason", "no", NULL), 1);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "ban", "amy", NULL),
	    2);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "mute", "amy",
	    "--minutes", "0", "--reason", "x", NULL), 2);
	assert_int_equal(itest_ctl(w->srv, NULL, NULL, 0, "ban", "amy",
	    "--reason", "about UPN L201234567890", NULL), 1);
	itest_call_ok(o.amy, "room.send", say("national", "still here"));

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "10", NULL);
	assert_non_null(strstr(out, "mute"));
	assert_non_null(strstr(out, "suspend"));
	assert_non_null(strstr(out, "ban"));
	offline(&o);
}

/* The newest mute of ben's in force, as his moderators' console reads it. */
static json_int_t
bens_mute(struct itest_client *c)
{
	const json_t *s;
	size_t i;

	json_array_foreach(itest_get(itest_call_ok(c, "admin.person",
	    json_pack("{s:s}", "handle", "ben")), "person.sanctions"), i, s) {
		if (strcmp(itest_get_str(s, "kind"), "mute") == 0 &&
		    itest_find(s, "lifted") == NULL)
			return itest_get_int(s, "id");
	}
	fail_msg("ben has no mute in force");
	return 0;
}

/*
 * An operator's mute (no report behind it) is lifted early by staffroomctl
 * unmute, or by a moderator of the person's region with mod.lift, as the
 * console's People tab does: not by one of another region, nor a member.
 */
static void
an_operators_mute_is_lifted_early(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const json_t *ev;
	json_int_t id;
	char out[4096];

	online(w, &o, "lift pair");
	itest_ctl_ok(w->srv, NULL, NULL, 0, "mute", "ben", "--minutes", "600",
	    "--reason", "a long break", NULL);
	itest_call_error(o.ben, "room.send", say("national", "hm"), "muted");
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "unmute", "ben", NULL);
	assert_non_null(strstr(out, "ben may write again"));
	itest_call_ok(o.ben, "room.send", say("national", "thanks"));
	assert_int_equal(itest_ctl(w->srv, NULL, out, sizeof out, "unmute",
	    "ben", NULL), 1);

	itest_ctl_ok(w->srv, NULL, NULL, 0, "mute", "ben", "--minutes", "600",
	    "--reason", "another break", NULL);
	id = bens_mute(o.mo);
	itest_call_error(o.amy, "mod.lift", json_pack("{s:I}", "sanction", id),
	    "forbidden");
	itest_call_error(o.lon, "mod.lift", json_pack("{s:I}", "sanction", id),
	    "not_found");
	itest_call_ok(o.mo, "mod.lift", json_pack("{s:I}", "sanction", id));
	/* Mutes told at login come first. */
	do
		ev = itest_wait_event(o.ben, "sanction");
	while (itest_get_int(ev, "sanction.id") != id);
	assert_non_null(itest_find(ev, "sanction.lifted"));
	itest_call_ok(o.ben, "room.send", say("national", "thanks again"));
	itest_call_error(o.mo, "mod.lift", json_pack("{s:I}", "sanction", id),
	    "not_found");

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "3", NULL);
	assert_non_null(strstr(out, "mod.lift"));
	assert_non_null(strstr(out, "not from a report"));
	offline(&o);
}

/*
 * staffroomctl guard scan files what it flags in shared rooms and boards
 * into the queue of each item's scope, as the guard's report (no person
 * behind it), once: a rerun files nothing twice, whether the entry is open
 * or resolved. DMs are only counted. Resolving tells the people who
 * reported, never the guard (issue 15). The texts are stored before the
 * guard looked at them, as when a server is upgraded.
 */
static const char scan_sql[] =
    "INSERT INTO rooms (ref, kind, name, created_ms)"
    "    VALUES ('dm:900', 4, '', 0);"
    "INSERT INTO messages (room_id, user_id, body, ts)"
    "    SELECT r.id, u.id, b.body, 0 FROM rooms r, users u,"
    "    (SELECT 'region:north-east' AS ref,"
    "    'UPN L201234567890 for the review' AS body"
    "    UNION ALL SELECT 'region:north-east', 'meeting 12/03/2026 at 10:30'"
    "    UNION ALL SELECT 'dm:900', 'NHS 943 476 5919') b"
    "    WHERE r.ref = b.ref AND u.handle = 'amy';";

static void
the_guard_files_what_it_finds_once(void **state)
{
	struct tools_world *w = *state;
	struct tools_online o;
	const json_t *entries, *report;
	char out[4096];
	json_int_t entry, msg;

	itest_sql(w->srv, scan_sql);
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "guard", "scan", NULL);
	assert_non_null(strstr(out, "region:north-east\tupn\tfiled"));
	assert_null(strstr(out, "dm:900"));
	assert_int_equal(itest_ctl_log_count(w->srv, "1 filed in the "
	    "moderators' queue now), 1 in DMs"), 1);

	online(w, &o, "scan pair");

	/* The region's moderators and the admins see it; London's do not. */
	assert_int_equal(json_array_size(queue(o.lon)), 0);
	assert_int_equal(json_array_size(queue(o.ada)), 1);
	entries = queue(o.mo);
	assert_int_equal(json_array_size(entries), 1);
	entry = itest_get_int(json_array_get(entries, 0), "id");
	msg = itest_get_int(json_array_get(entries, 0), "msg.id");
	assert_string_equal(itest_get_str(json_array_get(entries, 0),
	    "msg.body"), "UPN L201234567890 for the review");
	report = json_array_get(itest_get(json_array_get(entries, 0),
	    "reports"), 0);
	assert_string_equal(itest_get_str(report, "source"), "guard");
	assert_null(itest_find(report, "from"));
	assert_string_equal(itest_get_str(report, "kind"), "pupil_information");
	assert_non_null(strstr(itest_get_str(report, "reason"), "a UPN"));
	/* The kind, never the identifier. */
	assert_null(strstr(itest_get_str(report, "reason"), "L201234567890"));

	/* A person's report joins the guard's in the same entry. */
	itest_call_ok(o.ben, "msg.report", json_pack("{s:I, s:s}", "msg", msg,
	    "reason", "a pupil's number"));
	entries = queue(o.mo);
	assert_int_equal(json_array_size(entries), 1);
	assert_int_equal(json_array_size(itest_get(json_array_get(entries, 0),
	    "reports")), 2);

	/* A rerun, the entry open: nothing new. */
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "guard", "scan", NULL);
	assert_non_null(strstr(out, "upn\tfiled before"));
	assert_int_equal(json_array_size(queue(o.mo)), 1);

	/* Resolved: ben hears of it; the guard has nobody to tell. */
	itest_call_ok(o.mo, "mod.resolve", json_pack("{s:I, s:s, s:s}",
	    "entry", entry, "action", "warn", "reason",
	    "no pupil numbers here, please"));
	assert_string_equal(itest_get_str(itest_wait_event(o.ben, "report"),
	    "report.outcome"), "action_taken");
	assert_string_equal(itest_get_str(itest_wait_event(o.amy, "sanction"),
	    "sanction.kind"), "warn");

	/* A rerun, the entry resolved (the message still shown): nothing new. */
	itest_ctl_ok(w->srv, NULL, out, sizeof out, "guard", "scan", NULL);
	assert_null(strstr(out, "\tfiled\n"));
	assert_int_equal(json_array_size(queue(o.mo)), 0);
	assert_int_equal(json_array_size(queue(o.ada)), 0);

	itest_ctl_ok(w->srv, NULL, out, sizeof out, "audit", "tail", "5", NULL);
	assert_non_null(strstr(out, "guard scan"));
	offline(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_locked_room_is_read_not_written_in_by_anyone),
		cmocka_unit_test(the_guard_files_what_it_finds_once),
		cmocka_unit_test(slow_mode_paces_everyone_but_the_moderators),
		cmocka_unit_test(announcements_come_from_the_moderators),
		cmocka_unit_test(the_operator_scripts_the_room_tools),
		cmocka_unit_test(the_operator_works_the_queue),
		cmocka_unit_test(the_operator_sanctions_and_lifts),
		cmocka_unit_test(an_operators_mute_is_lifted_early),
	};

	itest_init();
	return itest_finish(cmocka_run_group_tests(tests, tools_setup,
	    tools_teardown));
}
